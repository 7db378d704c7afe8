/// Making text fit a width measured in bitmap-font advances.
enum TextFit {
    /// `text` cut to at most `maxWidth` pixels at `scale`, ending in `…` when cut.
    static func truncate(_ text: String, maxWidth: Int, scale: Int) -> String {
        if PixelFont.width(of: text, scale: scale) <= maxWidth { return text }
        var out = ""
        let ellipsis = PixelFont.width(of: "…", scale: scale)
        for ch in text {
            if PixelFont.width(of: out + String(ch), scale: scale) + ellipsis > maxWidth { break }
            out.append(ch)
        }
        return out + "…"
    }

    /// `text` wrapped at spaces into at most `maxLines` lines of `maxWidth` pixels; the last line is
    /// truncated with `…` if text remains. Words longer than a line are cut.
    static func wrap(_ text: String, maxWidth: Int, scale: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        while !words.isEmpty {
            let word = words.removeFirst()
            let candidate = current.isEmpty ? word : current + " " + word
            if PixelFont.width(of: candidate, scale: scale) <= maxWidth {
                current = candidate
                continue
            }
            if current.isEmpty {
                // A single word wider than the line: cut it.
                current = truncate(word, maxWidth: maxWidth, scale: scale)
                lines.append(current)
                current = ""
            } else {
                lines.append(current)
                current = word
                if PixelFont.width(of: current, scale: scale) > maxWidth {
                    current = truncate(current, maxWidth: maxWidth, scale: scale)
                }
            }
            if lines.count == maxLines {
                let rest = ([current] + words).filter { !$0.isEmpty }.joined(separator: " ")
                if !rest.isEmpty {
                    lines[maxLines - 1] = truncate(lines[maxLines - 1] + " " + rest, maxWidth: maxWidth, scale: scale)
                }
                return lines
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
