import BertKit
import Foundation

/// Times the full forward pass (every output included) the way `bertscope bench` reports it.
public enum ForwardBench {
    /// One token count's timings.
    public struct Result: Sendable {
        /// Tokens in the input, [CLS] and [SEP] included.
        public let tokens: Int
        /// Forward passes timed (after warm-up), in milliseconds.
        public let times: Samples
        /// Floating-point operations of one forward pass.
        public let flops: Double
        /// Median ms.
        public var medianMs: Double { times.median }
        /// Fastest ms.
        public var minMs: Double { times.min }
        /// GFLOP/s at the median time.
        public var gflops: Double { flops / (medianMs / 1000) / 1e9 }
    }

    /// Times `model` at `tokens` tokens: three warm-up runs, then at least `minRuns` and up to `seconds` of runs
    /// (2,000 at most).
    public static func run(model: BertModel, tokens: Int, minRuns: Int = 10, seconds: Double = 1.0) -> Result {
        HeapPolicy.keepFreedOutputs()
        let input = BenchInput.input(tokens: tokens, model: model)
        for _ in 0..<3 { _ = model.encode(input) }
        var times = Samples()
        let deadline = BenchClock.now() + seconds
        while times.count < minRuns || (BenchClock.now() < deadline && times.count < 2000) {
            let (s, _) = BenchClock.time { model.encode(input) }
            times.append(s * 1000)
        }
        return Result(
            tokens: input.tokens.count, times: times, flops: model.config.forwardFLOPs(tokens: input.tokens.count))
    }
}

/// What this process holds in memory.
public enum ProcessMemory {
    /// Peak resident set size of this process in bytes (`VmHWM` in /proc/self/status); nil where /proc is missing.
    public static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first
            return kb.map { $0 * 1024 }
        }
        return nil
    }
}
