import Foundation
import XCTest

@testable import BertKit

/// CPU detection (which engine a machine gets) and the worker pool that splits the panel engine's work.
final class KernelSupportTests: XCTestCase {
    static let zen4Flags = """
        fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht \
        syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid \
        extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt \
        tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a \
        misalignsse 3dnowprefetch osvw topoext bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq adx smap \
        avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves
        """

    static func cpuinfo(_ flags: String) -> String { "processor\t: 0\nflags\t\t: \(flags)\n" }

    static var zen3Flags: String {
        zen4Flags.split(separator: " ").filter { !$0.hasPrefix("avx512") }.joined(separator: " ")
    }

    func testAVX512MachineRunsTheAVX512Copy() {
        XCTAssertTrue(KernelSupport.supportsX8664V4(cpuinfo: Self.cpuinfo(Self.zen4Flags)))
        XCTAssertEqual(
            KernelSupport.vectorCopy(cpuinfo: Self.cpuinfo(Self.zen4Flags), avx512: true, avx2: true), .avx512)
    }

    func testAVX2OnlyMachineRunsTheAVX2Copy() {
        XCTAssertFalse(KernelSupport.supportsX8664V4(cpuinfo: Self.cpuinfo(Self.zen3Flags)))
        XCTAssertTrue(KernelSupport.supportsX8664V3(cpuinfo: Self.cpuinfo(Self.zen3Flags)))
        XCTAssertEqual(
            KernelSupport.vectorCopy(cpuinfo: Self.cpuinfo(Self.zen3Flags), avx512: false, avx2: true), .avx2)
    }

    func testTheCLibrarysOwnCheckHasTheLastWord() {
        // An OS that does not save the zmm (or ymm) registers: cpuinfo lists the flags, the runtime check says no.
        XCTAssertEqual(
            KernelSupport.vectorCopy(cpuinfo: Self.cpuinfo(Self.zen4Flags), avx512: false, avx2: true), .avx2)
        XCTAssertNil(KernelSupport.vectorCopy(cpuinfo: Self.cpuinfo(Self.zen4Flags), avx512: false, avx2: false))
    }

    func testMissingOneV4FeatureRunsTheAVX2Copy() {
        let noVL = Self.zen4Flags.replacingOccurrences(of: " avx512vl", with: "")
        XCTAssertFalse(KernelSupport.supportsX8664V4(cpuinfo: "flags\t: \(noVL)\n"))
        XCTAssertEqual(KernelSupport.vectorCopy(cpuinfo: "flags\t: \(noVL)\n", avx512: true, avx2: true), .avx2)
    }

    func testMissingOneV3FeatureFallsBackToBLAS() {
        let noFMA = Self.zen3Flags.replacingOccurrences(of: " fma ", with: " ")
        XCTAssertFalse(KernelSupport.supportsX8664V3(cpuinfo: Self.cpuinfo(noFMA)))
        XCTAssertNil(KernelSupport.vectorCopy(cpuinfo: Self.cpuinfo(noFMA), avx512: false, avx2: true))
    }

    func testNoFlagsLineFallsBackToBLAS() {
        XCTAssertFalse(KernelSupport.supportsX8664V4(cpuinfo: "processor\t: 0\nBogoMIPS\t: 50.00\n"))
        XCTAssertNil(KernelSupport.vectorCopy(cpuinfo: "processor\t: 0\nBogoMIPS\t: 50.00\n", avx512: true, avx2: true))
    }

    /// Records which chunks ran, and on which worker (each chunk writes only its own slots).
    final class RecordingJob: ChunkedJob {
        let hits: UnsafeMutablePointer<Int>
        let workers: UnsafeMutablePointer<Int>

        init(capacity: Int) {
            hits = .allocate(capacity: capacity)
            workers = .allocate(capacity: capacity)
        }

        deinit {
            hits.deallocate()
            workers.deallocate()
        }

        func reset(_ count: Int) {
            hits.initialize(repeating: 0, count: count)
            workers.initialize(repeating: -1, count: count)
        }

        func run(chunk: Int, worker: Int) {
            hits[chunk] += 1
            workers[chunk] = worker
        }
    }

    @available(macOS 15.0, *)
    func testPoolRunsEveryChunkExactlyOnceOnValidWorkers() {
        let job = RecordingJob(capacity: 64)
        for threads in [2, 3] {
            let pool = WorkerPool(threads: threads)
            for round in 0..<2000 {
                let count = 1 + round % 37
                job.reset(count)
                pool.parallel(count, job)
                XCTAssertEqual(
                    Array(UnsafeBufferPointer(start: job.hits, count: count)), [Int](repeating: 1, count: count),
                    "round \(round)")
                XCTAssertTrue(
                    UnsafeBufferPointer(start: job.workers, count: count).allSatisfy { (0..<threads).contains($0) })
            }
        }
    }

