import CBertKernels
import Foundation

/// Which engine this CPU gets.
///
/// CBertKernels runs anywhere (its entry points pick the AVX-512 copy only where the CPU has it), but its
/// portable copy is slow: the panel engine is chosen only where the AVX-512 copy runs, that is where the
/// kernel's view of the CPU (`/proc/cpuinfo` flags, which also reflect whether the OS saves the AVX-512
/// registers) lists every x86-64-v4 feature and the C library's own check agrees. Everything else gets
/// OpenBLAS and scalar code.
enum KernelSupport {
    /// The CPU flags x86-64-v4 code may rely on, as `/proc/cpuinfo` names them (v2, v3 and v4 levels).
    static let x8664V4Flags: Set<Substring> = [
        "cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2",
        "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave",
        "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl",
    ]

    /// Whether the panel engine runs here (x86-64 with every x86-64-v4 feature, CBertKernels' AVX-512 copy).
    static let vectorKernels: Bool = {
        #if arch(x86_64)
        #if os(Linux)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        return supportsX8664V4(cpuinfo: cpuinfo) && cbk_avx512_supported() != 0
        #else
        return false
        #endif
        #else
        // Elsewhere (arm64) the kernels run their portable copy, but its 8 x 32 register tile was sized for
        // 32 zmm registers and has not been measured there: OpenBLAS until it has.
        return false
        #endif
    }()

    /// Whether the first processor's `flags` line in `cpuinfo` lists every x86-64-v4 feature.
    static func supportsX8664V4(cpuinfo: String) -> Bool {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { return false }
            let flags = Set(line[line.index(after: colon)...].split(separator: " "))
            return x8664V4Flags.isSubset(of: flags)
        }
        return false
    }
}
