import Foundation

extension InspectReport {
    /// Predictions shown per mask.
    static let masksShown = 5

    /// The heads' section: top-5 per mask, P(IsNext), the classifier's labels, the lens; or what is missing.
    var headLines: [String] {
        let e = encoding
        let heads = e.heads
        let inventory = heads.inventory
        var out: [String] = []
        var kinds: [String] = []
        if inventory.maskedLM { kinds.append("masked LM") }
        if inventory.nextSentence { kinds.append("next-sentence prediction") }
        if let c = inventory.classifier { kinds.append("\(c.kind.rawValue) classification") }
        out.append(
            "heads: "
                + (kinds.isEmpty
                    ? "none (this checkpoint has no MLM, NSP or classifier head)" : kinds.joined(separator: ", ")))
        for note in inventory.notes { out.append("  note: \(note)") }
        let maskPositions = e.tokens.indices.filter { e.tokens[$0].text == maskText }
        if !maskPositions.isEmpty && !inventory.maskedLM {
            out.append(
                "[MASK] at \(maskPositions.map(String.init).joined(separator: ", ")): \(HeadInventory.absence("MLM"))")
        }
        if !heads.masks.isEmpty {
            out.append("")
            out.append(
                "fill-mask (top \(Self.masksShown) per [MASK], softmax over the \(e.config.vocabSize)-entry vocabulary):"
            )
            for m in heads.masks {
                let top = m.top.prefix(Self.masksShown).map {
                    "\($0.token) \(String(format: "%.4f", Double($0.probability)))"
                }
                out.append("  [MASK] at \(m.position):  " + top.joined(separator: "   "))
            }
        }
        if let nsp = heads.nextSentence {
            out.append("")
            out.append("next-sentence prediction: pooler_output -> cls.seq_relationship -> softmax, index 0 = IsNext")
            let logits = nsp.logits.map { String(format: "%.4f", Double($0)) }.joined(separator: ", ")
            var line = "  seq_relationship_logits [\(logits)]   P(IsNext) \(String(format: "%.4f", Double(nsp.isNext)))"
            if e.input.textB == nil { line += "   (no sentence B: --pair gives one)" }
            out.append(line)
        }
        if let labels = heads.sequenceLabels, let info = inventory.classifier {
            out.append("")
            out.append(
                "sequence classification (\(scoringName(info.scoring)) over \(labels.count) labels, from pooler_output):"
            )
            let width = labels.map { $0.label.count }.max() ?? 0
            for l in labels {
                let bar =
                    info.scoring == .raw
                    ? "" : "  " + String(repeating: "█", count: Int((max(0, min(1, l.score)) * 20).rounded()))
                out.append(
                    "  \(l.label.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(format: "%.4f", Double(l.score)))\(bar)"
                )
            }
        }
        if let tags = heads.tokenTags {
            out.append("")
            out.append("token classification (the best label per token, from last_hidden_state):")
            out.append("  " + zip(e.tokens, tags).map { "\($0.text)/\($1.label)" }.joined(separator: "  "))
        }
        for lens in heads.lens {
            out.append("")
            let token = lens.position < e.tokenCount ? e.tokens[lens.position].text : "?"
            let answer = lens.answer.map { "'\($0.token)'" } ?? "?"
            out.append(
                "logit lens at \(lens.position) (\(token)): the MLM head on hidden_states[l]; final answer \(answer)")
            for s in lens.steps {
                let top = s.top.first.map { "\($0.token) \(String(format: "%.4f", Double($0.probability)))" } ?? ""
                let name = s.layer == 0 ? "embeddings" : "layer \(s.layer)"
                out.append(
                    "  [\(s.layer)] \(name.padding(toLength: 10, withPad: " ", startingAt: 0))  top \(top.padding(toLength: 24, withPad: " ", startingAt: 0))"
                        + "  answer rank \(s.answerRank)  p \(String(format: "%.4f", Double(s.answerProbability)))")
            }
        }
        return out
    }

    private var maskText: String { "[MASK]" }

    private func scoringName(_ s: ClassifierInfo.Scoring) -> String {
        switch s {
        case .softmax: return "softmax"
        case .sigmoid: return "sigmoid per label, multi-label"
        case .raw: return "raw scores"
        }
    }
}
