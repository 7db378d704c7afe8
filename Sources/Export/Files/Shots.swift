import BertKit
import Foundation
import ScopeUI

/// The UI's `s` key: a figure (PNG and SVG) of every view on the screen, as the screen shows it (the grid, the
/// FFN activations, the head or mean/max, the attention scale, the theme), plus the screen as an SVG screenshot,
/// into one folder. Names carry model, layer, head, theme and the sentence, and each file says its view:
/// `all-minilm-l6-v2_layer3_head4_dark_hello-my-dog-is-cute-attention.png`. Nothing is overwritten: a second
/// save of the same screen gets `_2`, then `_3`, before the view.
public enum Shots {
    /// A figure the screen shows.
    public enum View: String, Sendable, Hashable, CaseIterable {
        /// One layer's attention (the head, mean or max on screen).
        case attention
        /// Every layer x head.
        case grid
        /// hidden_states[layer].
        case activations
        /// The FFN intermediate of the layer, after GELU.
        case intermediate
        /// [CLS] vs pooler_output.
        case pooler
        /// The masked-LM predictions (checkpoints with the pre-training heads).
        case predictions
        /// The token x token cosine matrix of hidden_states[layer] and each layer's mean.
        case similarity
        /// Sentence A against the compare sentence, per token and layer (needs `Request.comparison`).
        case compare

        /// True for the views that show one head (or the mean/max of heads): the file name names it only then.
        var hasHead: Bool { self == .attention || self == .grid }
    }

    /// What to save: the state the screen shows.
    public struct Request: Sendable {
        /// The encoding on screen.
        public var encoding: Encoding
        /// The layer slider's position, 0...L.
        public var layer: Int
        /// The attention head (or mean/max).
        public var head: HeadSelection
        /// The views on screen, main view first (attention at layer 0 is left out when saving: it has none).
        public var views: [View]
        /// The attention colour scale on screen.
        public var attentionScale: AttentionScale
        /// What the attention view shows (weights, norms, rollout, flow).
        public var attentionSource: AttentionSource = .weights
        /// The analysis on screen, whose computed values (flow above all) the figures reuse (nil: a fresh one).
        public var analysis: EncodingAnalysis?
        /// The comparison the compare view shows (nil: none; the compare view is then not saved).
        public var comparison: EncodingComparison?
        /// The theme's name (for the file names).
        public var themeName: String
        /// The selected token, emphasised in the figures.
        public var selectedToken: Int?
        /// Figure colours (from the theme on screen).
        public var palette: FigurePalette
        /// The screen as drawn, for the SVG screenshot (nil: none).
        public var screen: CellBuffer?

        /// Creates a request.
        public init(
            encoding: Encoding, layer: Int, head: HeadSelection, views: [View] = [.attention, .activations, .pooler],
            attentionScale: AttentionScale = .toMax, themeName: String = "dark", selectedToken: Int? = nil,
            palette: FigurePalette = .standard, screen: CellBuffer? = nil
        ) {
            self.encoding = encoding
            self.layer = layer
            self.head = head
            self.views = views
            self.attentionScale = attentionScale
            self.themeName = themeName
            self.selectedToken = selectedToken
            self.palette = palette
            self.screen = screen
        }
    }

    /// The default folder, relative to the working directory.
    public static let defaultFolder = "bertscope-shots"

