import Foundation

/// How a sentence-transformers model turns token vectors into its sentence embedding, read from the model
/// folder's `modules.json` and its Pooling module's `config.json` (`1_Pooling/config.json`), as
/// sentence-transformers' `Pooling` and `Normalize` modules do. A plain BertModel folder has neither file.
public struct SentencePooling: Sendable, Hashable {
    /// The pooling modes sentence-transformers knows (`pooling_mode_*` in the Pooling config).
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// `pooling_mode_cls_token`: the [CLS] token's vector.
        case cls = "pooling_mode_cls_token"
        /// `pooling_mode_mean_tokens`: the mean over tokens (attention mask applied).
        case mean = "pooling_mode_mean_tokens"
        /// `pooling_mode_max_tokens`: the element-wise max over tokens.
        case max = "pooling_mode_max_tokens"
        /// `pooling_mode_mean_sqrt_len_tokens`: the sum over tokens divided by sqrt(T).
        case meanSqrtLength = "pooling_mode_mean_sqrt_len_tokens"

        /// `mean pooling`, `[CLS] pooling`, ...: how the pooler panel names it.
        public var label: String {
            switch self {
            case .cls: return "[CLS] pooling"
            case .mean: return "mean pooling"
            case .max: return "max pooling"
            case .meanSqrtLength: return "mean·√T pooling"
            }
        }
    }

    /// The modes switched on, concatenated in sentence-transformers' order (cls, mean, max, mean_sqrt_len).
    public let modes: [Mode]
    /// True when a `Normalize` module follows (unit-length embeddings).
    public let normalized: Bool

    /// Creates a description.
    public init(modes: [Mode], normalized: Bool) {
        self.modes = modes
        self.normalized = normalized
    }

    /// `mean pooling, then L2-normalised`.
    public var summary: String {
        modes.map(\.label).joined(separator: " + ") + (normalized ? ", then L2-normalised" : "")
    }

    /// What the pooler is for a model whose sentence embedding is made as `pooling` says (nil: a plain BertModel,
    /// whose pooler was trained for next-sentence prediction): a full sentence and a short one for narrow panels.
    /// The pooler panel and the pooler figure both say this, so the screen and a saved figure never disagree.
    public static func poolerNote(_ pooling: SentencePooling?) -> (long: String, short: String) {
        guard let pooling else {
            return (
                "pooler_output = tanh(W·h_CLS + b), trained for next-sentence prediction",
                "pooler = tanh(W·h_CLS + b), NSP"
            )
        }
        let uses =
            pooling.modes == [.cls]
            ? "the [CLS] vector" : "the \(pooling.modes.map(\.label).joined(separator: " + ")) vector"
        return (
            "sentence embedding (modules.json): \(pooling.summary); pooler_output = tanh(W·h_CLS + b) is not used",
            "users take \(uses)"
        )
    }

    /// Reads `folder/modules.json` and its Pooling module's config; nil when the folder has no `modules.json`
    /// (a plain BertModel) or it lists no Pooling module. A file that is there but malformed is an error naming it.
    public static func read(folder: URL) throws -> SentencePooling? {
        let modulesURL = folder.appendingPathComponent("modules.json")
        guard FileManager.default.fileExists(atPath: modulesURL.path) else { return nil }
        let modules = try json(modulesURL)
        guard let list = modules as? [[String: Any]] else {
            throw BertError.invalidFile(path: modulesURL.path, reason: "must be a JSON array of modules")
        }
        func type(_ m: [String: Any]) -> String { m["type"] as? String ?? "" }
        guard let pooling = list.first(where: { type($0).hasSuffix(".Pooling") }) else { return nil }
        guard let path = pooling["path"] as? String, !path.hasPrefix("/"), !path.contains("..") else {
            throw BertError.invalidFile(path: modulesURL.path, reason: "the Pooling module has no usable \"path\"")
        }
        let configURL = folder.appendingPathComponent(path).appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw BertError.missingFile(path: configURL.path, what: "Pooling config (listed in modules.json)")
        }
        guard let config = try json(configURL) as? [String: Any] else {
            throw BertError.invalidFile(path: configURL.path, reason: "must be a JSON object")
        }
        var modes: [Mode] = []
        for mode in Mode.allCases {
            guard let value = config[mode.rawValue] else { continue }
            guard let on = value as? Bool else {
                throw BertError.invalidFile(
                    path: configURL.path, reason: "key \"\(mode.rawValue)\" must be true or false")
            }
            if on { modes.append(mode) }
        }
        guard !modes.isEmpty else {
            throw BertError.invalidFile(path: configURL.path, reason: "no pooling_mode_* key is true")
        }
        let normalized = list.contains { type($0).hasSuffix(".Normalize") }
        return SentencePooling(modes: modes, normalized: normalized)
    }

    static func json(_ url: URL) throws -> Any {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BertError.unreadable(path: url.path, reason: "cannot be read")
        }
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BertError.invalidFile(path: url.path, reason: "not valid JSON")
        }
    }
}
