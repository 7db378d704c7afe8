import Foundation

extension BertTokenizer {
    /// Loads the tokenizer of a model folder: `vocab.txt` (or, without it, `tokenizer.json`'s WordPiece vocab)
    /// and the settings of `tokenizer_config.json`.
    ///
    /// Settings come from `tokenizer_config.json`; a key it lacks comes from `tokenizer.json`'s
    /// `BertNormalizer` (what HF's fast tokenizer would use), then from HF `BertTokenizer`'s defaults
    /// (`do_lower_case` true). Special token names may also come from `special_tokens_map.json`.
    /// Nothing is guessed from the folder's name.
    public static func load(directory: URL) throws -> BertTokenizer {
        let vocabURL = directory.appendingPathComponent("vocab.txt")
        let tokenizerURL = directory.appendingPathComponent("tokenizer.json")
        let configURL = directory.appendingPathComponent("tokenizer_config.json")
        let specialsURL = directory.appendingPathComponent("special_tokens_map.json")
        let fm = FileManager.default

        let config = try fm.fileExists(atPath: configURL.path) ? JSONFile(url: configURL) : nil
        let configured = ["do_lower_case", "strip_accents", "tokenize_chinese_chars"].allSatisfy {
            config?.has($0) ?? false
        }
        let hasVocabFile = fm.fileExists(atPath: vocabURL.path)
        let tokenizerJSON =
            try fm.fileExists(atPath: tokenizerURL.path) && (!hasVocabFile || !configured)
            ? JSONFile(url: tokenizerURL) : nil

        var options = Options()
        let vocabulary: [String]
        let source: String
        if hasVocabFile {
            vocabulary = try readVocabulary(vocabURL)
            source = vocabURL.path
        } else if let tokenizerJSON {
            vocabulary = try tokenizerJSON.wordPieceVocabulary()
            source = tokenizerURL.path
        } else {
            throw BertError.missingFile(
                path: vocabURL.path, what: "vocabulary (vocab.txt, or tokenizer.json with a WordPiece model)")
        }

        if let tokenizerJSON { try tokenizerJSON.applyNormalizer(to: &options) }
        if fm.fileExists(atPath: specialsURL.path) { try JSONFile(url: specialsURL).applySpecialTokens(to: &options) }
        if let config {
            try config.applySpecialTokens(to: &options)
            if let v = try config.bool("do_lower_case") { options.doLowerCase = v }
            if config.has("strip_accents") { options.stripAccents = try config.bool("strip_accents") }
            if let v = try config.bool("tokenize_chinese_chars") { options.tokenizeChineseChars = v }
            if let v = try config.strings("never_split") { options.neverSplit = v }
        }
        return try BertTokenizer(vocabulary: vocabulary, options: options, source: source)
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
private struct JSONFile {
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

    /// tokenizer.json's `BertNormalizer` settings and WordPiece model settings.
    func applyNormalizer(to options: inout BertTokenizer.Options) throws {
        if let normalizer = object["normalizer"] as? [String: Any], normalizer["type"] as? String == "BertNormalizer" {
            if let v = try bool("lowercase", in: normalizer) { options.doLowerCase = v }
            if normalizer["strip_accents"] != nil { options.stripAccents = try bool("strip_accents", in: normalizer) }
            if let v = try bool("handle_chinese_chars", in: normalizer) { options.tokenizeChineseChars = v }
        }
        if let model = object["model"] as? [String: Any] {
            if let n = model["max_input_chars_per_word"] as? Int, n > 0 { options.maxInputCharsPerWord = n }
            if let unk = model["unk_token"] as? String { options.unknownToken = unk }
        }
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
