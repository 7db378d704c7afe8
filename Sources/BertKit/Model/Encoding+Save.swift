import Foundation

extension Encoding {
    /// Every output as safetensors tensors named the HF way, batch dimension dropped:
    /// `input_ids`, `token_type_ids`, `attention_mask` (I64), `offsets` (I64 (T, 2): HF's `offset_mapping`,
    /// unicode-scalar spans of each token's own sentence, (0, 0) for `[CLS]`/`[SEP]`), `last_hidden_state`, `pooler_output`,
    /// `hidden_states.{i}`, `attentions.{i}` (heads, T, T), `intermediate.{i}`; token strings in the metadata.
    /// Also the analyses of issue 13: `rollout.{i}` (T, T), `attention_norms.{i}` (heads, T, T) and `head_roles`
    /// (layers, heads, 7), see `addFlow`.
    public func safetensors() -> SafeTensorsWriter {
        var w = SafeTensorsWriter()
        let t = tokenCount
        let h = config.hiddenSize
        w.add("input_ids", shape: [t], ints: input.inputIds)
        w.add("token_type_ids", shape: [t], ints: input.tokenTypeIds)
        w.add("attention_mask", shape: [t], ints: input.attentionMask)
        w.add("offsets", shape: [t, 2], ints: input.offsets.flatMap { [$0.lowerBound, $0.upperBound] })
        w.add("last_hidden_state", shape: [t, h], floats: lastHiddenState.scalars)
        if let pooler = poolerOutput { w.add("pooler_output", shape: [h], floats: pooler) }
        for (i, m) in hiddenStates.enumerated() { w.add("hidden_states.\(i)", shape: [t, h], floats: m.scalars) }
        for (i, heads) in attentions.enumerated() {
            w.add("attentions.\(i)", shape: [heads.count, t, t], floats: heads.flatMap { $0.scalars })
        }
        for (i, m) in intermediates.enumerated() {
            w.add("intermediate.\(i)", shape: [t, config.intermediateSize], floats: m.scalars)
        }
        addHeads(to: &w)
        addFlow(to: &w)
        let tokensJSON =
            (try? JSONSerialization.data(withJSONObject: tokens.map(\.text)))
            .flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        w.metadata = ["format": "pt", "model": modelName, "tokens": tokensJSON, "text": input.textA]
        if let b = input.textB { w.metadata["text_pair"] = b }
        return w
    }
}

extension Encoding {
    /// The heads' outputs under HF's names: `seq_relationship_logits` (2), `logits` ((labels) or (T, labels)),
    /// `logit_lens.{i}` (L+1, 10) I64, the top-10 token ids per layer at position i.
    /// (`prediction_logits` (T, vocab) needs the model: `BertModel.safetensors(_:)` adds it.)
    func addHeads(to w: inout SafeTensorsWriter) {
        if let nsp = heads.nextSentence { w.add("seq_relationship_logits", shape: [2], floats: nsp.logits) }
        if let labels = heads.sequenceLabels { w.add("logits", shape: [labels.count], floats: labels.map(\.logit)) }
        if let m = heads.tokenLogits { w.add("logits", shape: [m.rows, m.cols], floats: m.scalars) }
        for lens in heads.lens {
            let k = lens.steps.map(\.top.count).min() ?? 0
            w.add(
                "logit_lens.\(lens.position)", shape: [lens.steps.count, k],
                ints: lens.steps.flatMap { $0.top.prefix(k).map(\.id) })
        }
    }
}

extension Encoding {
    /// The flow analyses under their `--save` names: `rollout.{i}` (T, T), the rollout through `attentions.{i}`,
    /// `attention_norms.{i}` (heads, T, T), the value-weighted norms `alpha * ||f(x)||` of `attentions.{i}` (when the
    /// encoding carries its value vectors, as every forward pass's does), and `head_roles` (layers, heads, 7),
    /// columns [CLS], [SEP], punctuation, previous, same, next, entropy (`HeadRoles.Column`).
    func addFlow(to w: inout SafeTensorsWriter) {
        let analysis = EncodingAnalysis(self)
        let t = tokenCount
        for layer in stride(from: 1, through: layerCount, by: 1) {
            guard let r = analysis.rollout(layer: layer) else { continue }
            w.add("rollout.\(layer - 1)", shape: [t, t], floats: r)
        }
        for layer in stride(from: 1, through: layerCount, by: 1) {
            guard let n = analysis.attentionNormsPerHead(layer: layer) else { continue }
            w.add("attention_norms.\(layer - 1)", shape: [config.numAttentionHeads, t, t], floats: n)
        }
        let roles = analysis.headRoles
        w.add("head_roles", shape: [roles.layers, roles.heads, HeadRoles.Column.allCases.count], floats: roles.values)
    }
}
