import ArgumentParser
import BertKit
import Export
import Foundation
import ScopeUI

/// `bertscope render`: figures without a terminal, for docs and CI.
///
/// Formats: `png`, `pdf` and `svg` are figures (title, labelled axes, colour bar; text through pango with
/// real fonts); `ansi`, `txt` and `html` are terminal text. The attention and activation views also render
/// as text (coloured cells, or a glyph ramp with `--colors mono` and in `txt`); the grid and pooler figures
/// exist only as png/pdf/svg. `--view screen` is the whole explorer as the terminal shows it, in any format.
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
        case attention, activations, intermediate, pooler, screen
    }

    /// How to write it.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case png, pdf, svg, ansi, txt, html

        /// Drawn as a figure (pixels or points), not terminal text.
        var isFigure: Bool { self == .png || self == .pdf || self == .svg }
    }

    @OptionGroup var modelOptions: ModelOptions
    @Option(help: ArgumentHelp("Sentence B (pair mode, token_type_ids 1).", valueName: "B")) var pair: String?
    @Option(help: ArgumentHelp("Layer: 0 (embeddings) to L; default the last.", valueName: "N")) var layer: Int?
    @Option(help: ArgumentHelp("Head 1...H, mean, max, or grid (every layer x head).", valueName: "H|mean|max|grid"))
    var head: String = "mean"
    @Option(help: "What to draw: a figure, or the whole explorer screen.") var view: View = .attention
    @Option(help: ArgumentHelp("Colour theme: a name from themes/ or a .toml file.", valueName: "T")) var theme: String?
    @Option(help: "Output format (default: from the -o extension).") var format: Format?
    @Option(help: ArgumentHelp("Colours for ansi output: truecolor, 256, 16 or mono.", valueName: "MODE"))
    var colors: String = "256"
    @Option(help: ArgumentHelp("Exactly W x H pixels for png/pdf/svg (320x240 to 4000x4000); columns for text.", valueName: "WxH"))
    var size: String?
    @Option(help: ArgumentHelp("Multiply a png/pdf/svg figure's natural size (e.g. 2 for print).", valueName: "N"))
    var scale: Double?
    @Option(help: ArgumentHelp("Emphasise token I (0 is [CLS]).", valueName: "I")) var token: Int?
    @Option(name: .short, help: ArgumentHelp("Where to write (- for standard output).", valueName: "FILE")) var output: String
    @Argument(help: "The sentence.") var sentence: String

    func run() throws {
        exitOnError {
            let format = try resolvedFormat()
            let mode = try colorMode()
            let dims = try parsedSize()
            let headChoice = try parsedHead()
            let model = try modelOptions.load()
            let encoding = try model.encode(sentence, pair: pair)
            let canvas = try figureCanvas(format: format, size: dims)
            let chosenTheme = try loadTheme()
            let palette = FigurePalette(theme: chosenTheme)
            let font = FigureFont.system
            if format == .png || format == .pdf || (view == .screen && format == .svg), !font.hasRealFonts {
                FileHandle.standardError.write(
                    Data("bertscope: no fonts found (fontconfig lists none): text uses the built-in pixel font; install fonts-dejavu-core\n".utf8))
            }
            let data: Data
            if view == .screen {
                data = try screen(encoding, theme: chosenTheme, head: headChoice, mode: mode, size: dims, format: format, font: font)
                try write(data)
                return
            }
            let kind = try figureKind(encoding: encoding, head: headChoice)
            switch format {
            case .png, .pdf, .svg:
                let options = FigureOptions(maxWidth: dims?.0, maxHeight: dims?.1, selectedToken: token)
                let figure = try Figures.make(kind, encoding: encoding, palette: palette, options: options, font: font)
                data = try Self.encode(figure, format: format, canvas: canvas, font: font)
            case .ansi, .txt, .html:
                let buffer = try TextHeatmap.render(
                    kind, encoding: encoding, palette: palette, mode: format == .txt ? .mono : mode, maxWidth: dims?.0 ?? 160)
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

    /// Writes the bytes to `-o` (atomically) or standard output.
    func write(_ data: Data) throws {
        if output == "-" {
            FileHandle.standardOutput.write(data)
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
    /// Both at once, or either for text output, is refused.
    func figureCanvas(format: Format, size: (Int, Int)?) throws -> FigureCanvas {
        if size != nil && scale != nil { throw ValidationError("give --size or --scale, not both") }
        if let scale {
            guard format.isFigure else { throw ValidationError("--scale applies to png, pdf and svg, not \(format.rawValue)") }
            return try FigureCanvas.scaled(scale).validated()
        }
        if let size, format.isFigure, view != .screen {
            return try FigureCanvas.exactly(width: size.0, height: size.1).validated()
        }
        return .scaled(1)
    }

    /// The whole explorer screen at `size` (default 120x40) in any format.
    func screen(
        _ e: Encoding, theme: Theme, head: HeadSelection?, mode: ColorMode, size: (Int, Int)?, format: Format, font: FigureFont
    ) throws -> Data {
        let heads = e.config.numAttentionHeads
        let selection: HeadSelection
        switch head {
        case .single(let i)?:
            guard i < heads else { throw ValidationError("head \(i + 1) does not exist: \(e.modelName) has heads 1 to \(heads)") }
            selection = .single(i)
        case .max?: selection = .max
        case .mean?, nil: selection = .mean
        }
        if let layer, layer < 0 || layer > e.layerCount {
            throw ValidationError("layer \(layer) does not exist: \(e.modelName) has layers 0 to \(e.layerCount)")
        }
        let options = ExplorerOptions(
            modelName: e.modelName, config: e.config, sentence: e.input.textA, pair: e.input.textB, layer: layer ?? e.layerCount,
            head: selection, theme: theme, themes: [theme], colorMode: format == .ansi ? mode : .truecolor)
        let (w, h) = size ?? (120, 40)
        let buffer = ScreenShot.render(e, options: options, view: head == nil ? .grid : .attention, size: Size(width: w, height: h))
        let colors = ScreenColors(theme: theme)
        let title = "bertscope · \(e.modelName) · \(e.input.textA)"
        switch format {
        case .svg: return Data(buffer.svg(colors: colors, title: title).utf8)
        case .html: return Data(buffer.html(colors: colors, title: title).utf8)
        case .ansi: return Data(buffer.ansi(mode: mode).utf8)
        case .txt: return Data(buffer.plainText().utf8)
        case .png, .pdf:
            let canvas: FigureCanvas = try scale.map { try FigureCanvas.scaled($0).validated() } ?? .scaled(1)
            return try Self.encode(buffer.figure(colors: colors, title: title, font: font), format: format, canvas: canvas, font: font)
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
        case "pdf": return .pdf
        case "svg": return .svg
        case "ansi", "ans": return .ansi
        case "txt", "text": return .txt
        case "html", "htm": return .html
        default:
            throw ValidationError(
                output == "-"
                    ? "writing to standard output needs --format png|pdf|svg|ansi|txt|html"
                    : "cannot tell the format from \(output); name it .png, .pdf, .svg, .ansi, .txt or .html, or pass --format")
        }
    }

    /// The `--colors` mode for text output.
    func colorMode() throws -> ColorMode {
        guard let mode = ColorMode(rawValue: colors) else {
            throw ValidationError("--colors must be truecolor, 256, 16 or mono, not \(colors)")
        }
        return mode
    }

    /// `--size WxH` as two positive numbers.
    func parsedSize() throws -> (Int, Int)? {
        guard let size else { return nil }
        guard let (w, h) = parseDimensions(size), w > 0, h > 0 else {
            throw ValidationError("--size must look like 1200x800, not \(size)")
        }
        return (w, h)
    }

    /// `--head` as a choice, or nil for `grid`.
    func parsedHead() throws -> HeadSelection? {
        switch head.lowercased() {
        case "mean": return .mean
        case "max": return .max
        case "grid": return nil
        default:
            guard let n = Int(head), n >= 1 else {
                throw ValidationError("--head must be a head number (1, 2, ...), mean, max or grid, not \(head)")
            }
            return .single(n - 1)
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
