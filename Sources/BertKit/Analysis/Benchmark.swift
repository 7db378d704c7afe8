import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Times the full forward pass (every output included) the way `bertscope bench` reports it.
public enum Benchmark {
    /// One token count's timings.
    public struct Result: Sendable {
        public let tokens: Int
        public let runs: Int
        public let medianMs: Double
        public let minMs: Double
        /// Floating-point operations of one forward pass.
        public let flops: Double
        /// GFLOP/s at the median time.
        public var gflops: Double { flops / (medianMs / 1000) / 1e9 }
    }

    /// A paragraph long enough to cut any benchmark input from.
    static let paragraph = """
        The quick brown fox jumps over the lazy dog while the orchestra tunes its instruments, and a \
        researcher in a quiet terminal watches attention heads light up token by token, wondering why the \
        pooler output disagrees with the classification vector it was computed from.
        """

    /// Model input of exactly `tokens` tokens: [CLS], word pieces of a fixed paragraph (repeated), [SEP].
    public static func input(tokens n: Int, tokenizer: BertTokenizer) -> TokenizedInput {
        var text = paragraph
        var enc = tokenizer.encode(text, maxLength: max(2, n))
        while enc.tokens.count < n {
            text += " " + paragraph
            enc = tokenizer.encode(text, maxLength: max(2, n))
        }
        return enc
    }

    /// Floating-point operations of one forward pass over `t` tokens (multiply-adds count 2).
    public static func flops(config c: BertConfig, tokens t: Int) -> Double {
        let (t, h, i) = (Double(t), Double(c.hiddenSize), Double(c.intermediateSize))
        let perLayer = 2 * t * h * 3 * h + 2 * 2 * t * t * h + 2 * t * h * h + 2 * 2 * t * h * i
        return Double(c.numHiddenLayers) * perLayer + 2 * h * h
    }

    /// Times `model` at `tokens` tokens: a few warm-up runs, then at least `minRuns` and up to `seconds` of runs.
    public static func run(model: BertModel, tokens: Int, minRuns: Int = 10, seconds: Double = 1.0) throws -> Result {
        let input = input(tokens: min(tokens, model.config.maxPositionEmbeddings), tokenizer: model.tokenizer)
        for _ in 0..<3 { _ = try model.encode(input) }
        var times: [Double] = []
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while times.count < minRuns || (DispatchTime.now().uptimeNanoseconds < deadline && times.count < 2000) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try model.encode(input)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        return Result(
            tokens: input.tokens.count, runs: times.count, medianMs: median, minMs: times[0],
            flops: flops(config: model.config, tokens: input.tokens.count))
    }

    /// Peak resident set size of this process in bytes (VmHWM), nil where /proc is missing.
    public static func peakRSS() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first
            return kb.map { $0 * 1024 }
        }
        return nil
    }
}
