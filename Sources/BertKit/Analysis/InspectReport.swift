import Foundation

/// The text `bertscope inspect` prints: what a notebook user prints to see BertModel's output.
public struct InspectReport: Sendable {
    /// The encoding being described.
    public let encoding: Encoding
    /// Load time of the model, shown in the header when known.
    public let loadSeconds: Double?

    /// Creates a report.
    public init(encoding: Encoding, loadSeconds: Double? = nil) {
        self.encoding = encoding
        self.loadSeconds = loadSeconds
    }

    /// The whole report.
    public var text: String {
        let e = encoding
        let c = e.config
        let t = e.tokenCount
        let h = c.hiddenSize
        let layers = e.layerCount
        let f = TensorFormatter()
        var out: [String] = []
        out.append(
            "model  \(e.modelName)  (BertModel: \(layers) layers, hidden \(h), \(c.numAttentionHeads) heads, "
                + "FFN \(c.intermediateSize), vocab \(c.vocabSize))")
        var timing = "forward \(ms(e.forwardSeconds))"
        if let loadSeconds { timing = "loaded in \(ms(loadSeconds)), " + timing }
        out.append(timing)
        out.append("")
        out.append("tokens (\(t))" + (e.input.textB == nil ? "" : ", segment B marked with ^"))
        out.append("  " + e.tokens.map { $0.segment == 1 ? $0.text + "^" : $0.text }.joined(separator: "  "))
        if let tr = e.input.truncation { out.append("  \(tr.notice)") }
        out.append("input_ids       " + list(e.input.inputIds))
        out.append("token_type_ids  " + list(e.input.tokenTypeIds))
        out.append("attention_mask  " + list(e.input.attentionMask))
        out.append("")
        out.append("BaseModelOutputWithPoolingAndCrossAttentions")
        out.append("  last_hidden_state  (1, \(t), \(h))")
        out.append(
            "  pooler_output      "
                + (e.poolerOutput == nil ? "None (the checkpoint has no pooler weights)" : "(1, \(h))"))
        out.append(
            "  hidden_states      tuple of \(layers + 1) x (1, \(t), \(h))   [0] embeddings, [1..\(layers)] layers")
        out.append("  attentions         tuple of \(layers) x (1, \(c.numAttentionHeads), \(t), \(t))")
        out.append(
            "  intermediate       tuple of \(layers) x (1, \(t), \(c.intermediateSize))   FFN after GELU (bertscope extra)"
        )
        out.append("")
        out.append("last_hidden_state =")
        let last = e.lastHiddenState
        out.append(f.format(shape: [1, t, h]) { last.scalars[last.scalars.startIndex + $0] })
        if let pooler = e.poolerOutput {
            out.append("pooler_output =")
            out.append(f.format(shape: [1, h], summarise: true) { pooler[$0] })
        }
        out.append("")
        out.append("hidden_states (the [CLS] row of each, norm and mean):")
        let analysis = EncodingAnalysis(e)
        for i in e.hiddenStates.indices {
            let s = analysis.clsStats(layer: i) ?? VectorStats([Float]())
            let name = i == 0 ? "embeddings" : "layer \(i)"
            // Numbers as Double and the name outside the format: Float and String varargs misprint on Linux.
            let numbers = String(format: "|h_CLS| %7.3f  mean %7.4f", Double(s.norm), Double(s.mean))
            out.append("  [\(i)] " + name.padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + numbers)
        }
        let comparison = analysis.pooler
        let same = comparison.lastHiddenMaxDifference
        out.append("hidden_states[-1] equals last_hidden_state: \(same == 0 ? "True" : "False (max |diff| \(same))")")
        out.append("")
        let cs = comparison.clsStats
        if let ps = comparison.poolerStats, let cosine = comparison.cosine, let diff = comparison.maxDifference {
            let saturated = ps.saturated
            out.append("pooler_output is not last_hidden_state[:, 0]:")
            out.append("  cosine \(num(cosine, 4))   max |diff| \(num(diff, 4))")
            out.append(
                "  last_hidden_state[:, 0]  norm \(num(cs.norm, 4))  mean \(num(cs.mean, 4))  std \(num(cs.std, 4))  min \(num(cs.min, 4))  max \(num(cs.max, 4))"
            )
            out.append(
                "  pooler_output            norm \(num(ps.norm, 4))  mean \(num(ps.mean, 4))  std \(num(ps.std, 4))  min \(num(ps.min, 4))  max \(num(ps.max, 4))"
            )
            out.append(
                "  \(saturated) of \(h) pooler values saturated by tanh (|x| > \(EncodingAnalysis.saturationThreshold))"
            )
            out.append("  pooler_output = tanh(W h_CLS + b), a dense layer trained for next-sentence prediction")
        } else {
            out.append("last_hidden_state[:, 0]  norm \(num(cs.norm, 4)); no pooler in this checkpoint")
        }
        out.append("")
        out += headLines
        return out.joined(separator: "\n") + "\n"
    }

    private func list(_ v: [Int]) -> String {
        let maxShown = 24
        if v.count <= maxShown { return "[" + v.map(String.init).joined(separator: ", ") + "]" }
        return "[" + v.prefix(12).map(String.init).joined(separator: ", ") + ", ..., "
            + v.suffix(6).map(String.init).joined(separator: ", ") + "]  (\(v.count))"
    }

    private func num(_ v: Float, _ digits: Int) -> String { String(format: "%.\(digits)f", Double(v)) }
    private func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
}
