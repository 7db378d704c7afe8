import Foundation

extension HeadRoles {
    /// The element-wise mean of `roles` (every figure averaged over the sentences, each sentence weighing the same,
    /// as Clark et al. averaged over segments); nil for none, or for roles of different shapes.
    public static func mean(of roles: [HeadRoles]) -> HeadRoles? {
        guard let shape = roles.first,
            roles.allSatisfy({ $0.layers == shape.layers && $0.heads == shape.heads })
        else { return nil }
        var sums = [Double](repeating: 0, count: shape.values.count)
        for r in roles {
            for (i, v) in r.values.enumerated() { sums[i] += Double(v) }
        }
        let n = Double(roles.count)
        return HeadRoles(layers: shape.layers, heads: shape.heads, values: sums.map { Float($0 / n) })
    }
}

/// Head roles averaged over a corpus (`bertscope heads --corpus FILE`): the mean of every sentence's `headRoles`.
public struct CorpusHeadRoles: Sendable {
    /// The mean roles (columns as `HeadRoles`).
    public let roles: HeadRoles
    /// Sentences averaged.
    public let sentences: Int
    /// Tokens over all sentences (`[CLS]` and `[SEP]` included).
    public let tokens: Int
    /// Sentences cut to the model's length (they count with the tokens that fit).
    public let truncated: Int

    /// Encodes each sentence alone and averages their head roles, on `workers` threads (the forward passes take
    /// turns on the model, which splits each across its own threads; the roles of one sentence are computed while
    /// the next is encoded). The result does not depend on the number of workers. `progress` is called with the
    /// number of sentences done (from any worker). Throws the first sentence's error (e.g. it does not fit).
    public static func compute(
        model: BertModel, sentences: [String], workers: Int = 2,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> CorpusHeadRoles? {
        guard !sentences.isEmpty else { return nil }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var roles: [HeadRoles?]
            var tokens: [Int]
            var truncated: [Bool]
            var error: (index: Int, error: any Error)?
            var next = 0
            var done = 0
            init(_ n: Int) {
                roles = Array(repeating: nil, count: n)
                tokens = Array(repeating: 0, count: n)
                truncated = Array(repeating: false, count: n)
            }
        }
        let results = Results(sentences.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, sentences.count))) { _ in
            while true {
                results.lock.lock()
                let i = results.next
                results.next += 1
                let failed = results.error != nil
                results.lock.unlock()
                guard i < sentences.count, !failed else { return }
                do {
                    let encoding = try model.encode(sentences[i])
                    let roles = EncodingAnalysis(encoding).headRoles
                    results.lock.lock()
                    results.roles[i] = roles
                    results.tokens[i] = encoding.tokenCount
                    results.truncated[i] = encoding.input.truncation != nil
                    results.done += 1
                    let done = results.done
                    results.lock.unlock()
                    progress?(done)
                } catch {
                    results.lock.lock()
                    if results.error.map({ $0.index > i }) ?? true { results.error = (i, error) }
                    results.lock.unlock()
                }
            }
        }
        if let failure = results.error { throw failure.error }
        let all = results.roles.compactMap { $0 }
        guard all.count == sentences.count, let mean = HeadRoles.mean(of: all) else { return nil }
        return CorpusHeadRoles(
            roles: mean, sentences: sentences.count, tokens: results.tokens.reduce(0, +),
            truncated: results.truncated.filter { $0 }.count)
    }

    /// The sentences of a corpus file's text: one a line (LF or CRLF), blank lines skipped, each trimmed of
    /// surrounding whitespace.
    public static func sentences(in text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
