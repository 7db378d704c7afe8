import COpenBLAS

extension Kernels {
    /// c (m, n) = a (m, k) · b (k, n), all row-major; for the analyses, which multiply whole small matrices.
    static func product(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, pa.baseAddress,
                        Int32(k), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                }
            }
        }
        return c
    }
}

extension Kernels {
    /// g (m, m) = a (m, k) · aᵀ, row-major: the dot product of every pair of a's rows.
    static func gram(_ a: [Float], rows m: Int, cols k: Int) -> [Float] {
        var g = [Float](repeating: 0, count: m * m)
        guard m > 0, k > 0 else { return g }
        a.withUnsafeBufferPointer { pa in
            g.withUnsafeMutableBufferPointer { pg in
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(m), Int32(k), 1, pa.baseAddress,
                    Int32(k), pa.baseAddress, Int32(k), 0, pg.baseAddress, Int32(m))
            }
        }
        return g
    }
}
