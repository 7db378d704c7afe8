import BertKit
import Foundation

/// Deterministic fake encodings for UI and export tests: realistic shapes and value ranges, no model needed.
public enum SyntheticEncoding {
    /// A small config (2 layers, hidden 16, 4 heads, intermediate 32) unless given.
    public static let smallConfig = BertConfig(
        vocabSize: 100, hiddenSize: 16, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 32,
        maxPositionEmbeddings: 64)

    /// An encoding of `pieces` (wrapped in [CLS] ... [SEP]) whose every value is a fixed function of its indices.
    public static func make(
        pieces: [String] = ["hello", ",", "my", "dog", "is", "cute"], config: BertConfig = smallConfig,
        modelName: String = "synthetic-bert"
    ) -> Encoding {
        var tokens = [Token(id: 1, text: "[CLS]", segment: 0, span: nil)]
        var text = ""
        var at = 0
        for (i, p) in pieces.enumerated() {
            let clean = p.hasPrefix("##") ? String(p.dropFirst(2)) : p
            if i > 0 && !p.hasPrefix("##") {
                text += " "
                at += 1
            }
            let n = clean.unicodeScalars.count
            tokens.append(Token(id: 10 + i, text: p, segment: 0, span: at..<(at + n)))
            text += clean
            at += n
        }
        tokens.append(Token(id: 2, text: "[SEP]", segment: 0, span: nil))
        let t = tokens.count
        let h = config.hiddenSize
        let heads = config.numAttentionHeads
        let layers = config.numHiddenLayers
        let inter = config.intermediateSize
        let input = TokenizedInput(textA: text, textB: nil, tokens: tokens, truncation: nil)

        var hidden = [Float](repeating: 0, count: (layers + 1) * t * h)
        for l in 0...layers {
            for i in 0..<t {
                for k in 0..<h {
                    var v = sin(Float(l * 7 + i * 3 + k) * 0.37) * (1 + Float(l) * 0.5)
                    if k == 3 { v *= 6 }  // an outlier dimension, as real BERTs have
                    hidden[(l * t + i) * h + k] = v
                }
            }
        }
        var attention = [Float](repeating: 0, count: layers * heads * t * t)
        for l in 0..<layers {
            for hd in 0..<heads {
                for i in 0..<t {
                    var row = (0..<t).map { j in exp(cos(Float(i * (hd + 1) + j * (l + 2)) * 0.5) * 2) }
                    if hd == 0 { row[0] += 8 }  // a head that looks at [CLS]
                    let s = row.reduce(0, +)
                    for j in 0..<t { attention[((l * heads + hd) * t + i) * t + j] = row[j] / s }
                }
            }
        }
        var intermediate = [Float](repeating: 0, count: layers * t * inter)
        for idx in intermediate.indices { intermediate[idx] = max(-0.17, sin(Float(idx) * 0.21) * 2) }
        let last = layers * t * h
        let pooler = (0..<h).map { k in tanh(hidden[last + k] * 0.8 + 0.3) }
        return Encoding(
            modelName: modelName, config: config, input: input,
            hiddenStates: (0...layers).map { Matrix(rows: t, cols: h, base: hidden, offset: $0 * t * h) },
            attentions: (0..<layers).map { l in
                (0..<heads).map { hd in Matrix(rows: t, cols: t, base: attention, offset: (l * heads + hd) * t * t) }
            },
            intermediates: (0..<layers).map {
                Matrix(rows: t, cols: inter, base: intermediate, offset: $0 * t * inter)
            },
            poolerOutput: pooler, forwardSeconds: 0.0012)
    }
}

extension SyntheticEncoding {
    /// The first `layers` layers of `encoding` as the prefix a running forward pass hands out: hidden states
    /// 0...layers, their attentions and FFN activations, no pooler.
    public static func prefix(of encoding: Encoding, layers: Int) -> Encoding {
        Encoding(
            modelName: encoding.modelName, config: encoding.config, input: encoding.input,
            hiddenStates: Array(encoding.hiddenStates.prefix(layers + 1)),
            attentions: Array(encoding.attentions.prefix(layers)),
            intermediates: Array(encoding.intermediates.prefix(layers)), poolerOutput: nil,
            forwardSeconds: encoding.forwardSeconds / 2)
    }
}
