import Foundation

extension BertTokenizer {
    /// Loads the tokenizer of a model folder as transformers 5's `AutoTokenizer.from_pretrained(folder)` builds it.
    ///
    /// `tokenizer_config.json`'s `tokenizer_class` decides, as in transformers:
    /// - `BertTokenizer` (or `BertTokenizerFast`, or no class: BERT's default): the pipeline of
    ///   `BertTokenizer.__init__`, from the config's `do_lower_case`, `strip_accents`, `tokenize_chinese_chars`,
    ///   special tokens and `added_tokens_decoder`; the vocabulary from `tokenizer.json` when there is one
    ///   (transformers ignores the rest of that file for this class), else from `vocab.txt`.
    /// - `PreTrainedTokenizerFast` or `TokenizersBackend`: `tokenizer.json` as it is, every component read
    ///   (see `TokenizerJSON`); one bertscope does not support is an error naming it.
    /// Special token names may also come from `special_tokens_map.json`. Nothing is guessed from the folder's name.
    public static func load(directory: URL) throws -> BertTokenizer {
        let vocabURL = directory.appendingPathComponent("vocab.txt")
        let tokenizerURL = directory.appendingPathComponent("tokenizer.json")
        let configURL = directory.appendingPathComponent("tokenizer_config.json")
        let specialsURL = directory.appendingPathComponent("special_tokens_map.json")
        let fm = FileManager.default

        let config = try fm.fileExists(atPath: configURL.path) ? JSONFile(url: configURL) : nil
        let tokenizerJSON = try fm.fileExists(atPath: tokenizerURL.path) ? JSONFile(url: tokenizerURL) : nil

        var options = Options()
        if fm.fileExists(atPath: specialsURL.path) { try JSONFile(url: specialsURL).applySpecialTokens(to: &options) }
        var extraTokens: [AddedToken] = []
        if let config {
            try config.applySpecialTokens(to: &options)
            if let v = try config.bool("do_lower_case") { options.doLowerCase = v }
            if config.has("strip_accents") { options.stripAccents = try config.bool("strip_accents") }
            if let v = try config.bool("tokenize_chinese_chars") { options.tokenizeChineseChars = v }
            extraTokens = try config.addedTokensDecoder()
        }
        // `truncation_side` from the config, else tokenizer.json's truncation direction (transformers' setdefault).
        if let side = try config?.string("truncation_side") ?? tokenizerJSON?.truncationDirection() {
            guard side == "left" || side == "right" else {
                throw BertError.invalidFile(
                    path: configURL.path, reason: "truncation_side must be \"left\" or \"right\", not \"\(side)\"")
            }
            options.truncatesLeft = side == "left"
        }

        switch try config?.string("tokenizer_class") {
        case nil, "BertTokenizer", "BertTokenizerFast", "DistilBertTokenizer", "DistilBertTokenizerFast":
            let vocabulary: [String]
            let source: String
            if let tokenizerJSON {
                vocabulary = try tokenizerJSON.wordPieceVocabulary()
                source = tokenizerURL.path
            } else if fm.fileExists(atPath: vocabURL.path) {
                vocabulary = try readVocabulary(vocabURL)
                source = vocabURL.path
            } else {
                throw BertError.missingFile(
                    path: vocabURL.path, what: "vocabulary (vocab.txt, or tokenizer.json with a WordPiece model)")
            }
            return try BertTokenizer(
                vocabulary: vocabulary, options: options, extraTokens: extraTokens, source: source)
        case "PreTrainedTokenizerFast", "TokenizersBackend":
            guard let tokenizerJSON else {
                throw BertError.missingFile(
                    path: tokenizerURL.path, what: "tokenizer.json (tokenizer_config.json names a tokenizers pipeline)")
            }
            return try TokenizerJSON(file: tokenizerJSON).tokenizer(options: options)
        case let other?:
            throw BertError.invalidFile(
                path: configURL.path,
                reason: "tokenizer_class \"\(other)\" is not supported (bertscope reproduces BertTokenizer and "
                    + "PreTrainedTokenizerFast with a tokenizer.json)")
        }
    }

    /// Reads `vocab.txt` like HF's `load_vocab`: one token per line (`\n`, `\r\n` or `\r`, Python's universal
    /// newlines), line index = id; nothing else is trimmed. A final newline does not start an empty token.
    static func readVocabulary(_ url: URL) throws -> [String] {
        let data = try readFile(url)
        guard String(validating: data, as: UTF8.self) != nil else {
            throw BertError.invalidFile(path: url.path, reason: "not UTF-8 text")
        }
        var lines: [String] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A || b == 0x0D {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                    start = i + 1
                }
                i += 1
            }
            if start < bytes.count {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            }
        }
        guard !lines.isEmpty else { throw BertError.invalidFile(path: url.path, reason: "the vocabulary is empty") }
        return lines
    }

    /// The bytes of a file, or a `BertError` saying why not.
    static func readFile(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw BertError.missingFile(path: url.path, what: "file")
        }
        if isDirectory.boolValue { throw BertError.unreadable(path: url.path, reason: "is a directory, not a file") }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw BertError.unreadable(path: url.path, reason: "permission denied")
        }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw BertError.unreadable(path: url.path, reason: "\(error)")
        }
    }
}

/// A JSON object from one of a model folder's tokenizer files, with typed reads that fail with the file's path.
struct JSONFile {
    let url: URL
    let object: [String: Any]

