// Nothing in this module may declare a struct, an enum with cases, a closure-taking function or generic code
// that other modules see: Swift emits helpers for those (value-witness memcpy functions, reabstraction thunks,
// metadata accessors) as weak symbols shared across modules, and the linker may keep this module's AVX-512
// copy for callers in BertKit that must run on any x86-64. The API is plain functions of pointers and scalars.

/// Epilogue codes for `PanelGEMM.multiply`: what happens to each finished value of A B at (row r, column j).
public enum GEMMEpilogue {
    /// C = A B.
    public static let store = 0
    /// C = scale * (A B).
    public static let scale = 1
    /// C = A B + bias[j] (HF's nn.Linear).
    public static let bias = 2
    /// C = gelu(A B + bias[j]) (BertIntermediate).
    public static let biasGELU = 3
    /// C = (A B + bias[j]) + residual[r * residualStride + j] (what BertSelfOutput and BertOutput normalise).
    public static let biasResidual = 4
}

/// C = A B for short A (a few to a few hundred token rows) against a B packed once at load.
///
/// Register tile: 8 rows of A x one 32-column panel (16 accumulators of 16 floats); every B value loaded
/// is used for 8 rows, every A value broadcast into 32 columns. The loop runs panel by panel, so each panel
/// is read from memory once and then from L1/L2 for the remaining row tiles: with a few tokens this streams
/// the weight at memory speed instead of re-packing it per call as a general BLAS does.
public enum PanelGEMM {
    /// Columns per panel: the register tile's width (BertKit's `PanelLayout.width` packs to match).
    static let width = 32

    /// Packs `n` rows of length `k` (row r at `rows + r * rowStride`) into panels: panel p holds
    /// B[k][j] = rows[p * 32 + j][k] for k in 0..<K, j in 0..<32, zero past row `n`. (BertKit packs the
    /// weights at load; this is for the key vectors of one attention head.)
    static func pack(
        rows: UnsafePointer<Float>, rowStride: Int, count n: Int, length k: Int, into out: UnsafeMutablePointer<Float>
    ) {
        let panels = (n + width - 1) / width
        for p in 0..<panels {
            let panel = out + p * k * width
            for j in 0..<width {
                let r = p * width + j
                if r < n {
                    let src = rows + r * rowStride
                    for kk in 0..<k { panel[kk * width + j] = src[kk] }
                } else {
                    for kk in 0..<k { panel[kk * width + j] = 0 }
                }
            }
        }
    }

