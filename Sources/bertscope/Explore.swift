import ArgumentParser
import BertKit
import Export
import Foundation
import NCursesBackend
import ScopeUI

/// The full-screen explorer, the default command: wiring only (the loop is `TerminalApp`).
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore", abstract: "Open the full-screen explorer (the default command).")

    @OptionGroup var modelOptions: ModelOptions
    @Option(
        help: ArgumentHelp(
            "Colour theme: a name from themes/ (dark, light, ...) or a .toml file.", valueName: "NAME|PATH"))
    var theme: String?
    @Option(
        help: ArgumentHelp(
            "Colour depth; auto detects it from terminfo, COLORTERM and NO_COLOR.", valueName: ColorRequest.choices))
    var colors = ColorsArgument(.auto)
    @Option(parsing: .unconditional, help: ArgumentHelp("Layer to start on, 0 (embeddings) to L.", valueName: "N"))
    var layer: Int?
    @Option(
        help: ArgumentHelp("Attention head to start on: 1 to the head count, mean or max.", valueName: "H|mean|max"))
    var head: HeadArgument?
    @Option(help: ArgumentHelp("Sentence B: start in pair mode (token_type_ids 1).", valueName: "B")) var pair: String?
    @Option(
        help: ArgumentHelp(
            "A sentence to compare with, encoded alone: start in the compare view (C opens it from the explorer).",
            valueName: "TEXT"))
    var compare: String?
    @Option(
        help: ArgumentHelp(
            "Presentation: a deck of sentences, one per line (a tab separates A from B; optional tab-separated layer=N, head=H|mean|max, view=attention|grid|activations|intermediate|pooler); n/p step through it.",
            valueName: "FILE"))
    var present: String?
    @Option(help: ArgumentHelp("Where the s key saves figures and the screenshot.", valueName: "DIR"))
    var shots: String = Shots.defaultFolder
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Bytes a layer step may send to the terminal, \(BudgetArgument.rangeText); the activation heatmap coarsens its cells to stay within it (default: \(ExplorerOptions.remoteByteBudget) over SSH, none on a local terminal).",
            valueName: "BYTES|none"),
        transform: BudgetArgument.parse)
    var budget: BudgetArgument?
    @Argument(help: "The sentence to start with.") var sentence: String = "Hello, my dog is cute"

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // Before anything is loaded: a crash must not leave a prompt on the raw terminal.
        BacktracePrompt.disableByReexec(environment: environment)
        // Everything that can fail for a reason other than the terminal fails here, before the screen is touched.
        let (model, prepared, screenOptions, warnings) = exitOnError { try prepare(environment: environment) }
        var options = prepared
        if theme == nil, let light = Self.lightThemeIfTheTerminalIsLight(options.themes, environment: environment) {
            options.theme = light
        }
        let shotsFolder = (shots as NSString).expandingTildeInPath
        let notes = exitOnError {
            try TerminalApp.run(
                screenOptions: screenOptions,
                makeCore: { mode in
                    var o = options
                    o.colorMode = mode
                    return ExplorerCore(options: o)
                },
                encode: { request, observer in try model.encode(request.textA, pair: request.textB, observer: observer)
                },
                saveShots: { state, size in Self.saveShots(state: state, size: size, folder: shotsFolder) })
        }
        for line in warnings + notes { FileHandle.standardError.write(Data("bertscope: note: \(line)\n".utf8)) }
    }

    /// Loads the model and the themes and checks the options.
    func prepare(environment: [String: String]) throws -> (BertModel, ExplorerOptions, NCursesScreen.Options, [String])
    {
        let model = try modelOptions.load()
        let config = model.config
        if let layer { try ArgumentCheck.layer(layer, layers: config.numHiddenLayers) }
        let headSelection =
            try head?.selection(headCount: config.numAttentionHeads, gridAllowed: false) ?? HeadSelection.single(0)
        if pair != nil && config.typeVocabSize < 2 {
            throw BertError.pairNotSupported(model: model.name, typeVocabSize: config.typeVocabSize)
        }
        let lookedIn = ThemeLocations.candidates(environment: environment)
        let searchPaths = lookedIn.filter(ThemeLocations.isDirectory)
        let (themes, themeErrors) = Theme.loadAll(searchPaths: searchPaths)
        let chosen =
            try theme.map { try Theme.load(nameOrPath: $0, searchPaths: searchPaths, lookedIn: lookedIn) }
            ?? themes.first ?? .builtIn
        var options = ExplorerOptions(
            modelName: model.name, config: config, sentence: sentence, pair: pair, layer: layer, head: headSelection,
            theme: chosen, themes: themes)
        options.sentencePooling = try SentencePooling.read(folder: model.directory)
        options.compare = compare
        if let present { options.slides = try Self.readDeck(present, config: config) }
        options.byteBudget = Self.byteBudget(budget, environment: environment)
        let warnings = themeErrors.map { "theme skipped: \($0)" }
        return (model, options, NCursesScreen.Options(colors: colors.request, environment: environment), warnings)
    }
}

