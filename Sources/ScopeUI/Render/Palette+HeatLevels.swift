import Foundation

/// A theme's heat scales reduced once for a limited terminal, so every frame reads them from a table.
///
/// - 256 colours: 25 steps of each scale, each the perceptually nearest (OKLab) entry of the xterm
///   cube and grey ramp, with lightness kept monotonic (a scale that brightens never steps back).
/// - 8 and 16 colours: a few base colours from the eight the terminal surely has (so 8 and 16 look
///   alike), ordered by lightness; between two bases the shade glyphs `░▒▓` (base below as background,
///   base above as foreground) give three more levels. The diverging scale's negative side uses only
///   cool colours (blue, cyan, green) and its positive side only warm ones (red, yellow, magenta), so
///   the sign always shows.
struct HeatLevels: Sendable {
    /// One step of a shaded ramp: the glyph and its two colours.
    struct Shade: Sendable, Hashable {
        /// " " (solid background) or one of `░▒▓`.
        let glyph: String
        /// The glyph's colour (the base above), nil for a solid step.
        let fg: RGB?
        /// The base below.
        let bg: RGB
        /// The base this step looks most like.
        let nearest: RGB
    }

    /// 256 colours: sequential steps 0...24.
    var sequential: [RGB] = []
    /// 256 colours: diverging steps, index 0 for -1, 12 for 0, 24 for +1.
    var diverging: [RGB] = []
    /// 8/16 colours: sequential ramp, low to high.
    var sequentialShades: [Shade] = []
    /// 8/16 colours: from 0 to -1 (index 0 is the middle of the scale).
    var negativeShades: [Shade] = []
    /// 8/16 colours: from 0 to +1.
    var positiveShades: [Shade] = []

    /// The shade glyphs between two bases, 25%, 50% and 75% of the upper one.
    static let shadeGlyphs = ["░", "▒", "▓"]
    /// ANSI colour indices that read as cool (for values below 0) and warm (above 0).
    static let coolIndices = [4, 6, 2]
    static let warmIndices = [1, 3, 5]

    init(theme: Theme, mode: ColorMode) {
        switch mode {
        case .palette256:
            let steps = Palette.paletteSteps
            sequential = ColorReduction.xterm256Scale(
                (0...steps).map { theme.sequential.color(at: Double($0) / Double(steps)) })
            let half = steps / 2
            let middle = ColorReduction.xterm256Scale([theme.diverging.divergingColor(0)])[0]
            let negative = ColorReduction.xterm256Scale(
                (1...half).map { theme.diverging.divergingColor(-Double($0) / Double(half)) }, start: middle)
            let positive = ColorReduction.xterm256Scale(
                (1...half).map { theme.diverging.divergingColor(Double($0) / Double(half)) }, start: middle)
            diverging = negative.reversed() + [middle] + positive
        case .ansi16:
            let eight = Array(ColorReduction.ansi16Palette.prefix(8))
            var bases = ColorReduction.monotonicNearest(
                [0, 1.0 / 3, 2.0 / 3, 1].map { theme.sequential.color(at: $0) }, candidates: eight)
            bases = bases.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
            if bases.count < 2 {
                // A scale that is one colour here: black to white, in the scale's direction.
                let rising = OKLab(theme.sequential.color(at: 1)).l >= OKLab(theme.sequential.color(at: 0)).l
                bases = rising ? [eight[0], eight[7]] : [eight[7], eight[0]]
            }
            sequentialShades = Self.shades(bases)
            let middle = ColorReduction.monotonicNearest([theme.diverging.divergingColor(0)], candidates: eight)[0]
            func side(_ sign: Double, _ family: [Int]) -> [Shade] {
                let samples = [0.5, 1].map { theme.diverging.divergingColor(sign * $0) }
                let chosen = ColorReduction.monotonicNearest(
                    samples, candidates: family.map { eight[$0] }, start: middle,
                    rising: OKLab(middle).l < 0.5)
                let sideBases = chosen.reduce(into: [middle]) { if $0.last != $1 { $0.append($1) } }
                return Self.shades(sideBases.count >= 2 ? sideBases : [middle, eight[family[0]]])
            }
            negativeShades = side(-1, Self.coolIndices)
            positiveShades = side(1, Self.warmIndices)
        case .truecolor, .mono:
            break
        }
    }

    /// Solid bases with three shade steps between each neighbouring pair.
    static func shades(_ bases: [RGB]) -> [Shade] {
        var out: [Shade] = []
        for (i, base) in bases.enumerated() {
            out.append(Shade(glyph: " ", fg: nil, bg: base, nearest: base))
            guard i + 1 < bases.count else { break }
            let above = bases[i + 1]
            for (k, glyph) in shadeGlyphs.enumerated() {
                out.append(Shade(glyph: glyph, fg: above, bg: base, nearest: k < 1 ? base : above))
            }
        }
        return out
    }

    /// The step of `ramp` for `x` in 0...1 (rounded to the nearest step; NaN is step 0).
    static func index(_ ramp: [Shade], _ x: Double) -> Int {
        guard x.isFinite, ramp.count > 1 else { return 0 }
        return Int((min(max(x, 0), 1) * Double(ramp.count - 1)).rounded())
    }

    /// The cell for `x` in 0...1 on `ramp` (`?` for a value that is not a number).
    func shadeCell(_ ramp: [Shade], _ x: Double) -> Cell {
        guard !ramp.isEmpty else { return Cell(" ") }
        guard x.isFinite else {
            let bg = ramp[0].bg
            return Cell("?", style: Style(fg: bg.luminance > 0.5 ? RGB(0, 0, 0) : RGB(229, 229, 229), bg: bg))
        }
        let shade = ramp[Self.index(ramp, x)]
        return Cell(shade.glyph, style: Style(fg: shade.fg, bg: shade.bg))
    }

    /// The base colour the step for `x` looks most like (for half-block cells and markers).
    func nearestBase(_ ramp: [Shade], _ x: Double) -> RGB {
        guard !ramp.isEmpty else { return RGB(0, 0, 0) }
        return ramp[Self.index(ramp, x)].nearest
    }

    // MARK: cache

    /// Levels per (scales, mode), computed once: palettes are made per frame, the reduction is not free.
    static func cached(theme: Theme, mode: ColorMode) -> HeatLevels {
        guard mode == .palette256 || mode == .ansi16 else { return HeatLevels() }
        let key = Key(sequential: theme.sequential, diverging: theme.diverging, mode: mode)
        return cache.value(for: key) { HeatLevels(theme: theme, mode: mode) }
    }

    private init() {}

    struct Key: Hashable, Sendable {
        let sequential: ColorScale
        let diverging: ColorScale
        let mode: ColorMode
    }

    /// A small lock-protected table (a handful of themes times two modes).
    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var table: [Key: HeatLevels] = [:]

        func value(for key: Key, make: () -> HeatLevels) -> HeatLevels {
            lock.lock()
            defer { lock.unlock() }
            if let v = table[key] { return v }
            let v = make()
            if table.count > 64 { table.removeAll() }
            table[key] = v
            return v
        }
    }

    static let cache = Cache()
}
