import Foundation

/// Which kernels this CPU can run.
///
/// BertKitSIMD is compiled for x86-64-v4 (AVX-512) on x86-64; running it on a CPU without those instructions
/// would die with SIGILL, so BertKit enters it only when every feature the compiler may use is present.
/// The check reads the kernel's view of the CPU (`/proc/cpuinfo` flags), which also reflects whether the OS
/// saves the AVX-512 registers. Everything else falls back to OpenBLAS and scalar code.
enum KernelSupport {
    /// The CPU flags x86-64-v4 code may rely on, as `/proc/cpuinfo` names them (v2, v3 and v4 levels).
    static let x8664V4Flags: Set<Substring> = [
        "cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2",
        "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave",
        "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl",
    ]

    /// Whether BertKitSIMD's code runs here (x86-64 with every x86-64-v4 feature).
    static let vectorKernels: Bool = {
        #if arch(x86_64)
        #if os(Linux)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        return supportsX8664V4(cpuinfo: cpuinfo)
        #else
        return false
        #endif
        #else
        // Elsewhere (arm64) the module compiles for the base architecture, but its 8 x 32 register tile
        // was sized for 32 zmm registers and has not been measured there: OpenBLAS until it has.
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
