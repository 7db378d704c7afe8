/// A buffer as a picture for golden files and test failures: the text grid, then a grid of the same size with one
/// letter per cell naming its style, then the legend of the letters. It reads like the screen, and a change shows
/// up where it is.
extension CellBuffer {
    /// The letters that name styles, in order of first appearance: ASCII, then Latin Extended-B letters (one
    /// column wide in every terminal, East Asian Width neutral); `·` is the plain style, `?` any past the last.
    static let styleLetters: [Character] = Array(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-/:;<=>@^_~"
            + "ƀƁƂƃƄƅƆƇƈƉƊƋƌƍƎƏƐƑƒƓƔƕƖƗƘƙƚƛƜƝƞƟƠơƢƣƤƥƦƧƨƩƪƫƬƭƮƯưƱ"
            + "ƲƳƴƵƶƷƸƹƺƻƼƽƾƿǁǂǃǄǅǆǇǈǉǊǋǌǍǏǑǓǕǗǙǛǝǞǟǠǡǢǣǤǥǦǧǨǩǪǫ"
            + "ǬǭǮǯǰǱǲǳǴǵǶǷǸǹǺǻǼǽǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȜȝ"
            + "ȞȟȠȡȢȣȤȥȦȧȨȩȪȫȬȭȮȯȰȱȲȳȴȵȶȷȸȹȺȻȼȽȾȿɀɁɂɃɄɅɆɇɈɉɊɋɌɍɎɏ")

    /// The picture: `|text|` lines, `styles:` and `|letters|` lines, `legend:` and one `letter style` line each.
    public var debugDescription: String {
        var out = ""
        for y in 0..<height { out += "|" + line(y) + "|\n" }
        var letters: [Style: Character] = [.plain: "·"]
        var legend: [(Character, Style)] = []
        out += "styles:\n"
        for y in 0..<height {
            var row = "|"
            for x in 0..<width {
                let style = cells[y * width + x].style
                if let letter = letters[style] {
                    row.append(letter)
                    continue
                }
                let n = legend.count
                let letter = n < Self.styleLetters.count ? Self.styleLetters[n] : "?"
                if n < Self.styleLetters.count { letters[style] = letter }
                legend.append((letter, style))
                row.append(letter)
            }
            out += row + "|\n"
        }
        out += "legend:\n"
        for (letter, style) in legend { out += "\(letter) \(Self.describe(style))\n" }
        return out
    }

    /// `fg=#rrggbb bg=#rrggbb bold ...` (colours left out are the terminal's default).
    static func describe(_ st: Style) -> String {
        var parts: [String] = []
        if let fg = st.fg { parts.append("fg=\(fg.hex)") }
        if let bg = st.bg { parts.append("bg=\(bg.hex)") }
        let names: [(Attributes, String)] = [
            (.bold, "bold"), (.dim, "dim"), (.underline, "underline"), (.reverse, "reverse"), (.italic, "italic"),
        ]
        for (a, n) in names where st.attributes.contains(a) { parts.append(n) }
        return parts.isEmpty ? "plain" : parts.joined(separator: " ")
    }
}