    /// The helpers park after idling; the next job still runs (wake-up path).
    @available(macOS 15.0, *)
    func testPoolWakesParkedHelpers() {
        let pool = WorkerPool(threads: 2, idleSeconds: 0.001)
        let job = RecordingJob(capacity: 64)
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.02)
            job.reset(64)
            pool.parallel(64, job)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: job.hits, count: 64)), [Int](repeating: 1, count: 64))
        }
    }

    /// CBertKernels' AVX-512 and AVX2 copies are compiled through target attributes; nothing else in it may use
    /// AVX or later instructions, or the dispatching entry points and the portable copy would die with SIGILL on
    /// older CPUs (as a stray -march flag or a misplaced attribute would make them), and the AVX2 copy may not
    /// use AVX-512 (zmm registers, k masks, EVEX encodings), or it would die on the CPUs it is for.
    /// Disassembles the built object.
    func testEachCopyUsesOnlyItsOwnVectorExtensions() throws {
        #if arch(x86_64)
        let build = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        var directory = build.appendingPathComponent("CBertKernels.build")
        if !FileManager.default.fileExists(atPath: directory.path) {
            // Inside the .xctest bundle on some layouts: walk up to the configuration folder.
            directory = build.deletingLastPathComponent().appendingPathComponent("CBertKernels.build")
        }
        let object = directory.appendingPathComponent("kernels.c.o").path
        let objdump = Process()
        objdump.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        objdump.arguments = ["objdump", "-d", "--no-show-raw-insn", object]
        let pipe = Pipe()
        objdump.standardOutput = pipe
        try objdump.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        objdump.waitUntilExit()
        XCTAssertEqual(objdump.terminationStatus, 0, "objdump failed on \(object)")
        var function = ""
        var checked: Set<String> = []
        var checkedAVX2: Set<String> = []
        var offending: [String] = []
        var offendingAVX2: [String] = []
        for line in output.split(separator: "\n") {
            if line.hasSuffix(">:"), let open = line.firstIndex(of: "<") {
                function = String(line[line.index(after: open)..<line.index(line.endIndex, offsetBy: -2)])
                continue
            }
            let avx512 = function.hasSuffix("_avx512") || function.contains("_avx512.")
            let avx2 = function.hasSuffix("_avx2") || function.contains("_avx2.")
            guard !function.isEmpty, !avx512, let tab = line.firstIndex(of: "\t") else { continue }
            // VEX and EVEX instructions are spelled v...; their registers are ymm, zmm and the k masks.
            let instruction = line[line.index(after: tab)...]
            if avx2 {
                checkedAVX2.insert(function)
                // AVX-512 only: zmm registers, the mask registers, and the 16 extra vector registers.
                let extraRegister = (16...31).contains { instruction.contains("mm\($0)") }
                if instruction.contains("%zmm") || instruction.contains("%k") || extraRegister {
                    offendingAVX2.append("\(function): \(instruction)")
                }
                continue
            }
            checked.insert(function)
            if instruction.hasPrefix("v") || instruction.contains("%ymm") || instruction.contains("%zmm") {
                offending.append("\(function): \(instruction)")
            }
        }
        for entry in ["cbk_panel_gemm", "cbk_layer_norm", "cbk_softmax_portable", "cbk_avx512_supported"] {
            XCTAssertTrue(checked.contains(entry), "\(entry) not found in \(object)")
        }
        for entry in ["cbk_panel_gemm_avx2", "cbk_attention_heads_avx2", "cbk_gelu_avx2"] {
            XCTAssertTrue(checkedAVX2.contains(entry), "\(entry) not found in \(object)")
        }
        XCTAssertEqual(Array(offending.prefix(5)), [], "baseline code in \(object) uses AVX instructions")
        XCTAssertEqual(Array(offendingAVX2.prefix(5)), [], "the AVX2 copy in \(object) uses AVX-512")
        #endif
    }

    #if os(Linux)
    /// This process's threads: task id -> CPU ticks used so far (user + system).
    static func threadTicks() -> [String: Int] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var result: [String: Int] = [:]
        for tid in tasks {
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "(comm)": state is field 3, utime 14, stime 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { continue }
            result[tid] = user + system
        }
        return result
    }

    /// The threads a new pool of `threads` starts (found by task id; waits for them to appear).
    @available(macOS 15.0, *)
    static func startPool(threads: Int, idleSeconds: Double = 0.002) -> (WorkerPool, Set<String>) {
        let before = Set(threadTicks().keys)
        let pool = WorkerPool(threads: threads, idleSeconds: idleSeconds)
        var helpers: Set<String> = []
        for _ in 0..<200 where helpers.count < threads - 1 {
            Thread.sleep(forTimeInterval: 0.005)
            helpers = Set(threadTicks().keys).subtracting(before)
        }
        return (pool, helpers)
    }

    /// An idle model costs no CPU: helpers park once their spin budget is spent.
    @available(macOS 15.0, *)
    func testIdleHelpersStopUsingCPU() {
        let (pool, helpers) = Self.startPool(threads: 2)
        XCTAssertEqual(helpers.count, 1, "helper thread did not start")
        let job = RecordingJob(capacity: 8)
        job.reset(8)
        pool.parallel(8, job)
        Thread.sleep(forTimeInterval: 0.1)
        let before = Self.threadTicks()
        Thread.sleep(forTimeInterval: 0.5)
        let after = Self.threadTicks()
        for tid in helpers {
            let used = (after[tid] ?? 0) - (before[tid] ?? 0)
            XCTAssertLessThanOrEqual(used, 2, "an idle helper used \(used) ticks in 0.5 s")
        }
        withExtendedLifetime(pool) {}
    }

    /// Releasing the pool ends its helper threads.
    @available(macOS 15.0, *)
    func testReleasedPoolsThreadsExit() {
        var (pool, helpers): (WorkerPool?, Set<String>) = Self.startPool(threads: 3)
        XCTAssertEqual(helpers.count, 2, "helper threads did not start")
        let job = RecordingJob(capacity: 8)
        job.reset(8)
        pool?.parallel(8, job)
        pool = nil
        var left = helpers
        for _ in 0..<200 where !left.isEmpty {
            Thread.sleep(forTimeInterval: 0.005)
            left = helpers.intersection(Self.threadTicks().keys)
        }
        XCTAssertEqual(left, [], "helper threads still running after the pool was released")
    }
    #endif
}
