import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How the C heap treats the forward pass's output arrays: a process-wide choice, so the program makes it.
///
/// Every `encode` returns fresh output arrays (an `Encoding` is immutable), megabytes of them. With glibc's
/// defaults a freed block that large is given back to the kernel (unmapped, or trimmed off the top of the
/// heap), so the next call page-faults every page in again: at 128 tokens on MiniLM that was a fifth of the
/// forward pass. `keepFreedOutputs()` raises the trim and mmap thresholds so freed blocks stay in the heap for
/// the next call; the resident set stays at the high-water mark it reached anyway.
///
/// It changes malloc for the whole process (every library in it), so BertKit never sets it by itself: the
/// `bertscope` executable calls it first thing in `main`, and the benchmarks call it so they measure what the
/// tool runs. A program embedding BertKit that does not call it gets correct results, only slower repeated
/// encodes of long inputs.
public enum HeapPolicy {
    /// Applies the policy (glibc only; elsewhere nothing to do) and says whether malloc took both settings.
    /// Safe to call more than once: it acts once.
    @discardableResult
    public static func keepFreedOutputs() -> Bool {
        applied
    }

    private static let applied: Bool = {
        #if canImport(Glibc)
        // mallopt is in glibc's malloc.h, which the Glibc module does not import; look it up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        // A null handle is RTLD_DEFAULT: search every loaded object.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1
        let mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        let trim = mallopt(trimThreshold, 1 << 30)
        let mmap = mallopt(mmapThreshold, 32 << 20)  // glibc's largest allowed value
        return trim == 1 && mmap == 1
        #else
        return false
        #endif
    }()
}
