import Foundation

/// A tokenizer.json read as HF tokenizers' `Tokenizer::from_file` reads it: normalizer, pre-tokenizer, WordPiece
/// model, post-processor, added tokens, truncation and padding. A component bertscope does not reproduce is an
/// error naming the file and the component, never a silent approximation.
struct TokenizerJSON {
    let file: JSONFile

    private var path: String { file.url.path }

    private func fail(_ reason: String) -> BertError {
        BertError.invalidFile(path: path, reason: reason)
    }

    /// The tokenizer this file describes; `options` carries the special token names of tokenizer_config.json.
    func tokenizer(options: BertTokenizer.Options) throws -> BertTokenizer {
        let object = file.object
        let normalizer = try object["normalizer"].flatMap {
            $0 is NSNull ? nil : try self.normalizer($0, at: "normalizer")
        }
        let preTokenizer = try object["pre_tokenizer"].flatMap {
            $0 is NSNull ? nil : try self.preTokenizer($0, at: "pre_tokenizer")
        }
        let vocabulary = try file.wordPieceVocabulary()
        guard let model = object["model"] as? [String: Any] else { throw fail("no \"model\" object") }
        let prefix = try file.string("continuing_subword_prefix", in: model) ?? "##"
        let unknown = try file.string("unk_token", in: model) ?? "[UNK]"
        let maxChars = try int(model["max_input_chars_per_word"], "model.max_input_chars_per_word") ?? 100
        let index = VocabularyIndex(vocabulary, prefix: prefix)

        var added: [AddedToken] = []
        if let list = object["added_tokens"], !(list is NSNull) {
            guard let entries = list as? [[String: Any]] else { throw fail("added_tokens must be a list of objects") }
            for (k, entry) in entries.enumerated() {
                guard let id = try int(entry["id"], "added_tokens[\(k)].id") else {
                    throw fail("added_tokens[\(k)] has no \"id\"")
                }
                added.append(try file.addedToken(entry, id: id, what: "added_tokens[\(k)]"))
            }
        }
        // HF `add_tokens`: a token the vocabulary has takes its id; the others get new ids after the vocabulary,
        // in order (the declared id is not kept).
        var next = vocabulary.count
        for k in added.indices {
            if let id = index.id(of: added[k].content) {
                added[k].id = id
            } else {
                added[k].id = next
                next += 1
            }
        }
        // transformers adds the named special tokens it does not find among them.
        for token in options.specialTokens where !added.contains(where: { $0.content == token }) {
            if let id = index.id(of: token) { added.append(AddedToken(content: token, id: id)) }
        }
        try checkPadding(object["padding"])
        let post = try object["post_processor"].flatMap {
            $0 is NSNull ? nil : try postProcessor($0, at: "post_processor", index: index, added: added)
        }
        return try BertTokenizer(
            vocabulary: vocabulary, index: index, options: options, normalizer: normalizer, preTokenizer: preTokenizer,
            unknownToken: unknown, maxInputCharsPerWord: maxChars, addedTokens: added,
            postProcessor: post
                ?? PostProcessor(
                    single: [.sequence(isB: false, typeId: 0)],
                    pair: [.sequence(isB: false, typeId: 0), .sequence(isB: true, typeId: 1)]),
            truncatesLeft: options.truncatesLeft, source: path)
    }

    private func object(_ value: Any, at what: String) throws -> ([String: Any], String) {
        guard let d = value as? [String: Any] else { throw fail("\(what) must be an object") }
        guard let type = d["type"] as? String else { throw fail("\(what) has no \"type\"") }
        return (d, type)
    }

    private func int(_ value: Any?, _ what: String) throws -> Int? {
        guard let value, !(value is NSNull) else { return nil }
        guard let n = value as? Int, n >= 0 else { throw fail("\(what) must be a non-negative integer") }
        return n
    }

    private func flag(_ d: [String: Any], _ key: String, _ what: String, default value: Bool) throws -> Bool {
        try file.bool(key, in: d) ?? value
    }

