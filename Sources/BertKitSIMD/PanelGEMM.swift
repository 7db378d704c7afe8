/// The right-hand operand B (depth K x columns N) of a panel GEMM, read as panels of 32 columns.
///
/// A packed weight (see `PanelGEMM.pack`) has `rowStride` 32 and `panelStride` K * 32: each panel is K x 32
/// contiguous floats, so one weight streams through memory exactly once per call. A plain row-major (K, N)
/// matrix with leading dimension `ld` (e.g. the value vectors inside the QKV buffer) has `rowStride` ld and
/// `panelStride` 32. Loads are always 32 floats wide: the memory behind a ragged last panel must be readable.
public struct PanelOperand {
    /// B[0][0].
    public let base: UnsafePointer<Float>
    /// K, the summed dimension.
    public let depth: Int
    /// N, the number of output columns.
    public let columns: Int
    /// Floats from B[k][j] to B[k + 1][j] inside one panel.
    public let rowStride: Int
    /// Floats from the start of panel p to the start of panel p + 1.
    public let panelStride: Int

    /// An operand from its layout.
    public init(base: UnsafePointer<Float>, depth: Int, columns: Int, rowStride: Int, panelStride: Int) {
        self.base = base
        self.depth = depth
        self.columns = columns
        self.rowStride = rowStride
        self.panelStride = panelStride
    }

    /// A weight packed by `PanelGEMM.pack` with `columns` outputs and `depth` inputs.
    public static func packed(_ base: UnsafePointer<Float>, columns: Int, depth: Int) -> PanelOperand {
        PanelOperand(base: base, depth: depth, columns: columns, rowStride: PanelGEMM.width, panelStride: depth * PanelGEMM.width)
    }

    /// Number of 32-column panels, the last one possibly ragged.
    public var panelCount: Int { (columns + PanelGEMM.width - 1) / PanelGEMM.width }
}

/// What happens to each finished tile of A * B on its way to C (column j, row r).
public enum Epilogue {
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

/// C = A B for short A (a few to a few hundred token rows) against a B packed once at load.
///
/// Register tile: 8 rows of A x one 32-column panel (16 accumulators of 16 floats); every B value loaded
/// is used for 8 rows, every A value broadcast into 32 columns. The loop runs panel by panel, so each panel
/// is read from memory once and then from L1/L2 for the remaining row tiles: with a few tokens this streams
/// the weight at memory speed instead of re-packing it per call as a general BLAS does.
public enum PanelGEMM {
    /// Columns per panel.
    public static let width = 32

    /// Floats a packed (outputs x inputs) weight takes, the last panel padded with zeros.
    public static func packedCount(outputs n: Int, inputs k: Int) -> Int {
        (n + width - 1) / width * width * k
    }

    /// Packs `n` rows of length `k` (row r at `rows + r * rowStride`: HF's (out, in) dense weight, or the key
    /// vectors of one head) into panels: panel p holds B[k][j] = row(p * 32 + j)[k] for k in 0..<K, j in 0..<32,
    /// zero past row `n`.
    public static func pack(
        rows: UnsafePointer<Float>, rowStride: Int, count n: Int, length k: Int, into out: UnsafeMutablePointer<Float>
    ) {
        pack(count: n, length: k, into: out) { rows + $0 * rowStride }
    }

    /// `pack`, with rows found by `row` (e.g. rows of several tensors concatenated).
    @inline(__always)
    public static func pack(
        count n: Int, length k: Int, into out: UnsafeMutablePointer<Float>, row: (Int) -> UnsafePointer<Float>
    ) {
        let panels = (n + width - 1) / width
        for p in 0..<panels {
            let panel = out + p * k * width
            for j in 0..<width {
                let r = p * width + j
                if r < n {
                    let src = row(r)
                    for kk in 0..<k { panel[kk * width + j] = src[kk] }
                } else {
                    for kk in 0..<k { panel[kk * width + j] = 0 }
                }
            }
        }
    }

    /// C (rows x columns of `panels`) = epilogue(A (rows x K, leading dimension `lda`) B), for the panels
    /// `panels` of `b` only (a thread's share). C has leading dimension `ldc`.
    public static func multiply(
        a: UnsafePointer<Float>, lda: Int, rows m: Int, b: PanelOperand, panels: Range<Int>,
        c: UnsafeMutablePointer<Float>, ldc: Int, epilogue: Epilogue
    ) {
        // The accumulators of one tile pass through this stack buffer (it stays in L1) to the epilogue.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * width) { buffer in
            guard let tile = buffer.baseAddress else { return }
            for p in panels {
                let column = p * width
                let valid = min(width, b.columns - column)
                let panel = b.base + p * b.panelStride
                var r = 0
                while r < m {
                    let rows = min(m - r, 8)
                    if rows > 4 {
                        tile8(a: a + r * lda, lda: lda, rows: rows, depth: b.depth, b: panel, ldb: b.rowStride, tile: tile)
                    } else {
                        tile4(a: a + r * lda, lda: lda, rows: rows, depth: b.depth, b: panel, ldb: b.rowStride, tile: tile)
                    }
                    write(tile: tile, rows: rows, c: c, row: r, ldc: ldc, column: column, valid: valid, epilogue: epilogue)
                    r += rows
                }
            }
        }
    }

