import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How the C heap treats the forward pass's output arrays.
///
/// Every `encode` returns fresh output arrays (an `Encoding` is immutable), megabytes of them. With glibc's
/// defaults a freed block that large is given back to the kernel (unmapped, or trimmed off the top of the
/// heap), so the next call page-faults every page in again: at 128 tokens on MiniLM that was a fifth of the
/// forward pass. Raising the trim and mmap thresholds keeps freed blocks in the heap for the next call; the
/// resident set stays at the high-water mark it reached anyway.
enum HeapPolicy {
    /// Applies the policy once per process (glibc only; elsewhere nothing to do).
    static let keepFreedOutputs: Void = {
        #if canImport(Glibc)
            // mallopt is in glibc's malloc.h, which the Glibc module does not import; look it up instead.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }  // RTLD_DEFAULT
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
            _ = mallopt(trimThreshold, 1 << 30)
            _ = mallopt(mmapThreshold, 32 << 20)  // glibc's largest allowed value
        #endif
    }()
}
