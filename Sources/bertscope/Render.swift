import ArgumentParser
import BertKit
import Export
import Foundation
import ScopeUI

/// `bertscope render`: figures without a terminal, for docs and CI.
///
/// Formats: `png`, `pdf` and `svg` are figures (title, labelled axes, colour bar; text through pango with
/// real fonts); `ansi`, `txt` and `html` are terminal text. The attention and activation views also render
/// as text (coloured cells, or a glyph ramp with `--colors mono` and in `txt`); the grid, pooler and predictions
/// (logit lens) figures exist only as png/pdf/svg. `--view screen` is the whole explorer as the terminal shows it,
/// in any format.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a view to PNG, PDF, SVG, ANSI, text or HTML without a terminal.",
        discussion: """
            The format follows the extension of -o (.png .pdf .svg .ansi .txt .html) unless --format says \
            otherwise; -o - writes to standard output. --size WxH is the exact size of a png/pdf/svg figure \
            (pixels; PDF points), from 320x240 to 4000x4000; --scale N multiplies a figure's natural size \
            instead. For text figures --size is in columns, and for --view screen it is the terminal size \
            (default 120x40). Layers count like the explorer's slider: 0 is the embeddings, 1...L the \
            encoder layers; heads count from 1.
            """)

    /// What to draw.
    enum View: String, ExpressibleByArgument, CaseIterable {
        case attention, norms, rollout, flow, activations, intermediate, pooler, predictions, heads, similarity, compare
        case screen
    }

    /// How to write it.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case png, pdf, svg, ansi, txt, html

        /// Drawn as a figure (pixels or points), not terminal text.
        var isFigure: Bool { self == .png || self == .pdf || self == .svg }
    }

    @OptionGroup var modelOptions: ModelOptions
    @Option(
        help: ArgumentHelp("Sentence B (pair mode, token_type_ids 1); - reads it from standard input.", valueName: "B"))
    var pair: String?
    @Option(
        help: ArgumentHelp(
            "The second sentence of --view compare, encoded alone; - reads it from standard input.", valueName: "TEXT"))
    var compare: String?
    @Option(
        parsing: .unconditional, help: ArgumentHelp("Layer: 0 (embeddings) to L; default the last.", valueName: "N"))
    var layer: Int?
    @Option(help: ArgumentHelp("Head 1...H, mean, max, or grid (every layer x head).", valueName: "H|mean|max|grid"))
    var head: HeadArgument = .mean
    @Option(help: "What to draw: a figure, or the whole explorer screen.") var view: View = .attention
    @Option(help: ArgumentHelp("Colour theme: a name from themes/ or a .toml file.", valueName: "T")) var theme: String?
    @Option(help: "Output format (default: from the -o extension).") var format: Format?
    @Option(
        help: ArgumentHelp(
            "Colour depth of ansi output (default 256) and of --view screen in any format, which then shows what a "
                + "terminal of that depth shows (default truecolor): truecolor, 256, 16 or mono.",
            valueName: "MODE"))
    var colors: ColorsArgument?
    @Option(
        help: ArgumentHelp(
            "Exactly W x H pixels for png/pdf/svg (320x240 to 4000x4000), columns for text figures, "
                + "the terminal for --view screen (at most \(Self.maxScreenCells)x\(Self.maxScreenCells)).",
            valueName: "WxH"))
    var size: SizeArgument?
    @Option(
        help: ArgumentHelp(
            "Multiply a png/pdf/svg figure's natural size (e.g. 2 for print), at most 8.", valueName: "N"))
    var scale: Double?
    @Option(parsing: .unconditional, help: ArgumentHelp("Emphasise token I (0 is [CLS]).", valueName: "I"))
    var token: Int?
    @Option(name: .short, help: ArgumentHelp("Where to write (- for standard output).", valueName: "FILE")) var output:
        String
    @Argument(help: "The sentence; - reads it from standard input (as bytes: NUL and any length intact).")
    var sentence: String

    func run() throws {
        TemporaryFile.removeOnTerminatingSignals()
        exitOnError {
            let format = try resolvedFormat()
            let mode = (colors ?? ColorsArgument(.auto)).mode(default: view == .screen ? .truecolor : .palette256)
            let dims = try checkedSize(format: format)
            let canvas = try figureCanvas(format: format, size: dims)
            let (sentence, pair) = try TextInput.resolve(sentence, pair: pair)
            if view == .compare && compare == nil {
                throw ValidationError("--view compare needs --compare TEXT, the sentence to compare with")
            }
            if compare != nil && view != .compare { throw ValidationError("--compare applies to --view compare") }
            if compare == "-" && (sentence == "-" || self.pair == "-") {
                throw ValidationError("only one of the sentence, --pair and --compare can be - (standard input)")
            }
            let second = try compare.map { $0 == "-" ? try TextInput.standardInput() : $0 }
            let model = try modelOptions.load()
            let headChoice = try head.selection(headCount: model.config.numAttentionHeads, gridAllowed: true)
            if let layer { try ArgumentCheck.layer(layer, layers: model.config.numHiddenLayers) }
            let encoding = try model.encode(sentence, pair: pair)
            if let token { try ArgumentCheck.token(token, tokens: encoding.tokenCount) }
            let chosenTheme = try loadTheme()
            let palette = FigurePalette(theme: chosenTheme)
            let font = FigureFont.system
            if format == .png || format == .pdf, !font.hasRealFonts {
                FileHandle.standardError.write(
                    Data(
                        "bertscope: no fonts found (fontconfig lists none): text uses the built-in pixel font; install fonts-dejavu-core\n"
                            .utf8))
            }
            let data: Data
            if view == .screen {
                data = try screen(
                    encoding, theme: chosenTheme, head: headChoice, mode: mode, size: dims, format: format, font: font)
                try write(data)
                return
            }
            if let second {
                guard format.isFigure else {
                    throw ValidationError("the compare figure exists as png, pdf or svg, not \(format.rawValue)")
                }
                let comparison = EncodingComparison(
                    EncodingAnalysis(encoding), EncodingAnalysis(try model.encode(second)))
                let options = FigureOptions(maxWidth: dims?.width, maxHeight: dims?.height, selectedToken: token)
                let figure = try Figures.compare(comparison, palette: palette, options: options, font: font)
                try write(try Self.encode(figure, format: format, canvas: canvas, font: font))
                return
            }
            let kind = try figureKind(encoding: encoding, head: headChoice)
            switch format {
            case .png, .pdf, .svg:
                let options = FigureOptions(maxWidth: dims?.width, maxHeight: dims?.height, selectedToken: token)
                let figure = try Figures.make(kind, encoding: encoding, palette: palette, options: options, font: font)
                data = try Self.encode(figure, format: format, canvas: canvas, font: font)
            case .ansi, .txt, .html:
                let buffer = try TextHeatmap.render(
                    kind, encoding: encoding, palette: palette, mode: format == .txt ? .mono : mode,
                    maxWidth: dims?.width ?? 160)
                let colors = ScreenColors(foreground: palette.text, background: palette.background)
                switch format {
                case .ansi: data = Data(buffer.ansi(mode: mode).utf8)
                case .txt: data = Data(buffer.plainText().utf8)
                default: data = Data(buffer.html(colors: colors, title: "bertscope").utf8)
                }
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

    /// A figure as png, pdf or svg bytes at `canvas`.
    static func encode(_ figure: Figure, format: Format, canvas: FigureCanvas, font: FigureFont) throws -> Data {
        switch format {
        case .png: return try figure.png(font: font, canvas: canvas)
        case .pdf: return try figure.pdf(font: font, canvas: canvas)
        default: return Data(try figure.svg(canvas: canvas).utf8)
        }
    }

    /// The page a figure is drawn on: exactly `--size` pixels, or its natural size times `--scale` (1).
    /// Both at once, or `--scale` for text output, is refused.
    func figureCanvas(format: Format, size: Size?) throws -> FigureCanvas {
        if size != nil && scale != nil { throw ValidationError("give --size or --scale, not both") }
        if let scale {
            guard format.isFigure else {
                throw ValidationError("--scale applies to png, pdf and svg, not \(format.rawValue)")
            }
            return try FigureCanvas.scaled(scale).validated()
        }
        if let size, format.isFigure, view != .screen {
            return try FigureCanvas.exactly(width: size.width, height: size.height).validated()
        }
        return .scaled(1)
    }

    /// The whole explorer screen at `size` (default 120x40) in any format.
    func screen(
        _ e: Encoding, theme: Theme, head: HeadSelection?, mode: ColorMode, size: Size?, format: Format,
        font: FigureFont
    ) throws -> Data {
        let selection = head ?? .mean
        var options = ExplorerOptions(
            modelName: e.modelName, config: e.config, sentence: e.input.textA, pair: e.input.textB,
            layer: layer ?? e.layerCount,
            head: selection, theme: theme, themes: [theme], colorMode: mode)
        options.sentencePooling = e.sentencePooling
        let buffer = ScreenShot.render(
            e, options: options, view: head == nil ? .grid : .attention, size: size ?? Size(width: 120, height: 40))
        var colors = ScreenColors(theme: theme)
        // A 16-colour screen shows xterm's 16 colours, as the explorer in such a terminal would.
        if mode != .truecolor { colors.depth = TerminalColors(mode: mode, paletteSize: mode == .ansi16 ? 16 : 256) }
        let title = "bertscope · \(e.modelName) · \(e.input.textA)"
        switch format {
        case .svg: return Data(buffer.svg(colors: colors, title: title).utf8)
        case .html: return Data(buffer.html(colors: colors, title: title).utf8)
        case .ansi: return Data(buffer.ansi(mode: mode).utf8)
        case .txt: return Data(buffer.plainText().utf8)
        case .png, .pdf:
            let canvas: FigureCanvas = try scale.map { try FigureCanvas.scaled($0).validated() } ?? .scaled(1)
            let figure = buffer.figure(colors: colors, title: title, font: font)
            return try Self.encode(figure, format: format, canvas: canvas, font: font)
        }
    }

    /// The `--theme` (a name in the theme folders or a path), or the built-in default.
    func loadTheme() throws -> Theme {
        guard let theme else { return .builtIn }
        let lookedIn = ThemeLocations.candidates(environment: ProcessInfo.processInfo.environment)
        return try Theme.load(
            nameOrPath: theme, searchPaths: lookedIn.filter(ThemeLocations.isDirectory), lookedIn: lookedIn)
    }

    /// The format asked for, or the one the file name implies.
    func resolvedFormat() throws -> Format {
        if let format { return format }
        let ext = (output as NSString).pathExtension.lowercased()
        switch ext {
        case "png": return .png
        case "pdf": return .pdf
        case "svg": return .svg
        case "ansi", "ans": return .ansi
        case "txt", "text": return .txt
        case "html", "htm": return .html
        default:
            throw ValidationError(
                output == "-"
                    ? "writing to standard output needs --format png|pdf|svg|ansi|txt|html"
                    : "cannot tell the format from \(output); name it .png, .pdf, .svg, .ansi, .txt or .html, or pass --format"
            )
        }
    }

    /// Largest `--size` side for `--view screen`, in cells.
    static let maxScreenCells = 1000
    /// Largest `--size` width for text figures, in columns.
    static let maxTextColumns = 10000

    /// `--size` checked against the bound of what it sizes.
    func checkedSize(format: Format) throws -> Size? {
        guard let size else { return nil }
        if view == .screen { return try size.checked("--size", within: 1...Self.maxScreenCells, unit: "cells") }
        switch format {
        case .png, .pdf, .svg:
            // The exact page bounds (320x240 to 4000x4000) are FigureCanvas's, checked with the canvas.
            return Size(width: size.width, height: size.height)
        case .ansi, .txt, .html: return try size.checked("--size", within: 1...Self.maxTextColumns, unit: "columns")
        }
    }

    /// The figure the options describe, checked against the encoding's layers.
    func figureKind(encoding e: Encoding, head: HeadSelection?) throws -> FigureKind {
        let layer = self.layer ?? e.layerCount
        switch view {
        case .attention:
            guard let head else { return .attentionGrid }
            return .attention(layer: layer, head: head)
        case .norms:
            // Value-weighted norms: one head, or (mean, max, grid) the norm of the sum over heads.
            return .norms(layer: layer, head: head ?? .mean)
        case .rollout: return .rollout(layer: layer)
        case .flow: return .flow(layer: layer)
        case .activations: return .activations(layer: layer)
        case .intermediate: return .intermediate(layer: layer)
        case .pooler: return .pooler
        case .predictions: return .predictions
        case .heads: return .headRoles
        case .similarity: return .similarity(layer: layer)
        case .compare, .screen: throw ValidationError("--view \(view.rawValue) is not a figure of one encoding")
        }
    }
}