    /// C = epilogue(A B) for the panels `firstPanel..<endPanel` of B (a chunk of the work).
    ///
    /// - A: `rows` x `depth`, row r at `a + r * lda`.
    /// - B: `depth` x `columns` in panels of 32 columns: B[k][p * 32 + j] at `b + p * panelStride + k * rowStride + j`.
    ///   A packed weight has `rowStride` 32 and `panelStride` depth * 32 (each panel contiguous); a row-major
    ///   (depth, columns) matrix with leading dimension ld has `rowStride` ld and `panelStride` 32. B is read
    ///   32 floats at a time, so the memory behind a ragged last panel must be readable.
    /// - C: `rows` x `columns`, row r at `c + r * ldc`; only the chunk's columns are written.
    /// - Epilogue: a `GEMMEpilogue` code, with the `scale`, `bias` (columns) and `residual` (rows x columns at
    ///   `residualStride`) it uses; pass any readable pointer for the ones it does not.
    public static func multiply(
        a: UnsafePointer<Float>, lda: Int, rows m: Int, b: UnsafePointer<Float>, depth: Int, columns: Int,
        rowStride: Int, panelStride: Int, firstPanel: Int, endPanel: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
        epilogue: Int, scale: Float, bias: UnsafePointer<Float>, residual: UnsafePointer<Float>, residualStride: Int
    ) {
        // The accumulators of one tile pass through this stack buffer (it stays in L1) to the epilogue.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * width) { buffer in
            guard let tile = buffer.baseAddress else { return }
            var p = firstPanel
            while p < endPanel {
                let column = p * width
                let valid = min(width, columns - column)
                let panel = b + p * panelStride
                var r = 0
                while r < m {
                    let rows = min(m - r, 8)
                    if rows > 4 {
                        tile8(a: a + r * lda, lda: lda, rows: rows, depth: depth, b: panel, ldb: rowStride, tile: tile)
                    } else {
                        tile4(a: a + r * lda, lda: lda, rows: rows, depth: depth, b: panel, ldb: rowStride, tile: tile)
                    }
                    write(
                        tile: tile, rows: rows, c: c, row: r, ldc: ldc, column: column, valid: valid,
                        epilogue: epilogue,
                        scale: scale, bias: bias, residual: residual, residualStride: residualStride)
                    r += rows
                }
                p += 1
            }
        }
    }

    /// Applies the epilogue to a finished tile (`rows` x 32, row stride 32) and writes its `valid` columns to
    /// C at (`row`, `column`).
    static func write(
        tile: UnsafePointer<Float>, rows: Int, c: UnsafeMutablePointer<Float>, row: Int, ldc: Int, column: Int,
        valid: Int, epilogue: Int, scale: Float, bias: UnsafePointer<Float>, residual: UnsafePointer<Float>,
        residualStride: Int
    ) {
        for r in 0..<rows {
            var half = 0
            while half < valid {
                let n = min(16, valid - half)
                let j = column + half
                let full = n == 16
                var v = load(tile + r * width + half)
                switch epilogue {
                case GEMMEpilogue.scale:
                    v *= scale
                case GEMMEpilogue.bias:
                    v += full ? load(bias + j) : loadPartial(bias + j, n)
                case GEMMEpilogue.biasGELU:
                    v = geluVector(v + (full ? load(bias + j) : loadPartial(bias + j, n)))
                case GEMMEpilogue.biasResidual:
                    let res = residual + (row + r) * residualStride + j
                    v =
                        (v + (full ? load(bias + j) : loadPartial(bias + j, n)))
                        + (full ? load(res) : loadPartial(res, n))
                default:
                    break
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
        var c00 = Float32x16()
        var c01 = Float32x16()
        var c10 = Float32x16()
        var c11 = Float32x16()
        var c20 = Float32x16()
        var c21 = Float32x16()
        var c30 = Float32x16()
        var c31 = Float32x16()
        var c40 = Float32x16()
        var c41 = Float32x16()
        var c50 = Float32x16()
        var c51 = Float32x16()
        var c60 = Float32x16()
        var c61 = Float32x16()
        var c70 = Float32x16()
        var c71 = Float32x16()
        var bp = b
        var kk = 0
        while kk < k {
            let b0 = load(bp)
            let b1 = load(bp + 16)
            var s = Float32x16(repeating: a0[kk])
            c00 = c00.addingProduct(s, b0)
            c01 = c01.addingProduct(s, b1)
            s = Float32x16(repeating: a1[kk])
            c10 = c10.addingProduct(s, b0)
            c11 = c11.addingProduct(s, b1)
            s = Float32x16(repeating: a2[kk])
            c20 = c20.addingProduct(s, b0)
            c21 = c21.addingProduct(s, b1)
            s = Float32x16(repeating: a3[kk])
            c30 = c30.addingProduct(s, b0)
            c31 = c31.addingProduct(s, b1)
            s = Float32x16(repeating: a4[kk])
            c40 = c40.addingProduct(s, b0)
            c41 = c41.addingProduct(s, b1)
            s = Float32x16(repeating: a5[kk])
            c50 = c50.addingProduct(s, b0)
            c51 = c51.addingProduct(s, b1)
            s = Float32x16(repeating: a6[kk])
            c60 = c60.addingProduct(s, b0)
            c61 = c61.addingProduct(s, b1)
            s = Float32x16(repeating: a7[kk])
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
        var c00 = Float32x16()
        var c01 = Float32x16()
        var c10 = Float32x16()
        var c11 = Float32x16()
        var c20 = Float32x16()
        var c21 = Float32x16()
        var c30 = Float32x16()
        var c31 = Float32x16()
        var bp = b
        var kk = 0
        while kk < k {
            let b0 = load(bp)
            let b1 = load(bp + 16)
            var s = Float32x16(repeating: a0[kk])
            c00 = c00.addingProduct(s, b0)
            c01 = c01.addingProduct(s, b1)
            s = Float32x16(repeating: a1[kk])
            c10 = c10.addingProduct(s, b0)
            c11 = c11.addingProduct(s, b1)
            s = Float32x16(repeating: a2[kk])
            c20 = c20.addingProduct(s, b0)
            c21 = c21.addingProduct(s, b1)
            s = Float32x16(repeating: a3[kk])
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
