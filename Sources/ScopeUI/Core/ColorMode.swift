import Foundation

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
            var best = 0
            var bestDist = Int.max
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

    /// The nearest of the 16 ANSI colours (index 0...15), or of the first `among` of them (8: the
    /// colours an 8-colour terminal has).
    public static func ansi16(_ c: RGB, among: Int = 16) -> Int {
        var best = 0
        var bestDist = Int.max
        for (i, p) in ansi16Palette.prefix(max(1, min(16, among))).enumerated() {
            let d = distance(c, p)
            if d < bestDist { (best, bestDist) = (i, d) }
        }
        return best
    }

    /// Squared distance weighted for perception (a cheap "redmean" approximation).
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let rm = (Int(a.r) + Int(b.r)) / 2
        let dr = Int(a.r) - Int(b.r)
        let dg = Int(a.g) - Int(b.g)
        let db = Int(a.b) - Int(b.b)
        // Swift's `>>` binds tighter than `*`: the products need their own parentheses.
        return (((512 + rm) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rm) * db * db) >> 8)
    }
}

/// OKLab (Björn Ottosson, 2020): a perceptual colour space where Euclidean distance tracks how
/// different two colours look and `l` is perceived lightness (0 black, 1 white).
public struct OKLab: Sendable, Equatable {
    /// Perceived lightness, 0...1.
    public var l: Double
    /// Green (negative) to red (positive).
    public var a: Double
    /// Blue (negative) to yellow (positive).
    public var b: Double

    /// The OKLab coordinates of an sRGB colour.
    public init(_ c: RGB) {
        func linear(_ v: UInt8) -> Double {
            let x = Double(v) / 255
            return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        }
        let r = linear(c.r)
        let g = linear(c.g)
        let bl = linear(c.b)
        let lms = [
            0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * bl,
            0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * bl,
            0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * bl,
        ].map { cbrt($0) }
        l = 0.2104542553 * lms[0] + 0.7936177850 * lms[1] - 0.0040720468 * lms[2]
        a = 1.9779984951 * lms[0] - 2.4285922050 * lms[1] + 0.4505937099 * lms[2]
        b = 0.0259040371 * lms[0] + 0.7827717662 * lms[1] - 0.8086757660 * lms[2]
    }

    /// Squared Euclidean distance (ΔE² in OKLab).
    public func distanceSquared(to o: OKLab) -> Double {
        (l - o.l) * (l - o.l) + (a - o.a) * (a - o.a) + (b - o.b) * (b - o.b)
    }
}

extension ColorReduction {
    /// A colour scale's samples reduced to palette entries by perceptual (OKLab) distance, keeping
    /// lightness monotonic along the samples: each sample takes the nearest entry among those at
    /// least as light as (`rising`) or at most as light as (not rising) the entry before it, so a
    /// scale that gets lighter never steps back darker on a limited terminal.
    ///
    /// - Parameters:
    ///   - samples: the scale's colours in order, from where lightness starts.
    ///   - candidates: the palette entries allowed (their RGB as the terminal shows them).
    ///   - start: an entry already chosen before the first sample (the middle of a diverging scale):
    ///     the lightness bound starts there.
    ///   - rising: lighter along the samples; by default decided by the first (or `start`) and last.
    ///   - distinct: never reuse an entry (nor `start`): each sample is a colour of its own while any are left.
    /// - Returns: one of `candidates` per sample.
    public static func monotonicNearest(
        _ samples: [RGB], candidates: [RGB], start: RGB? = nil, rising: Bool? = nil, distinct: Bool = false
    ) -> [RGB] {
        let labs = candidates == xtermCandidates ? xtermOKLab : candidates.map(OKLab.init)
        guard let first = start ?? samples.first, let last = samples.last, !candidates.isEmpty else { return samples }
        let up = rising ?? (OKLab(last).l >= OKLab(first).l)
        var bound = start.map { OKLab($0).l } ?? (up ? -Double.infinity : Double.infinity)
        var used = Set<Int>()
        if let start, let i = candidates.firstIndex(of: start) { used.insert(i) }
        var out: [RGB] = []
        out.reserveCapacity(samples.count)
        for sample in samples {
            let target = OKLab(sample)
            var best = -1
            var bestDistance = Double.infinity
            for (i, lab) in labs.enumerated() where (up ? lab.l >= bound : lab.l <= bound) && !used.contains(i) {
                let d = target.distanceSquared(to: lab)
                if d < bestDistance { (best, bestDistance) = (i, d) }
            }
            guard best >= 0 else {
                // Nothing left in that direction: stay on the last entry.
                out.append(out.last ?? start ?? candidates[0])
                continue
            }
            bound = labs[best].l
            if distinct { used.insert(best) }
            out.append(candidates[best])
        }
        return out
    }

    /// The xterm cube and grey ramp (indices 16...255) as RGB, and in OKLab, computed once.
    static let xtermCandidates: [RGB] = (16..<256).map { rgb(ofXterm: $0) }
    static let xtermOKLab: [OKLab] = xtermCandidates.map(OKLab.init)

    /// `monotonicNearest` over the xterm 256-colour cube and grey ramp.
    public static func xterm256Scale(_ samples: [RGB], start: RGB? = nil, distinct: Bool = false) -> [RGB] {
        monotonicNearest(samples, candidates: xtermCandidates, start: start, distinct: distinct)
    }
}
