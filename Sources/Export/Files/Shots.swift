import BertKit
import Foundation
import ScopeUI

/// The UI's `s` key: every figure of the current view state as PNG and SVG, plus the screen as an SVG
/// screenshot, into one folder, named after model, layer, head and the sentence.
public enum Shots {
    /// What to save: the state the screen shows.
    public struct Request: Sendable {
        /// The encoding on screen.
        public var encoding: Encoding
        /// The layer slider's position, 0...L.
        public var layer: Int
        /// The attention head (or mean/max).
        public var head: HeadSelection
        /// The selected token, emphasised in the figures.
        public var selectedToken: Int?
        /// Figure colours (from the theme on screen).
        public var palette: FigurePalette
        /// The screen as drawn, for the SVG screenshot (nil: none).
        public var screen: CellBuffer?

        /// Creates a request.
        public init(
            encoding: Encoding, layer: Int, head: HeadSelection, selectedToken: Int? = nil, palette: FigurePalette = .standard,
            screen: CellBuffer? = nil
        ) {
            self.encoding = encoding
            self.layer = layer
            self.head = head
            self.selectedToken = selectedToken
            self.palette = palette
            self.screen = screen
        }
    }

    /// The default folder, relative to the working directory.
    public static let defaultFolder = "bertscope-shots"

    /// Writes the shots into `folder` (created if missing) and returns the paths written, in order.
    /// At layer 0 there is no attention, so no attention figure is written.
    public static func save(_ r: Request, to folder: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let why = underlying.map { $0.domain == NSPOSIXErrorDomain ? SafeFile.reason(errno: Int32($0.code), folder: folder) : "\($0.localizedDescription)" }
            throw BertError.cannotWrite(path: folder, reason: "cannot create the folder" + (why.map { " (\($0))" } ?? ""))
        }
        let base = folder + "/" + baseName(r)
        let options = FigureOptions(selectedToken: r.selectedToken)
        var kinds: [(String, FigureKind)] = []
        if r.layer >= 1 { kinds.append(("attention", .attention(layer: r.layer, head: r.head))) }
        kinds.append(("activations", .activations(layer: r.layer)))
        kinds.append(("pooler", .pooler))
        if r.encoding.heads.inventory.maskedLM { kinds.append(("predictions", .predictions)) }
        var written: [String] = []
        for (suffix, kind) in kinds {
            let figure = try Figures.make(kind, encoding: r.encoding, palette: r.palette, options: options)
            try SafeFile.write(try figure.png(), to: base + "-" + suffix + ".png")
            try SafeFile.write(try figure.svg(), to: base + "-" + suffix + ".svg")
            written += [base + "-" + suffix + ".png", base + "-" + suffix + ".svg"]
        }
        if let screen = r.screen {
            let colors = ScreenColors(foreground: r.palette.text, background: r.palette.background)
            try SafeFile.write(screen.svg(colors: colors, title: "bertscope · " + r.encoding.modelName), to: base + "-screen.svg")
            written.append(base + "-screen.svg")
        }
        return written
    }

    /// `all-minilm-l6-v2_layer3_head4_hello-my-dog-is-cute` (`head-mean`, `head-max`).
    public static func baseName(_ r: Request) -> String {
        let head: String
        switch r.head {
        case .single(let i): head = "head\(i + 1)"
        case .mean: head = "head-mean"
        case .max: head = "head-max"
        }
        return [slug(r.encoding.modelName, maxLength: 40), "layer\(r.layer)", head, slug(r.encoding.input.textA, maxLength: 40)]
            .joined(separator: "_")
    }

    /// A file-name-safe slug: lower-case ASCII letters and digits, accents dropped, runs of anything else
    /// as one `-`, at most `maxLength` characters; `text` when nothing is left.
    public static func slug(_ s: String, maxLength: Int) -> String {
        var out = ""
        for u in s.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") {
                out.unicodeScalars.append(u)
            } else if u.properties.generalCategory == .nonspacingMark {
                continue
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out += "-"
            }
            if out.count >= maxLength { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "text" : out
    }
}

extension Shots.Request {
    /// What the explorer shows in `state`, with the screen drawn at `size` for the screenshot;
    /// nil before the first encoding arrives.
    public init?(state: AppState, size: Size) {
        guard let encoding = state.encoding else { return nil }
        self.init(
            encoding: encoding, layer: state.layer, head: state.head, selectedToken: state.selectedToken,
            palette: FigurePalette(theme: state.theme), screen: Screen.render(state, size: size))
    }
}
