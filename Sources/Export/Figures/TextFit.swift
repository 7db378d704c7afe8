/// Making text fit a width measured with the figure's font.
enum TextFit {
    /// `text` cut to at most `maxWidth` pixels at `scale`, ending in `…` when cut.
    static func truncate(_ text: String, maxWidth: Int, scale: Int, font: FigureFont, bold: Bool = false) -> String {
        if font.width(text, scale: scale, bold: bold) <= maxWidth { return text }
        let chars = Array(text)
        // The longest prefix that fits with the ellipsis (widths grow with the prefix, so search).
        var lo = 0
        var hi = chars.count
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if font.width(String(chars[..<mid]) + "…", scale: scale, bold: bold) <= maxWidth {
                lo = mid
            } else {
                hi = mid - 1
            }
        }
        let kept = String(chars[..<lo]).trimmingTrailingSpaces
        return font.width("…", scale: scale, bold: bold) <= maxWidth ? kept + "…" : ""
    }

    /// `text` wrapped at spaces into at most `maxLines` lines of `maxWidth` pixels; the last line is
    /// truncated with `…` if text remains. Words longer than a line are cut.
    static func wrap(
        _ text: String, maxWidth: Int, scale: Int, maxLines: Int, font: FigureFont, bold: Bool = false
    ) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        return pack(words, joiner: " ", maxWidth: maxWidth, scale: scale, maxLines: maxLines, font: font, bold: bold)
    }

    /// `text` wrapped at `separator` (a title's ` · `) so a phrase stays whole on one line; only a phrase
    /// wider than a line is broken, at its spaces. At most `maxLines` lines; the rest is elided with `…`.
    static func wrapPhrases(
        _ text: String, separator: String = " · ", maxWidth: Int, scale: Int, maxLines: Int, font: FigureFont,
        bold: Bool = false
    ) -> [String] {
        let phrases = text.components(separatedBy: separator).filter { !$0.isEmpty }
        var pieces: [String] = []
        for phrase in phrases {
            if font.width(phrase, scale: scale, bold: bold) <= maxWidth {
                pieces.append(phrase)
            } else {
                pieces += wrap(phrase, maxWidth: maxWidth, scale: scale, maxLines: Int.max, font: font, bold: bold)
            }
        }
        return pack(
            pieces, joiner: separator, maxWidth: maxWidth, scale: scale, maxLines: maxLines, font: font, bold: bold)
    }

    /// Greedy packing of `pieces` joined by `joiner` into lines of `maxWidth`.
    private static func pack(
        _ pieces: [String], joiner: String, maxWidth: Int, scale: Int, maxLines: Int, font: FigureFont, bold: Bool
    ) -> [String] {
        var lines: [String] = []
        var current = ""
        var i = 0
        while i < pieces.count {
            let piece = pieces[i]
            let candidate = current.isEmpty ? piece : current + joiner + piece
            if font.width(candidate, scale: scale, bold: bold) <= maxWidth {
                current = candidate
                i += 1
                continue
            }
            if current.isEmpty {
                // A single piece wider than the line: cut it.
                lines.append(truncate(piece, maxWidth: maxWidth, scale: scale, font: font, bold: bold))
                i += 1
            } else {
                lines.append(current)
                current = ""
            }
            if lines.count == maxLines {
                let rest = ([current] + pieces[i...]).filter { !$0.isEmpty }
                if !rest.isEmpty {
                    let last = lines[maxLines - 1] + joiner + rest.joined(separator: joiner)
                    lines[maxLines - 1] = truncate(last, maxWidth: maxWidth, scale: scale, font: font, bold: bold)
                }
                return lines
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

extension String {
    /// The string without spaces at its end (so `…` follows a letter).
    fileprivate var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
