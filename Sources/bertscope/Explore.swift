import ArgumentParser
import BertKit
import Foundation
import NCursesBackend
import ScopeUI

/// The full-screen explorer, the default command: wiring only (the loop is `TerminalApp`).
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore", abstract: "Open the full-screen explorer (the default command).")

    @OptionGroup var modelOptions: ModelOptions
    @Option(help: ArgumentHelp("Colour theme: a name from themes/ (dark, light, ...) or a .toml file.", valueName: "NAME|PATH"))
    var theme: String?
    @Option(help: ArgumentHelp("Colour depth (default: detected from terminfo, COLORTERM and NO_COLOR).", valueName: ColorRequest.choices))
    var colors: String = "auto"
    @Option(help: ArgumentHelp("Layer to start on, 0 (embeddings) to L.", valueName: "N")) var layer: Int?
    @Option(help: ArgumentHelp("Attention head to start on: 1 to the head count, mean or max.", valueName: "H|mean|max"))
    var head: String?
    @Option(help: ArgumentHelp("Sentence B: start in pair mode (token_type_ids 1).", valueName: "B")) var pair: String?
    @Argument(help: "The sentence to start with.") var sentence: String = "Hello, my dog is cute"

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // Everything that can fail for a reason other than the terminal fails here, before the screen is touched.
        let (model, options, screenOptions, warnings) = exitOnError { try prepare(environment: environment) }
        let notes = exitOnError {
            try TerminalApp.run(
                screenOptions: screenOptions,
                makeCore: { mode in
                    var o = options
                    o.colorMode = mode
                    return ExplorerCore(options: o)
                },
                encode: { request in try model.encode(request.textA, pair: request.textB) })
        }
        for line in warnings + notes { FileHandle.standardError.write(Data("bertscope: note: \(line)\n".utf8)) }
    }

    /// Loads the model and the themes and checks the options.
    func prepare(environment: [String: String]) throws -> (BertModel, ExplorerOptions, NCursesScreen.Options, [String]) {
        guard let colorRequest = ColorRequest(argument: colors) else {
            throw ExploreError("--colors '\(colors)' is not one of \(ColorRequest.choices)")
        }
        let model = try modelOptions.load()
        let config = model.config
        if let layer, !(0...config.numHiddenLayers).contains(layer) {
            throw ExploreError("--layer \(layer): \(model.name) has layers 0 (embeddings) to \(config.numHiddenLayers)")
        }
        var headSelection = HeadSelection.single(0)
        if let head {
            guard let h = HeadSelection(argument: head, headCount: config.numAttentionHeads) else {
                throw ExploreError("--head '\(head)': use 1 to \(config.numAttentionHeads), mean or max")
            }
            headSelection = h
        }
        if pair != nil && config.typeVocabSize < 2 {
            throw ExploreError("--pair: \(model.name) has type_vocab_size \(config.typeVocabSize), so it takes no sentence pairs")
        }
        let searchPaths = ThemeLocations.searchPaths(environment: environment)
        let (themes, themeErrors) = Theme.loadAll(searchPaths: searchPaths)
        let chosen = try theme.map { try Theme.load(nameOrPath: $0, searchPaths: searchPaths) } ?? themes.first ?? .builtIn
        let options = ExplorerOptions(
            modelName: model.name, config: config, sentence: sentence, pair: pair, layer: layer, head: headSelection,
            theme: chosen, themes: themes)
        let warnings = themeErrors.map { "theme skipped: \($0)" }
        return (model, options, NCursesScreen.Options(colors: colorRequest, environment: environment), warnings)
    }
}

/// A bad `explore` option, as one line.
struct ExploreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Where themes are looked up, in order: `$BERTSCOPE_HOME/themes`, the `themes/` folder of the
/// package the executable was built in (or `share/bertscope/themes` of its install prefix), and
/// `./themes`. Missing folders are skipped; with none, the built-in default theme is used.
enum ThemeLocations {
    /// The existing theme folders, most specific first, without duplicates.
    static func searchPaths(
        environment: [String: String], executable: URL? = Bundle.main.executableURL,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> [URL] {
        var candidates: [URL] = []
        if let home = environment["BERTSCOPE_HOME"], !home.isEmpty {
            candidates.append(URL(fileURLWithPath: home).appendingPathComponent("themes"))
        }
        if let exe = executable?.resolvingSymlinksInPath() {
            var dir = exe.deletingLastPathComponent()
            while dir.path != "/" && !dir.path.isEmpty {
                let beside = dir.appendingPathComponent("themes")
                let installed = dir.appendingPathComponent("share/bertscope/themes")
                if isDirectory(beside) {
                    candidates.append(beside)
                    break
                }
                if isDirectory(installed) {
                    candidates.append(installed)
                    break
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(currentDirectory.appendingPathComponent("themes"))
        var seen = Set<String>()
        return candidates.filter { isDirectory($0) && seen.insert($0.standardizedFileURL.path).inserted }
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
