import Foundation

/// A loaded BERT: config, tokenizer and weights. `encode` is the one call from text to an `Encoding`.
///
/// Thread-safe: calls are serialised on an internal lock because the forward pass reuses
/// buffers made once per model.
public final class BertModel: @unchecked Sendable {
    /// Display name (the folder's or hub id's last part).
    public let name: String
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
    private let lock = NSLock()

    /// Finds the model for a `--model` value (nil: the default model) and loads it.
    public static func load(spec: String?, environment: [String: String]) throws -> BertModel {
        let url = try ModelLocator(environment: environment).resolve(spec)
        return try BertModel(directory: url, name: spec.map { displayName(spec: $0, url: url) })
    }

    static func displayName(spec: String, url: URL) -> String {
        if FileManager.default.fileExists(atPath: (spec as NSString).expandingTildeInPath) {
            return url.standardizedFileURL.lastPathComponent
        }
        return spec.split(separator: "/").last.map(String.init) ?? spec
    }

    /// Loads the model in `directory`: config.json, vocab.txt (or tokenizer.json), model.safetensors.
    public init(directory: URL, name: String? = nil) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        self.directory = directory
        self.name = name ?? directory.standardizedFileURL.lastPathComponent
        config = try BertConfig.load(from: directory.appendingPathComponent("config.json"))
        tokenizer = try BertTokenizer.load(directory: directory)
        weights = try BertWeights(directory: directory, config: config)
        if tokenizer.vocabulary.count > config.vocabSize {
            throw BertError.invalidFile(
                path: directory.appendingPathComponent("vocab.txt").path,
                reason: "vocabulary has \(tokenizer.vocabulary.count) entries but the embedding table has \(config.vocabSize) rows")
        }
        encoder = Encoder(config: config, weights: weights)
        loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Tokenizes `text` (and `pair`, as sentence B) and runs the forward pass.
    public func encode(_ text: String, pair: String? = nil) throws -> Encoding {
        try checkPair(pair)
        let input = tokenizer.encode(text, pair: pair, maxLength: config.maxPositionEmbeddings)
        return encode(input)
    }

    /// Runs the forward pass on already tokenized input.
    public func encode(_ input: TokenizedInput) -> Encoding {
        lock.lock()
        defer { lock.unlock() }
        return encoder.run(input: input, modelName: name)
    }

    /// Tokenizes and runs the forward pass like `encode(_:pair:)`, showing `observer` each finished layer; nil
    /// when the observer stopped it (see `encode(_:observer:)`).
    public func encode(
        _ text: String, pair: String?, observer: (ForwardProgress) -> ForwardStep
    ) throws -> Encoding? {
        try checkPair(pair)
        return encode(tokenizer.encode(text, pair: pair, maxLength: config.maxPositionEmbeddings), observer: observer)
    }

    /// Runs the forward pass on `input`, calling `observer` after the embeddings and after each layer, on this
    /// thread, with the layers done so far; between layers is where a pass can be cancelled: when `observer`
    /// returns `.stop` the pass ends there and this returns nil. The observer must not call back into this model
    /// (calls are serialised). Results are the same numbers as `encode(_:)`.
    public func encode(_ input: TokenizedInput, observer: (ForwardProgress) -> ForwardStep) -> Encoding? {
        lock.lock()
        defer { lock.unlock() }
        return encoder.run(input: input, modelName: name, observer: observer)
    }
}

extension BertModel {
    /// Throws when `pair` is given to a model that takes no sentence pairs.
    func checkPair(_ pair: String?) throws {
        if pair != nil && config.typeVocabSize < 2 {
            throw BertError.invalidFile(
                path: directory.appendingPathComponent("config.json").path,
                reason: "type_vocab_size is \(config.typeVocabSize): this model takes no sentence pairs")
        }
    }

    /// Bytes of tensor data in the checkpoint file(s).
    public var weightBytes: Int { weights.fileBytes }
}
