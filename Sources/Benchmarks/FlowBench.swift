import BertKit
import Foundation

/// Times issue 13's analyses as the explorer asks for them: for the layer on screen of one encoding, rollout, the
/// value-weighted norms, the token x token similarity, the selected token's change across layers and every head's
/// roles (each the first computation on a fresh analysis, so nothing is cached), and attention flow by length.
public enum FlowBench {
    /// The per-layer analyses at one length.
    public struct LayerResult: Sendable {
        /// Tokens in the input, [CLS] and [SEP] included.
        public let tokens: Int
        /// The layer timed (the middle one, what a slider at rest tends to show).
        public let layer: Int
        /// Median ms of the rollout through `layer` (from the attentions; every lower layer's too).
        public let rolloutMs: Double
        /// Median ms of the value-weighted norms of `layer` (per-head norms, the head-summed norms, the shares).
        public let normsMs: Double
        /// Median ms of the token x token cosine matrix of `hidden_states[layer]` (with its summaries).
        public let similarityMs: Double
        /// Median ms of the middle token's change across layers (cosines to layer 0 and to the layer before).
        public let tokenChangeMs: Double
        /// Median ms of the head roles of every layer and head (computed at once for all layers).
        public let headRolesMs: Double
        /// Median ms the forward pass takes at this length (the same runs' encodes).
        public let encodeMs: Double
    }

    /// Attention flow at one length.
    public struct FlowResult: Sendable {
        /// Tokens in the input.
        public let tokens: Int
        /// Median ms of the flow at layer 1 ... L, one entry per layer.
        public let layerMs: [Double]
    }

    /// The analyses of the middle layer at `tokens` tokens, timed `minRuns` times or for `seconds`.
    public static func layer(model: BertModel, tokens: Int, minRuns: Int = 10, seconds: Double = 1.0) -> LayerResult {
        HeapPolicy.keepFreedOutputs()
        let input = BenchInput.input(tokens: tokens, model: model)
        let layer = max(1, (model.config.numHiddenLayers + 1) / 2)
        for _ in 0..<3 { _ = model.encode(input) }
        var rollout = Samples()
        var norms = Samples()
        var similarity = Samples()
        var tokenChange = Samples()
        var headRoles = Samples()
        var encode = Samples()
        let token = input.tokens.count / 2
        let deadline = BenchClock.now() + seconds
        while rollout.count < minRuns || (BenchClock.now() < deadline && rollout.count < 2000) {
            let timed = BenchClock.time { model.encode(input) }
            encode.append(timed.seconds * 1000)
            let a = EncodingAnalysis(timed.value)
            rollout.append(BenchClock.time { a.rollout(layer: layer) }.seconds * 1000)
            let fresh = EncodingAnalysis(timed.value)
            norms.append(
                BenchClock.time { (fresh.attentionNorms(layer: layer), fresh.attentionShares(layer: layer)) }
                    .seconds * 1000)
            let cosines = EncodingAnalysis(timed.value)
            similarity.append(BenchClock.time { cosines.similarity(layer: layer) }.seconds * 1000)
            let changes = EncodingAnalysis(timed.value)
            tokenChange.append(BenchClock.time { changes.tokenChange(token: token) }.seconds * 1000)
            let roles = EncodingAnalysis(timed.value)
            headRoles.append(BenchClock.time { roles.headRoles }.seconds * 1000)
        }
        return LayerResult(
            tokens: input.tokens.count, layer: layer, rolloutMs: rollout.median, normsMs: norms.median,
            similarityMs: similarity.median, tokenChangeMs: tokenChange.median, headRolesMs: headRoles.median,
            encodeMs: encode.median)
    }

    /// Attention flow at every layer at `tokens` tokens (the median of `runs` runs each; it is slow).
    public static func flow(model: BertModel, tokens: Int, runs: Int = 3) -> FlowResult {
        let encoding = model.encode(BenchInput.input(tokens: tokens, model: model))
        let layers = model.config.numHiddenLayers
        var ms: [Double] = []
        for layer in 1...max(1, layers) {
            var s = Samples()
            for _ in 0..<max(1, runs) {
                let a = EncodingAnalysis(encoding)
                s.append(BenchClock.time { a.flow(layer: layer) }.seconds * 1000)
            }
            ms.append(s.median)
        }
        return FlowResult(tokens: encoding.tokenCount, layerMs: ms)
    }
}
