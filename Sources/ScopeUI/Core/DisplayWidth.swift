/// Terminal column widths of text, from tables generated from the C library's own `wcwidth` (see
/// `DisplayWidth+Tables.swift`), so the layout and ncurses, which places characters by `wcwidth`, agree on every
/// assigned character. Pure: no locale, no C call at run time.
public enum DisplayWidth {
    /// Columns one grapheme cluster takes: 0 (combining only / control), 1 or 2 (wide CJK, emoji).
    public static func of(_ ch: Character) -> Int {
        guard let first = ch.unicodeScalars.first else { return 0 }
        // An emoji presentation selector makes the cluster wide.
        if ch.unicodeScalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        return of(first)
    }

    /// Columns one scalar takes: wcwidth's answer; C0 and C1 controls take 0, and a scalar wcwidth cannot print
    /// (unassigned) takes the 1 column of the U+FFFD the terminal backend draws in its place.
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }  // Latin-1 and the Latin extensions: no marks, nothing wide
        if contains(doubleWidth, v) { return 2 }
        if contains(zeroWidth, v) { return 0 }
        return 1
    }

    /// Columns a string takes.
    public static func of(_ s: String) -> Int {
        s.reduce(0) { $0 + of($1) }
    }

    /// True when `v` lies in one of the sorted, disjoint `ranges` (binary search).
    static func contains(_ ranges: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = ranges[mid]
            if v < r.lowerBound {
                hi = mid - 1
            } else if v > r.upperBound {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
