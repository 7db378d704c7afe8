import Foundation

extension Encoding {
    /// Every output as safetensors tensors named the HF way, batch dimension dropped:
    /// `input_ids`, `token_type_ids`, `attention_mask` (I64), `last_hidden_state`, `pooler_output`,
    /// `hidden_states.{i}`, `attentions.{i}` (heads, T, T), `intermediate.{i}`; token strings in the metadata.
    public func safetensors() -> SafeTensorsWriter {
        var w = SafeTensorsWriter()
        let t = tokenCount, h = config.hiddenSize
        w.add("input_ids", shape: [t], ints: input.inputIds)
        w.add("token_type_ids", shape: [t], ints: input.tokenTypeIds)
        w.add("attention_mask", shape: [t], ints: input.attentionMask)
        w.add("last_hidden_state", shape: [t, h], floats: lastHiddenState.scalars)
        if let pooler = poolerOutput { w.add("pooler_output", shape: [h], floats: pooler) }
        for (i, m) in hiddenStates.enumerated() { w.add("hidden_states.\(i)", shape: [t, h], floats: m.scalars) }
        for (i, heads) in attentions.enumerated() {
            w.add("attentions.\(i)", shape: [heads.count, t, t], floats: heads.flatMap { $0.scalars })
        }
        for (i, m) in intermediates.enumerated() {
            w.add("intermediate.\(i)", shape: [t, config.intermediateSize], floats: m.scalars)
        }
        let tokensJSON = (try? JSONSerialization.data(withJSONObject: tokens.map(\.text)))
            .flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        w.metadata = ["format": "pt", "model": modelName, "tokens": tokensJSON, "text": input.textA]
        if let b = input.textB { w.metadata["text_pair"] = b }
        return w
    }
}
