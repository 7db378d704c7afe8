import BertKit

/// A theme resolved for one colour mode: the styles widgets draw with, and how heat values become cells.
///
/// In `.mono` no colours are used at all: emphasis becomes attributes and heatmaps a glyph ramp.
public struct Palette: Sendable {
    /// The theme the colours come from.
    public let theme: Theme
    /// The terminal's colour depth.
    public let mode: ColorMode
    /// Cached role colours, indexed like `ThemeRole.allCases`.
    private let colors: [RGB?]
    /// The heat scales as this terminal shows them (see `HeatLevels`).
    private let levels: HeatLevels

    /// Resolves `theme` for `mode`.
    public init(theme: Theme, mode: ColorMode) {
        self.theme = theme
        self.mode = mode
        colors = ThemeRole.allCases.map { theme.color($0) }
        levels = HeatLevels.cached(theme: theme, mode: mode)
    }

    /// True when cells may carry colours.
    public var hasColor: Bool { mode.hasColor }

    /// The colour of `role`, nil in mono or for the terminal default.
    public func color(_ role: ThemeRole) -> RGB? {
        guard hasColor, let i = ThemeRole.allCases.firstIndex(of: role) else { return nil }
        return colors[i]
    }

    /// The background every cell sits on.
    public var background: RGB? { color(.background) }

    /// Text in `role`'s colour on the screen background (mono: the attributes that stand in for it).
    public func style(_ role: ThemeRole, _ extra: Attributes = []) -> Style {
        guard hasColor else { return Style(attributes: Palette.monoAttributes(role).union(extra)) }
        return Style(fg: color(role), bg: background, attributes: extra)
    }

    /// The selection look (selected token everywhere).
    public var selection: Style {
        guard hasColor else { return Style(attributes: [.reverse]) }
        return Style(fg: color(.selectionText), bg: color(.selectionBackground), attributes: [.bold])
    }

    /// The status bar's look.
    public var statusBar: Style {
        guard hasColor else { return Style(attributes: [.reverse]) }
        return Style(fg: color(.statusText), bg: color(.statusBackground))
    }

    /// The input cursor cell.
    public var cursor: Style {
        guard hasColor else { return Style(attributes: [.reverse]) }
        return Style(fg: color(.background) ?? RGB(0, 0, 0), bg: color(.cursor))
    }

    /// Attributes that replace a role's colour in mono.
    static func monoAttributes(_ role: ThemeRole) -> Attributes {
        switch role {
        case .dimText, .border, .specialToken: return [.dim]
        case .title, .accent, .outlier: return [.bold]
        case .focus: return [.bold, .underline]
        case .segmentB: return [.italic]
        case .warning: return [.bold, .underline]
        case .selectionBackground, .selectionText, .cursor, .statusBackground, .statusText: return [.reverse]
        case .background, .text, .segmentA, .histogramCLS, .histogramPooler: return []
        }
    }

    // MARK: heat values

    /// Glyphs from empty to full for sequential values in mono.
    public static let sequentialRamp: [String] = [" ", "·", ":", "-", "=", "+", "*", "#", "%", "@"]
    /// Glyphs for negative values in mono, weakest first (after the blank for ~0).
    public static let negativeRamp: [String] = ["·", "-", "=", "≡"]
    /// Glyphs for positive values in mono, weakest first.
    public static let positiveRamp: [String] = ["·", "+", "*", "#"]

    /// Steps a heat scale has on palette terminals (256 and 16 colours); `divergingColor` has half as many on each
    /// side of 0. Values are floored to a step, so noise within one step (the near-zero attention of a long
    /// sentence, say) is drawn in one colour rather than flickering between near-identical palette entries, each
    /// flip an escape sequence on the wire. True colour keeps the continuous scale.
    public static let paletteSteps = 24

    /// The colour of a sequential value in 0...1 (on 8 and 16 colours: the nearest of the scale's base colours).
    public func sequentialColor(_ t: Double) -> RGB {
        switch mode {
        case .truecolor, .mono: return theme.sequential.color(at: t)
        case .palette256: return levels.sequential[stepIndex(t, steps: Palette.paletteSteps)]
        case .ansi16: return levels.nearestBase(levels.sequentialShades, t)
        }
    }

    /// The colour of a diverging value in -1...1 (0 at the scale's middle).
    public func divergingColor(_ v: Double) -> RGB {
        switch mode {
        case .truecolor, .mono: return theme.diverging.divergingColor(v)
        case .palette256:
            let half = Palette.paletteSteps / 2
            return levels.diverging[half + (v < 0 ? -1 : 1) * stepIndex(abs(v), steps: half)]
        case .ansi16:
            return levels.nearestBase(v < 0 ? levels.negativeShades : levels.positiveShades, abs(v))
        }
    }

    /// `x` in 0...1 floored to one of `steps` + 1 steps (0...steps); NaN is step 0. Flooring keeps noise within
    /// one step (the near-zero attention of a long sentence, say) in one colour rather than flickering between
    /// near-identical palette entries, each flip an escape sequence on the wire.
    private func stepIndex(_ x: Double, steps: Int) -> Int {
        guard x.isFinite else { return 0 }
        return Int((min(max(x, 0), 1) * Double(steps)).rounded(.down))
    }

    /// A cell showing a sequential value in 0...1 (one text row per cell). On 8 and 16 colours the
    /// cell mixes two of the scale's colours with a shade glyph (`░▒▓`), so 13 levels can be told apart.
    public func sequentialCell(_ t: Double) -> Cell {
        switch mode {
        case .mono: return Cell(Palette.sequentialGlyph(t), style: .plain)
        case .ansi16: return levels.shadeCell(levels.sequentialShades, t)
        case .palette256, .truecolor: return Cell(" ", style: Style(bg: sequentialColor(t)))
        }
    }

    /// A cell showing a diverging value in -1...1. On 8 and 16 colours negative values are drawn in
    /// the cool colours and positive ones in the warm colours, each side in 8 shaded steps.
    public func divergingCell(_ v: Double) -> Cell {
        switch mode {
        case .mono: return Cell(Palette.divergingGlyph(v), style: .plain)
        case .ansi16: return levels.shadeCell(v < 0 ? levels.negativeShades : levels.positiveShades, abs(v))
        case .palette256, .truecolor: return Cell(" ", style: Style(bg: divergingColor(v)))
        }
    }

    /// The mono glyph of a sequential value.
    public static func sequentialGlyph(_ t: Double) -> String {
        guard t.isFinite else { return "?" }
        let c = min(max(t, 0), 1)
        if c <= 0.02 { return sequentialRamp[0] }
        return sequentialRamp[1 + min(sequentialRamp.count - 2, Int(saturating: c * Double(sequentialRamp.count - 1)))]
    }

    /// The mono glyph of a diverging value.
    public static func divergingGlyph(_ v: Double) -> String {
        guard v.isFinite else { return "?" }
        let m = min(abs(v), 1)
        if m < 0.1 { return " " }
        let ramp = v < 0 ? negativeRamp : positiveRamp
        return ramp[min(ramp.count - 1, Int(saturating: (m - 0.1) / 0.9 * Double(ramp.count)))]
    }
}