extension Explore {
    /// Reads a `--present` deck; errors name the file and the line.
    static func readDeck(_ path: String, config: BertConfig) throws -> [Slide] {
        let expanded = (path as NSString).expandingTildeInPath
        guard let text = try? String(contentsOfFile: expanded, encoding: .utf8) else {
            let why =
                FileManager.default.fileExists(atPath: expanded) ? "cannot be read as UTF-8 text" : "does not exist"
            throw ExploreError("--present \(path): the file \(why)")
        }
        do {
            let slides = try Slide.parseDeck(
                text, layerCount: config.numHiddenLayers, headCount: config.numAttentionHeads)
            guard !slides.isEmpty else {
                throw ExploreError("--present \(path): the deck has no slides (one sentence per line)")
            }
            return slides
        } catch let error as SlideError {
            throw ExploreError("--present \(path): \(error)")
        }
    }

    /// The byte budget: `--budget BYTES` or `none` when given, else the remote one when the session came in over
    /// SSH (`SSH_CONNECTION` or `SSH_TTY` set), else none: a local terminal gets full resolution.
    static func byteBudget(_ option: BudgetArgument?, environment: [String: String]) -> Int? {
        switch option {
        case .bytes(let n): return n
        case .unlimited: return nil
        case nil:
            let remote = ["SSH_CONNECTION", "SSH_TTY"].contains { !(environment[$0] ?? "").isEmpty }
            return remote ? ExplorerOptions.remoteByteBudget : nil
        }
    }

    /// The `light` theme when the terminal's background is light (`COLORFGBG`, else the terminal's answer
    /// to the OSC 11 query), so the dark theme's light text is not drawn on white; nil otherwise. Not asked
    /// when there are no colours or standard input and output are not the terminal.
    static func lightThemeIfTheTerminalIsLight(_ themes: [Theme], environment: [String: String]) -> Theme? {
        guard let light = themes.first(where: { $0.name == "light" }) else { return nil }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return nil }
        if let fgbg = environment["COLORFGBG"], let isLight = TerminalBackground.isLight(colorFGBG: fgbg) {
            return isLight ? light : nil
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1,
            (try? NCursesScreen.checkedTerm(environment)) != nil,
            let background = TerminalBackground.query(input: STDIN_FILENO, output: STDOUT_FILENO)
        else { return nil }
        return TerminalBackground.isLight(background) ? light : nil
    }

    /// The `s` key: figures of what the screen shows, and the screen itself, into `folder`.
    static func saveShots(state: AppState, size: Size, folder: String) -> StatusMessage {
        guard let request = Shots.Request(state: state, size: size) else {
            return StatusMessage(text: "nothing to save yet: the first encoding is still running", isError: true)
        }
        do {
            let files = try Shots.save(request, to: folder)
            return StatusMessage(text: "saved \(files.count) files to \(folder)/")
        } catch {
            return StatusMessage(text: "\(error)", isError: true)
        }
    }
}

/// A bad `explore` option, as one line.
struct ExploreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `--budget`: the bytes a layer step may send, from 1,000 to 100,000,000, or `none` (no budget).
enum BudgetArgument: Equatable {
    case bytes(Int)
    case unlimited

    /// The bytes allowed.
    static let range = 1_000...100_000_000
    /// What `--budget` accepts, for its help and its error.
    static let rangeText = "\(range.lowerBound) to \(range.upperBound), or none"

    /// Why a value was refused: the allowed range, so the one-line error says what to give instead.
    struct Invalid: Error, CustomStringConvertible, LocalizedError {
        var description: String { "give bytes from \(BudgetArgument.rangeText)" }
        var errorDescription: String? { description }
    }

    /// Parses `BYTES` or `none`, naming the allowed range when the value is neither.
    static func parse(_ argument: String) throws -> BudgetArgument {
        if argument.lowercased() == "none" { return .unlimited }
        guard let n = Int(argument), range.contains(n) else { throw Invalid() }
        return .bytes(n)
    }
}