    init(url: URL) throws {
        self.url = url
        let data = try BertTokenizer.readFile(url)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BertError.invalidFile(path: url.path, reason: "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw BertError.invalidFile(path: url.path, reason: "not a JSON object")
        }
        self.object = object
    }

    /// True when `key` is present (even as null).
    func has(_ key: String) -> Bool { object[key] != nil }

    /// A boolean setting; nil when absent or null.
    func bool(_ key: String, in dictionary: [String: Any]? = nil) throws -> Bool? {
        guard let value = (dictionary ?? object)[key], !(value is NSNull) else { return nil }
        guard let b = value as? Bool else {
            throw BertError.invalidFile(path: url.path, reason: "\(key) must be true, false or null")
        }
        return b
    }

    /// A list of strings; nil when absent or null.
    func strings(_ key: String) throws -> [String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let list = value as? [String] else {
            throw BertError.invalidFile(path: url.path, reason: "\(key) must be a list of strings or null")
        }
        return list
    }

    /// A special token: a string, or an AddedToken object with `content`; nil when absent or null.
    func token(_ key: String) throws -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        if let s = value as? String { return s }
        if let d = value as? [String: Any], let s = d["content"] as? String { return s }
        throw BertError.invalidFile(path: url.path, reason: "\(key) must be a string or an object with \"content\"")
    }

    /// `unk_token`, `cls_token`, `sep_token`, `pad_token`, `mask_token`.
    func applySpecialTokens(to options: inout BertTokenizer.Options) throws {
        if let t = try token("unk_token") { options.unknownToken = t }
        if let t = try token("cls_token") { options.classifierToken = t }
        if let t = try token("sep_token") { options.separatorToken = t }
        if let t = try token("pad_token") { options.paddingToken = t }
        if let t = try token("mask_token") { options.maskToken = t }
    }

    /// A string setting; nil when absent or null.
    func string(_ key: String, in dictionary: [String: Any]? = nil) throws -> String? {
        guard let value = (dictionary ?? object)[key], !(value is NSNull) else { return nil }
        guard let s = value as? String else {
            throw BertError.invalidFile(path: url.path, reason: "\(key) must be a string or null")
        }
        return s
    }

    /// `truncation.direction` of a tokenizer.json ("Right" or "Left"), lower-cased; nil without truncation.
    func truncationDirection() throws -> String? {
        guard let t = object["truncation"], !(t is NSNull) else { return nil }
        guard let d = t as? [String: Any] else {
            throw BertError.invalidFile(path: url.path, reason: "truncation must be an object or null")
        }
        return try string("direction", in: d)?.lowercased()
    }

    /// `added_tokens_decoder` of tokenizer_config.json: id -> AddedToken fields.
    func addedTokensDecoder() throws -> [AddedToken] {
        guard let value = object["added_tokens_decoder"], !(value is NSNull) else { return [] }
        guard let table = value as? [String: Any] else {
            throw BertError.invalidFile(path: url.path, reason: "added_tokens_decoder must be an object")
        }
        return try table.map { key, entry in
            guard let id = Int(key), let d = entry as? [String: Any] else {
                throw BertError.invalidFile(
                    path: url.path, reason: "added_tokens_decoder: \"\(key)\" must be an id with a token object")
            }
            return try addedToken(d, id: id, what: "added_tokens_decoder.\(key)")
        }.sorted { $0.id < $1.id }
    }

    /// An AddedToken object (`content`, `special`, `normalized`, `lstrip`, `rstrip`, `single_word`).
    func addedToken(_ d: [String: Any], id: Int, what: String) throws -> AddedToken {
        guard let content = d["content"] as? String else {
            throw BertError.invalidFile(path: url.path, reason: "\(what) has no \"content\" string")
        }
        let special = try bool("special", in: d) ?? false
        return AddedToken(
            content: content, id: id, special: special, normalized: try bool("normalized", in: d) ?? !special,
            lstrip: try bool("lstrip", in: d) ?? false, rstrip: try bool("rstrip", in: d) ?? false,
            singleWord: try bool("single_word", in: d) ?? false)
    }

    /// `model.vocab` of a WordPiece tokenizer.json, in id order.
    func wordPieceVocabulary() throws -> [String] {
        guard let model = object["model"] as? [String: Any] else {
            throw BertError.invalidFile(path: url.path, reason: "no \"model\" object")
        }
        if let type = model["type"] as? String, type != "WordPiece" {
            throw BertError.invalidFile(
                path: url.path, reason: "the model is \(type), not WordPiece: this is not a BERT tokenizer")
        }
        guard let vocab = model["vocab"] as? [String: Any] else {
            throw BertError.invalidFile(path: url.path, reason: "no \"model.vocab\" object")
        }
        var tokens = [String?](repeating: nil, count: vocab.count)
        for (token, value) in vocab {
            guard let id = value as? Int, id >= 0, id < tokens.count, tokens[id] == nil else {
                throw BertError.invalidFile(
                    path: url.path,
                    reason: "model.vocab ids must be 0..<\(vocab.count), each once; \"\(token)\" has \(value)")
            }
            tokens[id] = token
        }
        let vocabulary = tokens.compactMap { $0 }
        guard !vocabulary.isEmpty else {
            throw BertError.invalidFile(path: url.path, reason: "the vocabulary is empty")
        }
        return vocabulary
    }
}
