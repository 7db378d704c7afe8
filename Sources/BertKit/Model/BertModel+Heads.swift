import Foundation

extension BertModel: HeadRunner {
    /// Predictions kept per mask and per lens layer.
    public static let predictionsKept = 10

    /// Which heads the checkpoint has.
    public var heads: HeadInventory { weights.headInventory }

    /// Id of the tokenizer's mask token (`[MASK]`), nil when the vocabulary has none.
    public var maskTokenId: Int? { maskId }

    /// The heads on `encoding` (call with the lock held: the engine's buffers are shared).
    func headOutputs(_ encoding: Encoding, lens: [Int]) -> HeadOutputs {
        let start = DispatchTime.now().uptimeNanoseconds
        var outputs = encoder.heads(
            for: encoding, inventory: weights.headInventory, maskId: maskId, vocabulary: tokenizer.vocabulary,
            lens: lens,
            top: Self.predictionsKept)
        outputs.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return outputs
    }

    /// The logit lens (the MLM head on `hidden_states[l]` for every layer l) at `positions` of `encoding`;
    /// empty without an MLM head.
    public func logitLens(_ encoding: Encoding, positions: [Int]) -> [LogitLens] {
        lock.lock()
        defer { lock.unlock() }
        return encoder.heads(
            for: encoding, inventory: weights.headInventory, maskId: nil, vocabulary: tokenizer.vocabulary,
            lens: positions, top: Self.predictionsKept
        ).lens
    }

    /// The lens at `position` unless the model is encoding right now (then nil, at once).
    func logitLensIfIdle(_ encoding: Encoding, position: Int) -> LogitLens?? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        return encoder.heads(
            for: encoding, inventory: weights.headInventory, maskId: nil, vocabulary: tokenizer.vocabulary,
            lens: [position], top: Self.predictionsKept
        ).lens.first
    }

    /// HF's `prediction_logits` (T, vocab): the MLM head on every token of last_hidden_state; nil without one.
    public func predictionLogits(_ encoding: Encoding) -> Matrix? {
        guard let mlm = weights.heads.maskedLM else { return nil }
        lock.lock()
        defer { lock.unlock() }
        let last = encoding.lastHiddenState
        let logits = encoder.maskedLMLogits(mlm, rows: (0..<last.rows).map { last.row($0) })
        return Matrix(rows: last.rows, cols: mlm.decoder.outputs, base: logits)
    }
}

extension BertModel {
    /// `encoding.safetensors()` plus `prediction_logits` (T, vocab) when the checkpoint has an MLM head.
    public func safetensors(_ encoding: Encoding) -> SafeTensorsWriter {
        var w = encoding.safetensors()
        if let logits = predictionLogits(encoding) {
            w.add("prediction_logits", shape: [logits.rows, logits.cols], floats: logits.scalars)
        }
        return w
    }
}
