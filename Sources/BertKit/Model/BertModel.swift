import Foundation

/// A loaded BERT: config, tokenizer and weights. `encode` is the one call from text to an `Encoding`.
///
/// Thread-safe: calls are serialised on an internal lock because the forward pass reuses
/// buffers made once per model.
public final class BertModel: @unchecked Sendable {
    /// Display name (the folder's or hub id's last part).
    public let name: String
    /// How the model's users make a sentence embedding (sentence-transformers' `modules.json`); nil for a plain
    /// BertModel folder.
    public let sentencePooling: SentencePooling?
    /// The folder it was loaded from.
    public let directory: URL
    /// The model's config.
    public let config: BertConfig
    /// Its tokenizer.
    public let tokenizer: BertTokenizer
    /// Seconds spent loading (weights mapped and checked, tokenizer read).
    public let loadSeconds: Double

    let weights: BertWeights
    let encoder: Encoder
    let lock = NSLock()
    /// Id of `[MASK]` (nil when the vocabulary has none).
    let maskId: Int?

    /// Finds the model for a `--model` value (nil: the default model) and loads it.
    /// `engine` nil runs what this CPU runs best (`Engine.preferred`).
    public static func load(spec: String?, environment: [String: String], engine: Engine? = nil) throws -> BertModel {
        let url = try ModelLocator(environment: environment).resolve(spec)
        return try BertModel(directory: url, name: spec.map { displayName(spec: $0, url: url) }, engine: engine)
    }

    static func displayName(spec: String, url: URL) -> String {
        if FileManager.default.fileExists(atPath: (spec as NSString).expandingTildeInPath) {
            return url.standardizedFileURL.lastPathComponent
        }
        return spec.split(separator: "/").last.map(String.init) ?? spec
    }