    /// `normalizer`: the components BERT tokenizers use.
    func normalizer(_ value: Any, at what: String) throws -> Normalizer {
        let (d, type) = try object(value, at: what)
        switch type {
        case "BertNormalizer":
            return .bert(
                cleanText: try flag(d, "clean_text", what, default: true),
                handleChineseChars: try flag(d, "handle_chinese_chars", what, default: true),
                stripAccents: try file.bool("strip_accents", in: d),
                lowercase: try flag(d, "lowercase", what, default: true))
        case "Sequence":
            guard let list = d["normalizers"] as? [Any] else { throw fail("\(what).normalizers must be a list") }
            return .sequence(try list.enumerated().map { try normalizer($1, at: "\(what).normalizers[\($0)]") })
        case "NFC": return .unicode(.nfc)
        case "NFD": return .unicode(.nfd)
        case "NFKC": return .unicode(.nfkc)
        case "NFKD": return .unicode(.nfkd)
        case "Lowercase": return .lowercase
        case "StripAccents": return .stripAccents
        case "Strip":
            return .strip(
                left: try flag(d, "strip_left", what, default: true),
                right: try flag(d, "strip_right", what, default: true))
        case "Replace":
            guard let content = d["content"] as? String else { throw fail("\(what).content must be a string") }
            guard let pattern = d["pattern"] as? [String: Any] else { throw fail("\(what).pattern must be an object") }
            if let s = pattern["String"] as? String {
                return .replace(pattern: s.unicodeScalars.map(\.value), content: content.unicodeScalars.map(\.value))
            }
            throw fail("\(what): Replace with a Regex pattern is not supported (only String patterns)")
        default:
            throw fail("\(what): the \(type) normalizer is not supported")
        }
    }

    /// `pre_tokenizer`: the components BERT tokenizers use.
    func preTokenizer(_ value: Any, at what: String) throws -> PreTokenizer {
        let (d, type) = try object(value, at: what)
        switch type {
        case "BertPreTokenizer": return .bert
        case "Whitespace": return .whitespace
        case "WhitespaceSplit": return .whitespaceSplit
        case "Punctuation":
            let name = try file.string("behavior", in: d) ?? "Isolated"
            guard let behavior = PreTokenizer.SplitBehavior(rawValue: name) else {
                throw fail("\(what).behavior \"\(name)\" is not a split behaviour")
            }
            return .punctuation(behavior)
        case "Digits":
            return .digits(individualDigits: try flag(d, "individual_digits", what, default: false))
        case "Sequence":
            guard let list = d["pretokenizers"] as? [Any] else { throw fail("\(what).pretokenizers must be a list") }
            return .sequence(try list.enumerated().map { try preTokenizer($1, at: "\(what).pretokenizers[\($0)]") })
        default:
            throw fail("\(what): the \(type) pre-tokenizer is not supported")
        }
    }

    /// `post_processor`: `TemplateProcessing` or `BertProcessing`.
    func postProcessor(
        _ value: Any, at what: String, index: VocabularyIndex, added: [AddedToken]
    ) throws -> PostProcessor {
        let (d, type) = try object(value, at: what)
        switch type {
        case "BertProcessing":
            func pair(_ key: String) throws -> (String, Int) {
                guard let p = d[key] as? [Any], p.count == 2, let s = p[0] as? String, let id = p[1] as? Int else {
                    throw fail("\(what).\(key) must be [token, id]")
                }
                return (s, id)
            }
            return .bert(cls: try pair("cls"), sep: try pair("sep"))
        case "TemplateProcessing":
            let specials = d["special_tokens"] as? [String: Any] ?? [:]
            func template(_ key: String) throws -> [PostProcessor.Piece] {
                guard let items = d[key] as? [[String: Any]] else { throw fail("\(what).\(key) must be a list") }
                return try items.enumerated().map { k, item in
                    if let s = item["Sequence"] as? [String: Any] {
                        let id = s["id"] as? String
                        guard id == "A" || id == "B" else {
                            throw fail("\(what).\(key)[\(k)]: Sequence id must be A or B")
                        }
                        return .sequence(
                            isB: id == "B", typeId: try int(s["type_id"], "\(what).\(key)[\(k)].type_id") ?? 0)
                    }
                    if let s = item["SpecialToken"] as? [String: Any], let name = s["id"] as? String {
                        guard let entry = specials[name] as? [String: Any], let ids = entry["ids"] as? [Int],
                            let tokens = entry["tokens"] as? [String], ids.count == tokens.count
                        else {
                            throw fail("\(what).\(key)[\(k)]: special token \"\(name)\" is not in special_tokens")
                        }
                        return .special(
                            ids: ids, tokens: tokens, typeId: try int(s["type_id"], "\(what).\(key)[\(k)].type_id") ?? 0
                        )
                    }
                    throw fail("\(what).\(key)[\(k)] must be a Sequence or a SpecialToken")
                }
            }
            return PostProcessor(single: try template("single"), pair: try template("pair"))
        default:
            throw fail("\(what): the \(type) post-processor is not supported")
        }
    }

    /// `padding`: checked, never applied (bertscope encodes one sentence; transformers pads only when asked).
    private func checkPadding(_ value: Any?) throws {
        guard let value, !(value is NSNull) else { return }
        guard let d = value as? [String: Any] else { throw fail("padding must be an object or null") }
        if let dir = d["direction"], !(dir is NSNull), !["Right", "Left"].contains(dir as? String ?? "") {
            throw fail("padding.direction must be \"Right\" or \"Left\"")
        }
    }
}
