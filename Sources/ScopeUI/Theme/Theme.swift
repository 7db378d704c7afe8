import Foundation

/// A colour theme: every `ThemeRole` mapped to a colour, plus the two heatmap scales.
///
/// A nil colour means "the terminal's default" (useful for `background`). Themes loaded from files
/// fall back to the built-in default (`Theme.builtIn`) for every key they leave out.
public struct Theme: Sendable, Hashable {
    /// The theme's name (the file name without `.toml`, or `name = ...` inside it).
    public var name: String
    /// Role colours; a role missing here takes the built-in default's colour.
    public var colors: [ThemeRole: ThemeColor]
    /// Sequential scale for attention probabilities, 0...1.
    public var sequential: ColorScale
    /// Diverging scale for activations, -1...1, centred on 0.
    public var diverging: ColorScale

    /// Creates a theme; roles missing from `colors` fall back to the built-in default.
    public init(name: String, colors: [ThemeRole: ThemeColor], sequential: ColorScale, diverging: ColorScale) {
        self.name = name
        self.colors = colors
        self.sequential = sequential
        self.diverging = diverging
    }

    /// The colour of `role` (nil: the terminal's default colour).
    public func color(_ role: ThemeRole) -> RGB? {
        if let c = colors[role] { return c.rgb }
        return Theme.builtIn.colors[role]?.rgb ?? nil
    }
}

/// A colour a theme gives a role: an RGB value, or the terminal's own default.
public enum ThemeColor: Sendable, Hashable {
    /// A fixed colour.
    case rgb(RGB)
    /// Whatever the terminal uses by default (`"default"` in a theme file).
    case terminalDefault

    /// The RGB value, or nil for the terminal default.
    public var rgb: RGB? {
        switch self {
        case .rgb(let c): return c
        case .terminalDefault: return nil
        }
    }

    /// Parses `#rrggbb` or `default`; nil if neither.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased() == "default" {
            self = .terminalDefault
        } else if t.hasPrefix("#"), let c = RGB(hex: t) {
            self = .rgb(c)
        } else {
            return nil
        }
    }

    /// The spelling a theme file uses.
    public var text: String {
        switch self {
        case .rgb(let c): return c.hex
        case .terminalDefault: return "default"
        }
    }
}
