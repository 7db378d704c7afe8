import ArgumentParser
import BertKit
import Export
import Foundation
import ScopeUI

/// `bertscope render`: figures without a terminal, for docs and CI.
///
/// Formats: `png` and `svg` are figures (title, labelled axes, colour bar); `ansi` and `html` are terminal
/// text. The attention and activation views also render as text (coloured cells, or a glyph ramp with
/// `--colors mono`); the grid and pooler figures exist only as png/svg. `--view screen` is the whole
/// explorer as the terminal shows it, as svg, html or ansi (not png: it is text).
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a view to PNG, SVG, ANSI or HTML without a terminal.",
        discussion: """
            The format follows the extension of -o (.png .svg .ansi .txt .html) unless --format says \
            otherwise; -o - writes to standard output. --size is in pixels for png/svg figures (the figure \
            fits into it), in columns for text figures, and the terminal size for --view screen (default \
            120x40). Layers count like the explorer's slider: 0 is the embeddings, 1...L the encoder \
            layers; heads count from 1.
            """)

    /// What to draw.
    enum View: String, ExpressibleByArgument, CaseIterable {
        case attention, activations, intermediate, pooler, screen
    }

    /// How to write it.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case png, svg, ansi, html
    }

    @OptionGroup var modelOptions: ModelOptions
    @Option(help: ArgumentHelp("Sentence B (pair mode, token_type_ids 1).", valueName: "B")) var pair: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Layer: 0 (embeddings) to L; default the last.", valueName: "N"))
    var layer: Int?
    @Option(help: ArgumentHelp("Head 1...H, mean, max, or grid (every layer x head).", valueName: "H|mean|max|grid"))
    var head: HeadArgument = .mean
    @Option(help: "What to draw: a figure, or the whole explorer screen.") var view: View = .attention
    @Option(help: ArgumentHelp("Colour theme: a name from themes/ or a .toml file.", valueName: "T")) var theme: String?
    @Option(help: "Output format (default: from the -o extension).") var format: Format?
    @Option(help: ArgumentHelp("Colours for ansi output: truecolor, 256 (auto), 16 or mono.", valueName: "MODE"))
    var colors = ColorsArgument(.fixed(.palette256))
    @Option(
        help: ArgumentHelp(
            "Fit into W x H: pixels for png/svg (at most \(Self.maxFigurePixels)), columns for text figures, "
                + "the terminal for --view screen (at most \(Self.maxScreenCells)x\(Self.maxScreenCells)).",
            valueName: "WxH"))
    var size: SizeArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("Emphasise token I (0 is [CLS]).", valueName: "I"))
    var token: Int?
    @Option(name: .short, help: ArgumentHelp("Where to write (- for standard output).", valueName: "FILE")) var output: String
    @Argument(help: "The sentence.") var sentence: String

    func run() throws {
        TemporaryFile.removeOnTerminatingSignals()
        exitOnError {
            let format = try resolvedFormat()
            let mode = colors.mode(default: .palette256)
            let dims = try checkedSize(format: format)
            let model = try modelOptions.load()
            let headChoice = try head.selection(headCount: model.config.numAttentionHeads, gridAllowed: true)
            if let layer { try ArgumentCheck.layer(layer, layers: model.config.numHiddenLayers) }
            let encoding = try model.encode(sentence, pair: pair)
            if let token { try ArgumentCheck.token(token, tokens: encoding.tokenCount) }
            let chosenTheme = try loadTheme()
            let palette = FigurePalette(theme: chosenTheme)
            let data: Data
            if view == .screen {
                data = try screen(encoding, theme: chosenTheme, head: headChoice, mode: mode, size: dims, format: format)
                try write(data)
                return
            }
            let kind = try figureKind(encoding: encoding, head: headChoice)
            switch format {
            case .png, .svg:
                let options = FigureOptions(maxWidth: dims?.width, maxHeight: dims?.height, selectedToken: token)
                let figure = try Figures.make(kind, encoding: encoding, palette: palette, options: options)
                data = format == .png ? try figure.png() : Data(try figure.svg().utf8)
            case .ansi, .html:
                let buffer = try TextHeatmap.render(kind, encoding: encoding, palette: palette, mode: mode, maxWidth: dims?.width ?? 160)
                let colors = ScreenColors(foreground: palette.text, background: palette.background)
                data = Data((format == .ansi ? buffer.ansi(mode: mode) : buffer.html(colors: colors, title: "bertscope")).utf8)
            }
            try write(data)
        }
    }

    /// Writes the bytes to `-o` (atomically) or standard output; a failed write is an error, never a trap.
    func write(_ data: Data) throws {
        if output == "-" {
            try SafeFile.writeStandardOutput(data)
        } else {
            try SafeFile.write(data, to: (output as NSString).expandingTildeInPath)
        }
    }

    /// The whole explorer screen at `size` (default 120x40) as svg, html or ansi.
    func screen(_ e: Encoding, theme: Theme, head: HeadSelection?, mode: ColorMode, size: Size?, format: Format) throws -> Data {
        let selection = head ?? .mean
        let options = ExplorerOptions(
            modelName: e.modelName, config: e.config, sentence: e.input.textA, pair: e.input.textB, layer: layer ?? e.layerCount,
            head: selection, theme: theme, themes: [theme], colorMode: format == .ansi ? mode : .truecolor)
        let buffer = ScreenShot.render(e, options: options, view: head == nil ? .grid : .attention, size: size ?? Size(width: 120, height: 40))
        let colors = ScreenColors(theme: theme)
        let title = "bertscope · \(e.modelName) · \(e.input.textA)"
        switch format {
        case .svg: return Data(buffer.svg(colors: colors, title: title).utf8)
        case .html: return Data(buffer.html(colors: colors, title: title).utf8)
        case .ansi: return Data(buffer.ansi(mode: mode).utf8)
        case .png:
            throw ValidationError("--view screen is terminal text: write it as .svg, .html or .ansi (figures come as .png)")
        }
    }

    /// The `--theme` (a name in the theme folders or a path), or the built-in default.
    func loadTheme() throws -> Theme {
        guard let theme else { return .builtIn }
        return try Theme.load(nameOrPath: theme, searchPaths: ThemeLocations.searchPaths(environment: ProcessInfo.processInfo.environment))
    }

    /// The format asked for, or the one the file name implies.
    func resolvedFormat() throws -> Format {
        if let format { return format }
        let ext = (output as NSString).pathExtension.lowercased()
        switch ext {
        case "png": return .png
        case "svg": return .svg
        case "ansi", "ans", "txt": return .ansi
        case "html", "htm": return .html
        default:
            throw ValidationError(
                output == "-"
                    ? "writing to standard output needs --format png|svg|ansi|html"
                    : "cannot tell the format from \(output); name it .png, .svg, .ansi or .html, or pass --format")
        }
    }

    /// Largest `--size` side for png/svg figures, in pixels (a 16384 x 16384 RGBA raster is 1 GiB).
    static let maxFigurePixels = 16384
    /// Largest `--size` side for `--view screen`, in cells.
    static let maxScreenCells = 1000
    /// Largest `--size` width for text figures, in columns.
    static let maxTextColumns = 10000

    /// `--size` checked against the bound of what it sizes.
    func checkedSize(format: Format) throws -> Size? {
        guard let size else { return nil }
        if view == .screen { return try size.checked("--size", within: 1...Self.maxScreenCells, unit: "cells") }
        switch format {
        case .png, .svg: return try size.checked("--size", within: 1...Self.maxFigurePixels, unit: "pixels")
        case .ansi, .html: return try size.checked("--size", within: 1...Self.maxTextColumns, unit: "columns")
        }
    }

    /// The figure the options describe, checked against the encoding's layers.
    func figureKind(encoding e: Encoding, head: HeadSelection?) throws -> FigureKind {
        let layer = self.layer ?? e.layerCount
        switch view {
        case .attention:
            guard let head else { return .attentionGrid }
            return .attention(layer: layer, head: head)
        case .activations: return .activations(layer: layer)
        case .intermediate: return .intermediate(layer: layer)
        case .pooler: return .pooler
        case .screen: throw ValidationError("--view screen is not a figure")
        }
    }
}
