import BertKit
import ScopeUI
import TestSupport

/// Shared builders for the ScopeUI tests.
enum Fixtures {
    /// A MiniLM-shaped config: 6 layers, hidden 384, 12 heads, intermediate 1536.
    static let miniLMConfig = BertConfig(
        vocabSize: 30522, hiddenSize: 384, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 1536)

    /// 30 word pieces: with [CLS] and [SEP], 32 tokens.
    static let longPieces = [
        "the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", ",", "and", "then", "it",
        "naps", "in", "the", "warm", "after", "##noon", "sun", "while", "bird", "##s", "sing", "songs", "of",
        "spring", "near", "by", ".",
    ]

    /// Options for `config` with a pinned colour mode and the built-in dark theme.
    static func options(
        config: BertConfig = SyntheticEncoding.smallConfig, sentence: String = "hello , my dog is cute",
        mode: ColorMode = .palette256, layer: Int? = nil, themes: [Theme] = []
    ) -> ExplorerOptions {
        ExplorerOptions(
            modelName: "synthetic-bert", config: config, sentence: sentence, layer: layer, head: .single(0),
            theme: .builtIn, themes: themes, colorMode: mode)
    }

    /// A core showing the small synthetic encoding (2 layers, 4 heads, hidden 16, 8 tokens), at `size`.
    static func smallCore(mode: ColorMode = .palette256, size: Size = Size(width: 80, height: 24)) -> ExplorerCore {
        var core = ExplorerCore(options: options(mode: mode))
        let effects = core.start()
        _ = core.handle(.resize(size))
        let id = requestID(effects) ?? 0
        core.receive(SyntheticEncoding.make(), request: id)
        return core
    }

    /// A core showing a MiniLM-shaped encoding of 32 tokens.
    static func miniLMCore(mode: ColorMode = .palette256, size: Size = Size(width: 120, height: 40)) -> ExplorerCore {
        var opts = options(config: miniLMConfig, sentence: sentence(of: longPieces), mode: mode)
        opts.modelName = "all-MiniLM-L6-v2"
        var core = ExplorerCore(options: opts)
        let effects = core.start()
        _ = core.handle(.resize(size))
        core.receive(
            SyntheticEncoding.make(pieces: longPieces, config: miniLMConfig, modelName: "all-MiniLM-L6-v2"),
            request: requestID(effects) ?? 0)
        return core
    }

    /// The text SyntheticEncoding.make builds for `pieces` (so input-line spans line up).
    static func sentence(of pieces: [String]) -> String {
        var text = ""
        for (i, p) in pieces.enumerated() {
            if p.hasPrefix("##") {
                text += p.dropFirst(2)
            } else {
                text += (i > 0 ? " " : "") + p
            }
        }
        return text
    }

    /// The id of the first `.encode` effect.
    static func requestID(_ effects: [Effect]) -> Int? {
        for e in effects {
            if case .encode(let r) = e { return r.id }
        }
        return nil
    }

    /// Presses keys in order, returning all effects.
    @discardableResult
    static func press(_ keys: [Key], _ core: inout ExplorerCore) -> [Effect] {
        keys.flatMap { core.handle(.key($0)) }
    }

    /// Types `text` one character at a time.
    @discardableResult
    static func type(_ text: String, _ core: inout ExplorerCore) -> [Effect] {
        press(text.map { Key.character($0) }, &core)
    }
}

extension Fixtures {
    /// `base` with its input, pooler or model name replaced (the tensors stay the same shape).
    static func variant(
        of base: Encoding, input: TokenizedInput? = nil, pooler: [Float]?? = nil
    ) -> Encoding {
        Encoding(
            modelName: base.modelName, config: base.config, input: input ?? base.input,
            hiddenStates: base.hiddenStates, attentions: base.attentions, intermediates: base.intermediates,
            poolerOutput: pooler ?? base.poolerOutput, forwardSeconds: base.forwardSeconds)
    }

    /// The small synthetic encoding re-labelled as the pair "my dog" / "is cute": [CLS] my dog [SEP] is cute [SEP] + 1.
    static func pairEncoding() -> Encoding {
        let base = SyntheticEncoding.make(pieces: ["my", "dog", "is", "cute", "!", "?"])
        let tokens = [
            Token(id: 1, text: "[CLS]", segment: 0, span: nil),
            Token(id: 10, text: "my", segment: 0, span: 0..<2),
            Token(id: 11, text: "dog", segment: 0, span: 3..<6),
            Token(id: 2, text: "[SEP]", segment: 0, span: nil),
            Token(id: 12, text: "is", segment: 1, span: 0..<2),
            Token(id: 13, text: "cute", segment: 1, span: 3..<7),
            Token(id: 14, text: "!", segment: 1, span: 7..<8),
            Token(id: 2, text: "[SEP]", segment: 1, span: nil),
        ]
        return variant(
            of: base, input: TokenizedInput(textA: "my dog", textB: "is cute!", tokens: tokens, truncation: nil))
    }

    /// A core in `options` that has shown `encoding` for its first request.
    static func core(_ options: ExplorerOptions, showing encoding: Encoding, size: Size) -> ExplorerCore {
        var core = ExplorerCore(options: options)
        let id = requestID(core.start()) ?? 0
        _ = core.handle(.resize(size))
        core.receive(encoding, request: id)
        return core
    }
}
