import BertKit
import Foundation

/// Times what the heads add: the fill-mask of a few `[MASK]`s on top of an encode, and the whole logit lens of one
/// token (the vocabulary projection on every layer's hidden state).
public enum HeadBench {
    /// The heads' timings at one input length.
    public struct Result: Sendable {
        /// Tokens in the input, [CLS] and [SEP] included.
        public let tokens: Int
        /// `[MASK]`s in the fill-mask input.
        public let masks: Int
        /// Median ms the masks add to an encode: the heads' own time inside the encode with masks, less their time
        /// in the same input without (NSP, a classifier), each timed by the encode's clock so machine load on the
        /// rest of the forward pass does not enter it.
        public let fillMaskMs: Double
        /// Median ms of the logit lens for one token (L+1 rows through the MLM head).
        public let lensMs: Double
        /// Median ms of an encode without masks (what `fillMaskMs` is added to).
        public let encodeMs: Double
    }

    /// Times `model`'s MLM head at `tokens` tokens with `masks` masks; nil when it has no MLM head (or no `[MASK]`).
    public static func run(model: BertModel, tokens: Int, masks: Int = 3, minRuns: Int = 10, seconds: Double = 1.0)
        -> Result?
    {
        guard model.heads.maskedLM, let maskId = model.maskTokenId else { return nil }
        HeapPolicy.keepFreedOutputs()
        let plain = BenchInput.input(tokens: tokens, model: model)
        // The same input with `masks` word pieces, spread over the sentence, replaced by [MASK].
        var pieces = plain.tokens
        let inner = Array(1..<max(1, pieces.count - 1))
        let chosen = (0..<min(masks, inner.count)).map { inner[($0 * 2 + 1) * inner.count / (2 * max(1, masks))] }
        for p in chosen {
            pieces[p] = Token(id: maskId, text: "[MASK]", segment: pieces[p].segment, span: pieces[p].span)
        }
        let masked = TokenizedInput(textA: plain.textA, textB: nil, tokens: pieces, truncation: nil)
        for _ in 0..<3 {
            _ = model.encode(plain)
            _ = model.encode(masked)
        }
        var withMasks = Samples()
        var without = Samples()
        var headsWith = Samples()
        var headsWithout = Samples()
        var lens = Samples()
        let encoding = model.encode(plain)
        let position = plain.tokens.count / 2
        let deadline = BenchClock.now() + seconds
        // Interleaved, so both medians see the same machine load.
        while withMasks.count < minRuns || (BenchClock.now() < deadline && withMasks.count < 2000) {
            let a = BenchClock.time { model.encode(plain) }
            without.append(a.seconds * 1000)
            headsWithout.append(a.value.heads.seconds * 1000)
            let b = BenchClock.time { model.encode(masked) }
            withMasks.append(b.seconds * 1000)
            headsWith.append(b.value.heads.seconds * 1000)
            lens.append(BenchClock.time { model.logitLens(encoding, positions: [position]) }.seconds * 1000)
        }
        return Result(
            tokens: plain.tokens.count, masks: chosen.count, fillMaskMs: max(0, headsWith.median - headsWithout.median),
            lensMs: lens.median, encodeMs: without.median)
    }
}
