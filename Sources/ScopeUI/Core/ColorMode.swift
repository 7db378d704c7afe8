/// How many colours the terminal can show. Widgets draw RGB; the backend (and ANSI export) reduce it.
public enum ColorMode: String, Sendable, CaseIterable {
    /// 24-bit colour.
    case truecolor
    /// The xterm 256-colour palette (6x6x6 cube + grey ramp): the safe default over SSH.
    case palette256 = "256"
    /// The 16 ANSI colours.
    case ansi16 = "16"
    /// No colour: heatmaps fall back to a glyph ramp, emphasis to attributes.
    case mono

    /// True when colours can be shown at all.
    public var hasColor: Bool { self != .mono }
}

/// Reductions of RGB to limited palettes (pure functions, shared by the ncurses backend and ANSI export).
public enum ColorReduction {
    /// The six levels of the xterm colour cube.
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The nearest xterm-256 palette index (16...255) to `c`, choosing between the cube and the grey ramp.
    public static func xterm256(_ c: RGB) -> Int {
        func nearestLevel(_ v: UInt8) -> Int {
            var best = 0, bestDist = Int.max
            for (i, l) in cubeLevels.enumerated() {
                let d = abs(Int(v) - l)
                if d < bestDist { (best, bestDist) = (i, d) }
            }
            return best
        }
        let (ri, gi, bi) = (nearestLevel(c.r), nearestLevel(c.g), nearestLevel(c.b))
        let cube = RGB(UInt8(cubeLevels[ri]), UInt8(cubeLevels[gi]), UInt8(cubeLevels[bi]))
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let avg = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let greyStep = min(23, max(0, (avg - 3) / 10))
        let greyValue = UInt8(8 + 10 * greyStep)
        let grey = RGB(greyValue, greyValue, greyValue)
        return distance(c, grey) < distance(c, cube) ? 232 + greyStep : cubeIndex
    }

    /// The RGB value xterm shows for palette index `i` (0...255).
    public static func rgb(ofXterm i: Int) -> RGB {
        switch i {
        case 0..<16: return ansi16Palette[i]
        case 16..<232:
            let n = i - 16
            return RGB(UInt8(cubeLevels[n / 36]), UInt8(cubeLevels[(n / 6) % 6]), UInt8(cubeLevels[n % 6]))
        default:
            let v = UInt8(8 + 10 * (min(255, max(232, i)) - 232))
            return RGB(v, v, v)
        }
    }

    /// The 16 ANSI colours as xterm draws them by default.
    public static let ansi16Palette: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205),
        RGB(0, 205, 205), RGB(229, 229, 229), RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0),
        RGB(255, 255, 0), RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The nearest of the 16 ANSI colours (index 0...15).
    public static func ansi16(_ c: RGB) -> Int {
        var best = 0, bestDist = Int.max
        for (i, p) in ansi16Palette.enumerated() {
            let d = distance(c, p)
            if d < bestDist { (best, bestDist) = (i, d) }
        }
        return best
    }

    /// Squared distance weighted for perception (a cheap "redmean" approximation).
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let rm = (Int(a.r) + Int(b.r)) / 2
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        // Swift's `>>` binds tighter than `*`: the products need their own parentheses.
        return (((512 + rm) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rm) * db * db) >> 8)
    }
}