    /// Loads the model in `directory`: config.json, vocab.txt (or tokenizer.json), model.safetensors.
    /// `engine` nil runs what this CPU runs best (`Engine.preferred`); `.simd` on a CPU without AVX2 and FMA throws.
    public init(directory: URL, name: String? = nil, engine: Engine? = nil) throws {
        let engine = engine ?? .preferred
        try engine.check()
        let start = DispatchTime.now().uptimeNanoseconds
        self.directory = directory
        self.name = name ?? directory.standardizedFileURL.lastPathComponent
        config = try BertConfig.load(from: directory.appendingPathComponent("config.json"))
        sentencePooling = try SentencePooling.read(folder: directory)
        tokenizer = try BertTokenizer.load(directory: directory)
        weights = try BertWeights(
            directory: directory, config: config,
            heads: HeadConfig.load(from: directory.appendingPathComponent("config.json")),
            layout: engine.layout)
        if tokenizer.vocabulary.count > config.vocabSize {
            throw BertError.invalidFile(
                path: tokenizer.source,
                reason:
                    "vocabulary has \(tokenizer.vocabulary.count) entries but the embedding table has \(config.vocabSize) rows"
            )
        }
        // The id a typed [MASK] gets, as the tokenizer resolves it (HF's mask_token_id): the added token's id when
        // tokenizer.json declares one, else the vocabulary's (whose index keeps the later of duplicate lines).
        let mask = tokenizer.options.maskToken
        maskId = tokenizer.addedTokens.first { $0.content == mask }?.id ?? tokenizer.id(of: mask)
        encoder = Encoder(config: config, weights: weights)
        loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Tokenizes `text` (and `pair`, as sentence B) and runs the forward pass and the checkpoint's heads
    /// (the MLM head at every `[MASK]`, and the logit lens at the `lens` positions).
    public func encode(_ text: String, pair: String? = nil, lens: [Int] = []) throws -> Encoding {
        encode(try checkedInput(text, pair: pair, lens: lens), lens: lens)
    }

    /// Runs the forward pass and the heads on already tokenized input, which must pass `check` (the text
    /// path checks it; input built by hand that does not fit the model's buffers is a programmer error and traps).
    public func encode(_ input: TokenizedInput, lens: [Int] = []) -> Encoding {
        precondition((try? check(input, lens: lens)) != nil, "input does not fit the model: call check(_:lens:) first")
        lock.lock()
        defer { lock.unlock() }
        var encoding = encoder.run(input: input, modelName: name)
        encoding.sentencePooling = sentencePooling
        encoding.heads = headOutputs(encoding, lens: lens)
        if !encoding.heads.inventory.isEmpty { encoding.heads.runner = self }
        return encoding
    }

    /// Tokenizes and runs the forward pass and the heads like `encode(_:pair:lens:)`, showing `observer` each
    /// finished layer; nil when the observer stopped it (see `encode(_:lens:observer:)`).
    public func encode(
        _ text: String, pair: String?, lens: [Int] = [], observer: (ForwardProgress) -> ForwardStep
    ) throws -> Encoding? {
        encode(try checkedInput(text, pair: pair, lens: lens), lens: lens, observer: observer)
    }

    /// Runs the forward pass on `input` (which must pass `check`), calling `observer` after the embeddings and
    /// after each layer, on this thread, with the layers done so far; between layers is where a pass can be
    /// cancelled: when `observer` returns `.stop` the pass ends there and this returns nil. The heads run once the
    /// last layer is done. The observer must not call back into this model (calls are serialised). Results are
    /// the same numbers as `encode(_:lens:)`.
    public func encode(
        _ input: TokenizedInput, lens: [Int] = [], observer: (ForwardProgress) -> ForwardStep
    ) -> Encoding? {
        precondition((try? check(input, lens: lens)) != nil, "input does not fit the model: call check(_:lens:) first")
        lock.lock()
        defer { lock.unlock() }
        guard var encoding = encoder.run(input: input, modelName: name, observer: observer) else { return nil }
        encoding.sentencePooling = sentencePooling
        encoding.heads = headOutputs(encoding, lens: lens)
        // The explorer encodes through this path: without the runner its logit lens never arrives.
        if !encoding.heads.inventory.isEmpty { encoding.heads.runner = self }
        return encoding
    }

    /// `text` (and `pair`) tokenized for this model, checked to fit it.
    func checkedInput(_ text: String, pair: String?, lens: [Int]) throws -> TokenizedInput {
        if pair != nil && config.typeVocabSize < 2 {
            throw BertError.pairNotSupported(model: name, typeVocabSize: config.typeVocabSize)
        }
        let specials = pair == nil ? 2 : 3
        if config.maxPositionEmbeddings < specials {
            throw BertError.invalidInput(
                reason: "\(name) has max_position_embeddings \(config.maxPositionEmbeddings): too few positions for "
                    + (pair == nil ? "[CLS] and [SEP]" : "a pair's [CLS] and two [SEP]"))
        }
        let input = tokenizer.encode(text, pair: pair, maxLength: config.maxPositionEmbeddings)
        try check(input, lens: lens)
        return input
    }
}

extension BertModel {
    /// Throws `BertError.invalidInput` when the forward pass could not run `input` within its buffers and tables,
    /// or a logit-lens position is not one of its tokens.
    public func check(_ input: TokenizedInput, lens: [Int] = []) throws {
        let t = input.tokens.count
        guard t >= 1 else { throw BertError.invalidInput(reason: "the input has no tokens") }
        guard t <= config.maxPositionEmbeddings else {
            throw BertError.invalidInput(
                reason: "the input has \(t) tokens but \(name) has \(config.maxPositionEmbeddings) positions")
        }
        if let bad = input.tokens.first(where: { $0.id < 0 || $0.id >= config.vocabSize }) {
            throw BertError.invalidInput(
                reason: "token id \(bad.id) is outside \(name)'s vocabulary (0 to \(config.vocabSize - 1))")
        }
        if let bad = input.tokens.first(where: { $0.segment < 0 }) {
            throw BertError.invalidInput(reason: "token_type_id \(bad.segment) is negative")
        }
        if let bad = lens.first(where: { !(0..<t).contains($0) }) {
            throw BertError.invalidInput(reason: "token \(bad) does not exist: the input has tokens 0 to \(t - 1)")
        }
    }

    /// Bytes of tensor data in the checkpoint file(s).
    public var weightBytes: Int { weights.fileBytes }
}
