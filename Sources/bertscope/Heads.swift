import ArgumentParser
import BertKit
import Export
import Foundation

/// `bertscope heads --corpus FILE`: every head's roles (Clark et al. 2019) averaged over a corpus, one sentence a
/// line, printed as `inspect --heads` prints one sentence's; `--json`, `--save` and `-o FIGURE` give the same
/// numbers as JSON, safetensors or the `render --view heads` figure.
struct Heads: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heads",
        abstract: "Head roles (attention to [CLS], [SEP], punctuation, neighbours) averaged over a corpus.",
        discussion: """
            Each line of --corpus is a sentence, encoded alone (blank lines are skipped; CRLF is fine; - reads \
            standard input). Every sentence's figures are those of inspect --heads; the table is their mean, each \
            sentence weighing the same. Progress goes to standard error when it is a terminal.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var engineOption: EngineOption
    @Option(help: ArgumentHelp("The corpus: one sentence a line; - reads standard input.", valueName: "FILE"))
    var corpus: String
    @Flag(help: "Print one JSON object (model, sentences, columns, the (layers, heads, 7) means, the roles).")
    var json = false
    @Option(help: ArgumentHelp("Also write head_roles (layers, heads, 7) to FILE.safetensors.", valueName: "FILE"))
    var save: String?
    @Option(
        name: .short,
        help: ArgumentHelp(
            "Also draw the figure (render --view heads, averaged) to FILE.png|pdf|svg.", valueName: "FILE"))
    var output: String?

    /// Largest corpus read (bytes).
    static let corpusLimit = 256 << 20

    func run() throws {
        TemporaryFile.removeOnTerminatingSignals()
        exitOnError { try execute() }
    }

    /// Reads, averages, writes.
    func execute() throws {
        do {
            let sentences = CorpusHeadRoles.sentences(in: try readCorpus())
            guard !sentences.isEmpty else {
                throw ValidationError(
                    "--corpus \(corpus) holds no sentence (it is empty or blank; one sentence a line)")
            }
            let figureFormat = try output.map(Self.figureFormat)
            let model = try modelOptions.load(engine: engineOption.engine)
            let showsProgress = isatty(STDERR_FILENO) == 1
            let total = sentences.count
            let start = DispatchTime.now().uptimeNanoseconds
            let report: @Sendable (Int) -> Void = { done in
                guard done % 8 == 0 || done == total else { return }
                let line = Data("\rheads: \(done)/\(total) sentences".utf8)
                try? SafeFile.writeAll(line, to: STDERR_FILENO, name: "standard error")
            }
            let result = try CorpusHeadRoles.compute(
                model: model, sentences: sentences, workers: 2, progress: showsProgress ? report : nil)
            if showsProgress {
                try? SafeFile.writeAll(Data("\r\u{1B}[K".utf8), to: STDERR_FILENO, name: "standard error")
            }
            guard let result else { throw ValidationError("--corpus \(corpus): nothing to average") }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if let save {
                var w = SafeTensorsWriter()
                let roles = result.roles
                w.add(
                    "head_roles", shape: [roles.layers, roles.heads, HeadRoles.Column.allCases.count],
                    floats: roles.values)
                w.metadata = [
                    "format": "pt", "model": model.name, "sentences": String(result.sentences),
                    "tokens": String(result.tokens),
                    "columns": HeadRoles.Column.allCases.map(\.name).joined(separator: ","),
                ]
                try SafeFile.write(w.serialized(), to: (save as NSString).expandingTildeInPath)
            }
            if let output, let figureFormat {
                let figure = try Figures.headRoles(
                    result.roles, subtitle: "mean over \(result.sentences) sentences (\(result.tokens) tokens)",
                    modelName: model.name)
                try Self.write(
                    try Render.encode(figure, format: figureFormat, canvas: .scaled(1), font: .system), to: output)
            }
            if json {
                try SafeFile.writeStandardOutput(Data((try jsonLine(result, model: model)).utf8))
                return
            }
            var text = "model  \(model.name)\n"
            text += "corpus \(corpus): \(result.sentences) sentences, \(result.tokens) tokens"
            text += result.truncated > 0 ? ", \(result.truncated) cut to the model's length" : ""
            text += String(format: " (%.1f sentences/s)\n\n", Double(result.sentences) / max(seconds, 1e-9))
            text += InspectReport.headRolesTable(
                result.roles, over: "averaged over the \(result.sentences) sentences",
                uniformEntropy: "ln T per sentence")
            if let save { text += "saved head_roles to \(save)\n" }
            if let output { text += "wrote the figure to \(output)\n" }
            try SafeFile.writeStandardOutput(Data(text.utf8))
        }
    }

    /// The corpus text: the file (a regular file, as UTF-8) or standard input.
    func readCorpus() throws -> String {
        if corpus == "-" { return try TextInput.standardInput() }
        let data = try ModelFile.read(
            URL(fileURLWithPath: (corpus as NSString).expandingTildeInPath), what: "corpus", limit: Self.corpusLimit)
        return try UTF8Input.decode([UInt8](data), source: corpus)
    }

    /// The figure format `-o` names (png, pdf or svg).
    static func figureFormat(_ path: String) throws -> Render.Format {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": return .png
        case "pdf": return .pdf
        case "svg": return .svg
        default: throw ValidationError("-o \(path): name the figure .png, .pdf or .svg")
        }
    }

    static func write(_ data: Data, to path: String) throws {
        if path == "-" {
            try SafeFile.writeStandardOutput(data)
        } else {
            try SafeFile.write(data, to: (path as NSString).expandingTildeInPath)
        }
    }

    /// One JSON object: the means and each head's role.
    func jsonLine(_ r: CorpusHeadRoles, model: BertModel) throws -> String {
        let roles = r.roles
        var values: [[[Double]]] = []
        var dominant: [[String?]] = []
        for layer in stride(from: 1, through: roles.layers, by: 1) {
            values.append(
                (0..<roles.heads).map { h in HeadRoles.Column.allCases.map { Double(roles[layer, h, $0]) } })
            dominant.append((0..<roles.heads).map { roles.dominant(layer: layer, head: $0)?.name })
        }
        let object: [String: Any] = [
            "model": model.name, "sentences": r.sentences, "tokens": r.tokens, "truncated": r.truncated,
            "columns": HeadRoles.Column.allCases.map(\.name),
            "threshold": Double(EncodingAnalysis.headRoleThreshold), "head_roles": values,
            "roles": dominant.map { $0.map { $0 as Any? ?? NSNull() } },
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
    }
}