    /// Applies the epilogue to a finished tile (`rows` x 32, row stride 32) and writes its `valid` columns to
    /// C at (`row`, `column`).
    static func write(
        tile: UnsafePointer<Float>, rows: Int, c: UnsafeMutablePointer<Float>, row: Int, ldc: Int, column: Int,
        valid: Int, epilogue: Epilogue
    ) {
        for r in 0..<rows {
            var half = 0
            while half < valid {
                let n = min(16, valid - half), j = column + half
                let full = n == 16
                var v = load(tile + r * width + half)
                switch epilogue {
                case .store:
                    break
                case .scale(let s):
                    v *= s
                case .bias(let bias):
                    v += full ? load(bias + j) : loadPartial(bias + j, n)
                case .biasGELU(let bias):
                    v = geluVector(v + (full ? load(bias + j) : loadPartial(bias + j, n)))
                case .biasResidual(let bias, let residual, let stride):
                    let res = residual + (row + r) * stride + j
                    v = (v + (full ? load(bias + j) : loadPartial(bias + j, n))) + (full ? load(res) : loadPartial(res, n))
                }
                let dst = c + (row + r) * ldc + j
                if full { store(v, dst) } else { storePartial(v, dst, n) }
                half += 16
            }
        }
    }

    /// Accumulates up to 8 rows (`rows` 1...8; missing rows re-read row 0) x one panel into `tile` (8 x 32).
    static func tile8(
        a: UnsafePointer<Float>, lda: Int, rows: Int, depth k: Int, b: UnsafePointer<Float>, ldb: Int,
        tile: UnsafeMutablePointer<Float>
    ) {
        let a0 = a
        let a1 = rows > 1 ? a + lda : a
        let a2 = rows > 2 ? a + 2 * lda : a
        let a3 = rows > 3 ? a + 3 * lda : a
        let a4 = rows > 4 ? a + 4 * lda : a
        let a5 = rows > 5 ? a + 5 * lda : a
        let a6 = rows > 6 ? a + 6 * lda : a
        let a7 = rows > 7 ? a + 7 * lda : a
        var c00 = Float16x(), c01 = Float16x(), c10 = Float16x(), c11 = Float16x()
        var c20 = Float16x(), c21 = Float16x(), c30 = Float16x(), c31 = Float16x()
        var c40 = Float16x(), c41 = Float16x(), c50 = Float16x(), c51 = Float16x()
        var c60 = Float16x(), c61 = Float16x(), c70 = Float16x(), c71 = Float16x()
        var bp = b
        var kk = 0
        while kk < k {
            let b0 = load(bp), b1 = load(bp + 16)
            var s = Float16x(repeating: a0[kk])
            c00 = c00.addingProduct(s, b0)
            c01 = c01.addingProduct(s, b1)
            s = Float16x(repeating: a1[kk])
            c10 = c10.addingProduct(s, b0)
            c11 = c11.addingProduct(s, b1)
            s = Float16x(repeating: a2[kk])
            c20 = c20.addingProduct(s, b0)
            c21 = c21.addingProduct(s, b1)
            s = Float16x(repeating: a3[kk])
            c30 = c30.addingProduct(s, b0)
            c31 = c31.addingProduct(s, b1)
            s = Float16x(repeating: a4[kk])
            c40 = c40.addingProduct(s, b0)
            c41 = c41.addingProduct(s, b1)
            s = Float16x(repeating: a5[kk])
            c50 = c50.addingProduct(s, b0)
            c51 = c51.addingProduct(s, b1)
            s = Float16x(repeating: a6[kk])
            c60 = c60.addingProduct(s, b0)
            c61 = c61.addingProduct(s, b1)
            s = Float16x(repeating: a7[kk])
            c70 = c70.addingProduct(s, b0)
            c71 = c71.addingProduct(s, b1)
            bp += ldb
            kk += 1
        }
        store(c00, tile + 0)
        store(c01, tile + 16)
        store(c10, tile + 32)
        store(c11, tile + 48)
        store(c20, tile + 64)
        store(c21, tile + 80)
        store(c30, tile + 96)
        store(c31, tile + 112)
        store(c40, tile + 128)
        store(c41, tile + 144)
        store(c50, tile + 160)
        store(c51, tile + 176)
        store(c60, tile + 192)
        store(c61, tile + 208)
        store(c70, tile + 224)
        store(c71, tile + 240)
    }

    /// Accumulates up to 4 rows (`rows` 1...4; missing rows re-read row 0) x one panel into `tile` (4 x 32).
    static func tile4(
        a: UnsafePointer<Float>, lda: Int, rows: Int, depth k: Int, b: UnsafePointer<Float>, ldb: Int,
        tile: UnsafeMutablePointer<Float>
    ) {
        let a0 = a
        let a1 = rows > 1 ? a + lda : a
        let a2 = rows > 2 ? a + 2 * lda : a
        let a3 = rows > 3 ? a + 3 * lda : a
        var c00 = Float16x(), c01 = Float16x(), c10 = Float16x(), c11 = Float16x()
        var c20 = Float16x(), c21 = Float16x(), c30 = Float16x(), c31 = Float16x()
        var bp = b
        var kk = 0
        while kk < k {
            let b0 = load(bp), b1 = load(bp + 16)
            var s = Float16x(repeating: a0[kk])
            c00 = c00.addingProduct(s, b0)
            c01 = c01.addingProduct(s, b1)
            s = Float16x(repeating: a1[kk])
            c10 = c10.addingProduct(s, b0)
            c11 = c11.addingProduct(s, b1)
            s = Float16x(repeating: a2[kk])
            c20 = c20.addingProduct(s, b0)
            c21 = c21.addingProduct(s, b1)
            s = Float16x(repeating: a3[kk])
            c30 = c30.addingProduct(s, b0)
            c31 = c31.addingProduct(s, b1)
            bp += ldb
            kk += 1
        }
        store(c00, tile + 0)
        store(c01, tile + 16)
        store(c10, tile + 32)
        store(c11, tile + 48)
        store(c20, tile + 64)
        store(c21, tile + 80)
        store(c30, tile + 96)
        store(c31, tile + 112)
    }
}
