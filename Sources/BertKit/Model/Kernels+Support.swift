import CBertKernels
import Foundation

/// Which engine this CPU gets.
///
/// CBertKernels runs anywhere (its entry points pick the AVX-512 copy where the CPU has it, else the AVX2 copy,
/// else the portable one), but its portable copy is slow: the panel engine is chosen only where a vector copy
/// runs, that is where the kernel's view of the CPU (`/proc/cpuinfo` flags, which also reflect whether the OS
/// saves the vector registers) lists every x86-64-v4 feature (the AVX-512 copy) or every x86-64-v3 feature (the
/// AVX2 copy) and the C library's own check agrees. Everything else gets OpenBLAS and scalar code.
enum KernelSupport {
    /// The CPU flags x86-64-v3 code may rely on, as `/proc/cpuinfo` names them (v2 and v3 levels).
    static let x8664V3Flags: Set<Substring> = [
        "cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2",
        "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave",
    ]

    /// The CPU flags x86-64-v4 code may rely on (v2, v3 and v4 levels).
    static let x8664V4Flags: Set<Substring> = x8664V3Flags.union([
        "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl",
    ])

    /// The vector copy of CBertKernels the panel engine runs here, or nil where it does not run.
    static let vectorCopy: BertModel.Engine.VectorCopy? = {
        #if arch(x86_64)
        #if os(Linux)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        return vectorCopy(cpuinfo: cpuinfo, avx512: cbk_avx512_supported() != 0, avx2: cbk_avx2_supported() != 0)
        #else
        return nil
        #endif
        #else
        // Elsewhere (arm64) the kernels run their portable copy, but its 8 x 32 register tile was sized for
        // 32 zmm registers and has not been measured there: OpenBLAS until it has.
        return nil
        #endif
    }()

    /// Whether the panel engine runs here.
    static var vectorKernels: Bool { vectorCopy != nil }

    /// The copy a CPU with these `cpuinfo` flags runs, given what the C library's own checks say.
    static func vectorCopy(cpuinfo: String, avx512: Bool, avx2: Bool) -> BertModel.Engine.VectorCopy? {
        if avx512 && supportsX8664V4(cpuinfo: cpuinfo) { return .avx512 }
        if avx2 && supportsX8664V3(cpuinfo: cpuinfo) { return .avx2 }
        return nil
    }

    /// Whether the first processor's `flags` line in `cpuinfo` lists every x86-64-v3 feature.
    static func supportsX8664V3(cpuinfo: String) -> Bool { lists(x8664V3Flags, cpuinfo: cpuinfo) }

    /// Whether the first processor's `flags` line in `cpuinfo` lists every x86-64-v4 feature.
    static func supportsX8664V4(cpuinfo: String) -> Bool { lists(x8664V4Flags, cpuinfo: cpuinfo) }

    /// Whether the first processor's `flags` line in `cpuinfo` lists every one of `wanted`.
    static func lists(_ wanted: Set<Substring>, cpuinfo: String) -> Bool {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { return false }
            let flags = Set(line[line.index(after: colon)...].split(separator: " "))
            return wanted.isSubset(of: flags)
        }
        return false
    }
}