    /// Writes the shots into `folder` (created if missing) and returns the paths written, in order.
    /// At layer 0 there is no attention and no FFN, so those views are left out.
    public static func save(_ r: Request, to folder: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let why = underlying.map {
                $0.domain == NSPOSIXErrorDomain
                    ? SafeFile.reason(errno: Int32($0.code), folder: folder) : "\($0.localizedDescription)"
            }
            throw BertError.cannotWrite(
                path: folder, reason: "cannot create the folder" + (why.map { " (\($0))" } ?? ""))
        }
        let options = FigureOptions(selectedToken: r.selectedToken, attentionScale: r.attentionScale)
        let analysis = r.analysis ?? EncodingAnalysis(r.encoding)
        var kinds: [(View, FigureKind?)] = []
        for view in r.views where !kinds.contains(where: { $0.0 == view }) {
            switch view {
            case .attention where r.layer >= 1:
                switch r.attentionSource {
                case .weights: kinds.append((view, .attention(layer: r.layer, head: r.head)))
                case .norms: kinds.append((view, .norms(layer: r.layer, head: r.head)))
                case .rollout: kinds.append((view, .rollout(layer: r.layer)))
                // Flow is saved once computed (the screen shows it); computing it here would stall the screen.
                case .flow where analysis.computedFlow(layer: r.layer) != nil:
                    kinds.append((view, .flow(layer: r.layer)))
                case .flow: break
                }
            case .grid: kinds.append((view, .attentionGrid))
            case .activations: kinds.append((view, .activations(layer: r.layer)))
            case .intermediate where r.layer >= 1: kinds.append((view, .intermediate(layer: r.layer)))
            case .pooler: kinds.append((view, .pooler))
            case .predictions where r.encoding.heads.inventory.maskedLM: kinds.append((view, .predictions))
            case .similarity: kinds.append((view, .similarity(layer: r.layer)))
            // the compare figure is made from the comparison, not from one encoding
            case .compare where r.comparison != nil: kinds.append((view, nil))
            default: break
            }
        }
        func tag(_ view: View) -> String { view == .attention ? r.attentionSource.fileTag : view.rawValue }
        var suffixes = kinds.flatMap { ["-\(tag($0.0)).png", "-\(tag($0.0)).svg"] }
        if r.screen != nil { suffixes.append("-screen.svg") }
        let base = freeBase(folder + "/" + baseName(r), suffixes: suffixes)
        var written: [String] = []
        for (view, kind) in kinds {
            let figure: Figure
            if let kind {
                figure = try Figures.make(kind, analysis: analysis, palette: r.palette, options: options)
            } else if let comparison = r.comparison {
                figure = try Figures.compare(comparison, palette: r.palette, options: options)
            } else {
                continue
            }
            let stem = base + "-" + tag(view)
            try SafeFile.write(try figure.png(), to: stem + ".png")
            try SafeFile.write(try figure.svg(), to: stem + ".svg")
            written += [stem + ".png", stem + ".svg"]
        }
        if let screen = r.screen {
            let colors = ScreenColors(foreground: r.palette.text, background: r.palette.background)
            try SafeFile.write(
                screen.svg(colors: colors, title: "bertscope · " + r.encoding.modelName), to: base + "-screen.svg")
            written.append(base + "-screen.svg")
        }
        return written
    }

    /// `base`, or `base_2`, `base_3`, ...: the first whose files (`base` + each suffix) all do not exist yet.
    static func freeBase(_ base: String, suffixes: [String]) -> String {
        let fm = FileManager.default
        func taken(_ b: String) -> Bool { suffixes.contains { fm.fileExists(atPath: b + $0) } }
        guard taken(base) else { return base }
        var n = 2
        while taken("\(base)_\(n)") { n += 1 }
        return "\(base)_\(n)"
    }

    /// `all-minilm-l6-v2_layer3_head4_dark_hello-my-dog-is-cute` (`head-mean`, `head-max`); no head when the main
    /// view has none (similarity, compare, rollout and flow, activations, ...).
    public static func baseName(_ r: Request) -> String {
        let head: String?
        switch r.head {
        case .single(let i): head = "head\(i + 1)"
        case .mean: head = "head-mean"
        case .max: head = "head-max"
        }
        let main = r.views.first
        let named = main.map { $0.hasHead && ($0 != .attention || r.attentionSource.hasHeads) } ?? true
        return [
            slug(r.encoding.modelName, maxLength: 40), "layer\(r.layer)", named ? head : nil,
            slug(r.themeName, maxLength: 24), slug(r.encoding.input.textA, maxLength: 40),
        ].compactMap { $0 }.joined(separator: "_")
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
            encoding: encoding, layer: state.layer, head: state.head, views: Shots.views(state: state, size: size),
            attentionScale: state.attentionScale, themeName: state.theme.name, selectedToken: state.selectedToken,
            palette: FigurePalette(theme: state.theme), screen: Screen.render(state, size: size))
        attentionSource = state.attentionSource
        analysis = state.prepared
        comparison = state.comparison
    }
}

extension Shots {
    /// The views the screen shows in `state` at `size`, main view first: the main view, the activations under
    /// the attention heatmap when there is room for them, and the [CLS]/pooler side panel when it is shown.
    public static func views(state: AppState, size: Size) -> [View] {
        var s = state
        if s.size != size { _ = s.reduce(.resize(size)) }
        let layout = ScreenLayout(size: size, state: s)
        func activationView() -> View { state.activationSource == .intermediate ? .intermediate : .activations }
        var out: [View]
        switch state.mainView {
        case .attention: out = [.attention]
        case .grid: out = [.grid]
        case .activations: out = [activationView()]
        case .pooler: out = [.pooler]
        case .predictions: out = [.predictions]
        case .similarity: out = [.similarity]
        case .compare: out = state.comparison != nil ? [.compare] : []
        }
        if layout.secondary != nil && ScreenLayout.secondaryView == .activations {
            out.append(activationView())
        }
        if layout.side != nil && !out.contains(.pooler) { out.append(.pooler) }
        return out
    }
}
