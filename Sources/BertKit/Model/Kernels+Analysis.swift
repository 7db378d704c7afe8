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
