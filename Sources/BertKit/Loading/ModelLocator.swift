import Foundation

/// Finds a model folder for a `--model` value, offline: a path, or a hub id in the local HuggingFace cache.
public struct ModelLocator: Sendable {
    /// The model used when no `--model` is given.
    public static let defaultModelName = "all-MiniLM-L6-v2"
    /// The command that installs the default model.
    public static let installCommand = "make model   (or: .ci/fetch-model.sh)"

    /// The process environment (read by the caller, at the edge).
    public let environment: [String: String]

    /// Creates a locator over an environment.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// bertscope's own model cache: `$BERTSCOPE_HOME/models`, else `$XDG_CACHE_HOME/bertscope/models`,
    /// else `~/.cache/bertscope/models` (where `make model` installs).
    public var bertscopeModels: URL { bertscopeModelFolders[0] }

    /// Every folder of bertscope's own cache, looked in in order: `$BERTSCOPE_HOME/models` when set (a checkout
    /// or a private home), then the user cache, so pointing `BERTSCOPE_HOME` at a checkout for its themes does
    /// not lose the installed models.
    public var bertscopeModelFolders: [URL] {
        let user = cacheRoot.appendingPathComponent("bertscope/models")
        guard let home = environment["BERTSCOPE_HOME"], !home.isEmpty else { return [user] }
        let own = URL(fileURLWithPath: (home as NSString).expandingTildeInPath).appendingPathComponent("models")
        return own.standardizedFileURL.path == user.standardizedFileURL.path ? [user] : [own, user]
    }

    var cacheRoot: URL {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg) }
        return homeDirectory.appendingPathComponent(".cache")
    }

    var homeDirectory: URL {
        URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory())
    }

    /// The HuggingFace hub cache: `HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    public var huggingFaceHub: URL {
        if let hub = environment["HF_HUB_CACHE"] ?? environment["HUGGINGFACE_HUB_CACHE"], !hub.isEmpty {
            return URL(fileURLWithPath: hub)
        }
        if let home = environment["HF_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent("hub")
        }
        return cacheRoot.appendingPathComponent("huggingface/hub")
    }

    /// Resolves `spec` (nil for the default model) to a folder holding config.json.
    public func resolve(_ spec: String?) throws -> URL {
        let fm = FileManager.default
        let name = spec ?? Self.defaultModelName
        var searched: [String] = []
        func isModel(_ url: URL) -> Bool {
            fm.fileExists(atPath: url.appendingPathComponent("config.json").path)
        }
        // 1. A path to a folder.
        let expanded = (name as NSString).expandingTildeInPath
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: expanded, isDirectory: &isDir) {
            let url = URL(fileURLWithPath: expanded)
            guard isDir.boolValue else {
                throw BertError.invalidFile(
                    path: url.path, reason: "--model must be a folder (with config.json, vocab.txt, model.safetensors)")
            }
            guard isModel(url) else {
                throw BertError.missingFile(path: url.appendingPathComponent("config.json").path, what: "model config")
            }
            return url
        }
        if name.hasPrefix("/") || name.hasPrefix(".") || name.hasPrefix("~") {
            throw BertError.missingFile(path: expanded, what: "model folder")
        }
        // 2. bertscope's own cache (where the set-up puts the default model).
        let short = name.split(separator: "/").last.map(String.init) ?? name
        for folder in bertscopeModelFolders {
            for candidate in Set([name, short]).sorted(by: { $0.count > $1.count }) {
                let url = folder.appendingPathComponent(candidate)
                searched.append(url.path)
                if isModel(url) { return url }
            }
        }
        // 3. The HuggingFace hub cache: models--ORG--NAME/snapshots/<rev>, preferring refs/main. A bare name is
        // tried as the hub's legacy id and under the organisation that publishes it (google-bert for bert-*,
        // sentence-transformers otherwise); an id with an organisation only as itself.
        var ids = [name]
        if !name.contains("/") {
            ids.append(name.lowercased().hasPrefix("bert-") ? "google-bert/\(name)" : "sentence-transformers/\(name)")
        }
        for id in ids {
            let repo = huggingFaceHub.appendingPathComponent("models--" + id.replacingOccurrences(of: "/", with: "--"))
            searched.append(repo.path)
            let snapshots = repo.appendingPathComponent("snapshots")
            if let ref = try? String(contentsOf: repo.appendingPathComponent("refs/main"), encoding: .utf8) {
                let url = snapshots.appendingPathComponent(ref.trimmingCharacters(in: .whitespacesAndNewlines))
                if isModel(url) { return url }
            }
            if let revs = try? fm.contentsOfDirectory(atPath: snapshots.path) {
                let candidates = revs.sorted().map { snapshots.appendingPathComponent($0) }.filter(isModel)
                // Newest snapshot first.
                let dated = candidates.map { url -> (URL, Date) in
                    let date = (try? fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
                    return (url, date)
                }
                if let newest = dated.max(by: { $0.1 < $1.1 }) { return newest.0 }
            }
        }
        let fix =
            spec == nil || name == Self.defaultModelName
            ? "run `\(Self.installCommand)` to install \(Self.defaultModelName)"
            : "pass --model with a folder holding config.json, vocab.txt and model.safetensors"
        throw BertError.modelNotFound(spec: name, searched: searched, fix: fix)
    }
}
