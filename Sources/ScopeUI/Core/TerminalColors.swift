/// A foreground/background pair as ncurses numbers colours: -1 is the terminal's default, 0...255 a
/// palette index, and in direct-colour mode 0xRRGGBB.
public struct ColorPairKey: Hashable, Sendable {
    /// Foreground colour number.
    public var fg: Int32
    /// Background colour number.
    public var bg: Int32

    /// Creates a key.
    public init(fg: Int32, bg: Int32) {
        self.fg = fg
        self.bg = bg
    }

    /// The terminal's default colours (ncurses pair 0).
    public static let terminalDefault = ColorPairKey(fg: -1, bg: -1)
}

/// How one cell style looks on a terminal of a given depth: colour numbers plus attributes.
public struct TerminalLook: Hashable, Sendable {
    /// The colours, already reduced to the terminal's depth.
    public var colors: ColorPairKey
    /// The attributes (bold may be added to show bright colours on 8-colour terminals).
    public var attributes: Attributes
}

/// Reduces RGB styles to what the terminal can show (pure; the pair allocation is separate). The ncurses backend
/// draws with it, and screen exports (`render --view screen --colors 16`) show what such a terminal would.
public struct TerminalColors: Sendable, Hashable {
    /// The mode widgets rendered for.
    public let mode: ColorMode
    /// How many palette colours the terminal has (`COLORS`); 8-colour terminals show bright
    /// foregrounds as bold and bright backgrounds as their dark twins.
    public let paletteSize: Int

    /// Creates a reducer.
    public init(mode: ColorMode, paletteSize: Int) {
        self.mode = mode
        self.paletteSize = paletteSize
    }

    /// The colour numbers and attributes for `style`.
    public func look(for style: Style) -> TerminalLook {
        var attributes = style.attributes
        switch mode {
        case .mono:
            return TerminalLook(colors: .terminalDefault, attributes: attributes)
        case .truecolor:
            return TerminalLook(
                colors: ColorPairKey(fg: direct(style.fg), bg: direct(style.bg)), attributes: attributes)
        case .palette256:
            let fg = style.fg.map { Int32(ColorReduction.xterm256($0)) } ?? -1
            let bg = style.bg.map { Int32(ColorReduction.xterm256($0)) } ?? -1
            return TerminalLook(colors: ColorPairKey(fg: readable(fg, on: bg), bg: bg), attributes: attributes)
        case .ansi16:
            var fg = style.fg.map { Int32(ColorReduction.ansi16($0)) } ?? -1
            var bg: Int32 = -1
            if let b = style.bg {
                // 8 colours: a background has no bright variant, so take the nearest of the eight
                // (a dark grey becomes light grey, not black under black text).
                bg = Int32(paletteSize < 16 ? ColorReduction.ansi16(b, among: 8) : ColorReduction.ansi16(b))
            }
            if paletteSize < 16 && fg >= 8 {
                fg -= 8
                attributes.insert(.bold)
            }
            let shown = readable(fg, on: bg)
            if shown != fg {
                // Bold black (dark grey, where bold brightens) was meant: light grey, dimmed, reads everywhere.
                if attributes.contains(.bold) && fg == 0 && style.attributes.isDisjoint(with: .bold) {
                    attributes.insert(.dim)
                }
                attributes.remove(.bold)
            }
            return TerminalLook(colors: ColorPairKey(fg: shown, bg: bg), attributes: attributes)
        }
    }

    /// The RGB a terminal of this depth shows for colour number `n` (-1: `fallback`, the terminal's default).
    public func rgb(_ n: Int32, default fallback: RGB) -> RGB {
        guard n >= 0 else { return fallback }
        switch mode {
        case .truecolor: return RGB(UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF))
        case .palette256, .ansi16: return ColorReduction.rgb(ofXterm: Int(n))
        case .mono: return fallback
        }
    }

    /// `fg`, unless it reduced to the background's own colour (text that could not be read): then
    /// black or white, whichever stands out from that background. The terminal's default background
    /// (-1) counts as black: themes for light terminals name their background, dark ones leave it.
    func readable(_ fg: Int32, on bg: Int32) -> Int32 {
        let black: Int32 = mode == .palette256 ? 16 : 0
        let shownBG = bg >= 0 ? bg : black
        guard fg >= 0, fg == shownBG else { return fg }
        let light = ColorReduction.rgb(ofXterm: Int(shownBG)).luminance > 0.5
        switch mode {
        case .palette256: return light ? 16 : 231
        default: return light ? 0 : (paletteSize < 16 ? 7 : 15)
        }
    }

    /// A direct colour number. Entries such as xterm-direct send numbers below 8 as the ANSI
    /// colours (for compatibility), so the near-blacks 0x000001...0x000007 are nudged to 0x000008.
    func direct(_ c: RGB?) -> Int32 {
        guard let c else { return -1 }
        let v = Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b)
        return v > 0 && v < 8 ? 8 : v
    }
}
