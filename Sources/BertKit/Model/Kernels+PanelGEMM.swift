import CBertKernels

/// The right-hand operand B (depth K x columns N) of a panel GEMM, read as panels of 32 columns.
///
/// A packed weight (`PanelLayout.pack`) has `rowStride` 32 and `panelStride` K * 32: each panel is K x 32
/// contiguous floats, so one weight streams through memory exactly once per call. A plain row-major (K, N)
/// matrix with leading dimension `ld` has `rowStride` ld and `panelStride` 32. B is read 32 floats at a time:
/// the memory behind a ragged last panel must be readable.
struct PanelOperand {
    /// B[0][0].
    let base: UnsafePointer<Float>
    /// K, the summed dimension.
    let depth: Int
    /// N, the number of output columns.
    let columns: Int
    /// Floats from B[k][j] to B[k + 1][j] inside one panel.
    let rowStride: Int
    /// Floats from the start of panel p to the start of panel p + 1.
    let panelStride: Int

    /// A weight packed by `PanelLayout.pack` with `columns` outputs and `depth` inputs.
    static func packed(_ base: UnsafePointer<Float>, columns: Int, depth: Int) -> PanelOperand {
        PanelOperand(
            base: base, depth: depth, columns: columns, rowStride: PanelLayout.width,
            panelStride: depth * PanelLayout.width)
    }

    /// Number of 32-column panels, the last one possibly ragged.
    var panelCount: Int { (columns + PanelLayout.width - 1) / PanelLayout.width }
}

/// What happens to each finished value of A B at (row r, column j) on its way to C.
enum Epilogue {
    /// C = A B.
    case store
    /// C = s (A B).
    case scale(Float)
    /// C = A B + bias[j]; HF's nn.Linear.
    case bias(UnsafePointer<Float>)
    /// C = gelu(A B + bias[j]); BertIntermediate.
    case biasGELU(UnsafePointer<Float>)
    /// C = (A B + bias[j]) + residual[r][j]; the sum BertSelfOutput and BertOutput normalise.
    case biasResidual(UnsafePointer<Float>, residual: UnsafePointer<Float>, stride: Int)
}

/// The panel layout of dense weights, and the typed front of CBertKernels' panel GEMM.
enum PanelLayout {
    /// Columns per panel: the width of CBertKernels' register tile, which its kernels hard-code.
    static let width = Int(CBK_PANEL_WIDTH)

    /// Floats a packed (outputs x inputs) weight takes, the last panel padded with zeros.
    static func packedCount(outputs n: Int, inputs k: Int) -> Int {
        (n + width - 1) / width * width * k
    }

    /// Packs `n` rows of length `k` (HF's (out, in) dense weight; `row(r)` finds row r, so several tensors
    /// can be concatenated) into panels: panel p holds B[k][j] = row(p * 32 + j)[k] for k in 0..<K,
    /// j in 0..<32, zero past row `n`.
    static func pack(
        count n: Int, length k: Int, into out: UnsafeMutablePointer<Float>, row: (Int) -> UnsafePointer<Float>
    ) {
        let panels = (n + width - 1) / width
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: width) { sources in
            for p in 0..<panels {
                let panel = out + p * k * width
                let present = min(width, n - p * width)
                for j in 0..<present { sources[j] = row(p * width + j) }
                // k outer, j inner: the 32 source rows are read in step (a few cache lines each) and the
                // panel is written front to back.
                for kk in 0..<k {
                    let dst = panel + kk * width
                    for j in 0..<present { dst[j] = sources[j][kk] }
                    for j in present..<width { dst[j] = 0 }
                }
            }
        }
    }

    /// C (rows x the columns of `panels`) = epilogue(A B), A (rows x K) with leading dimension `lda`,
    /// C with leading dimension `ldc`.
    static func multiply(
        a: UnsafePointer<Float>, lda: Int, rows: Int, b: PanelOperand, panels: Range<Int>,
        c: UnsafeMutablePointer<Float>, ldc: Int, epilogue: Epilogue
    ) {
        var code = CBK_EPILOGUE_STORE
        var scale: Float = 1
        var bias = a
        var residual = a
        var residualStride = 0
        switch epilogue {
        case .store:
            break
        case .scale(let s):
            (code, scale) = (CBK_EPILOGUE_SCALE, s)
        case .bias(let b):
            (code, bias) = (CBK_EPILOGUE_BIAS, b)
        case .biasGELU(let b):
            (code, bias) = (CBK_EPILOGUE_BIAS_GELU, b)
        case .biasResidual(let b, let r, let stride):
            (code, bias, residual, residualStride) = (CBK_EPILOGUE_BIAS_RESIDUAL, b, r, stride)
        }
        cbk_panel_gemm(
            a, lda, rows, b.base, b.depth, b.columns, b.rowStride, b.panelStride, panels.lowerBound,
            panels.upperBound, c, ldc, code, scale, bias, residual, residualStride)
    }
}
