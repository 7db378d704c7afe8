extension Theme {
    /// The first character TOML 1.0 does not allow where it stands, as (1-based line, message): a control
    /// character other than tab (anywhere, strings and comments included), or a non-ASCII character outside
    /// strings and comments (bare keys are ASCII), or a table header whose first key does not start with a key
    /// character or a quote, or a value's `]` or `}` that closes the other kind of bracket. Checked before
    /// TOMLKit parses, because its toml++ asserts (or, built without asserts, assumes) that a header's key starts
    /// with one and that a value never starts with a closing bracket: `[\u{1}x]`, `[é]`, `[,x]` and
    /// `x = [}"#000000"]` crashed it (found by the fuzzer, Tests/Fuzz).
    static func disallowedCharacter(in source: String) -> (line: Int, message: String)? {
        var line = 1
        var quote: [Unicode.Scalar] = []  // the open string's delimiter: ", ', """ or '''
        var inComment = false
        var open: [Unicode.Scalar] = []  // the open [ and { of a value (arrays, inline tables), which may span lines
        var inValue = false  // after a key's = on this line
        var lineStart = true  // only whitespace so far on this line
        let scalars = Array(source.unicodeScalars)
        var i = 0
        func starts(_ s: String, at k: Int) -> Bool {
            let d = Array(s.unicodeScalars)
            return k + d.count <= scalars.count && Array(scalars[k..<(k + d.count)]) == d
        }
        while i < scalars.count {
            let c = scalars[i]
            let v = c.value
            if (v < 0x20 && c != "\t" && c != "\n" && c != "\r") || v == 0x7F {
                return (line, "control character U+\(String(v, radix: 16, uppercase: true)) is not allowed in TOML")
            }
            if c == "\n" {
                line += 1
                inComment = false
                lineStart = true
                if open.isEmpty { inValue = false }
                if quote.count == 1 { quote = [] }  // a one-line string cannot continue (TOMLKit reports it)
                i += 1
                continue
            }
            if inComment {
                i += 1
                continue
            }
            if !quote.isEmpty {
                let delimiter = String(String.UnicodeScalarView(quote))
                if quote.first == "\"" && c == "\\" {
                    i += 2  // an escape: the next character is part of the string
                    continue
                }
                if starts(delimiter, at: i) {
                    i += quote.count
                    quote = []
                    continue
                }
                i += 1
                continue
            }
            let wasLineStart = lineStart
            if c != " " && c != "\t" && c != "\r" { lineStart = false }
            if c == "#" {
                inComment = true
            } else if c == "=" && open.isEmpty {
                inValue = true
            } else if c == "[" || c == "{" {
                if !open.isEmpty || inValue {
                    open.append(c)
                } else if c == "[" && wasLineStart {
                    var k = i + 1
                    if k < scalars.count && scalars[k] == "[" { k += 1 }
                    while k < scalars.count && (scalars[k] == " " || scalars[k] == "\t") { k += 1 }
                    if k < scalars.count {
                        let f = scalars[k]
                        let keyStart =
                            f.isASCII
                            && (f.properties.isAlphabetic || ("0"..."9").contains(f) || f == "_"
                                || f == "-" || f == "\"" || f == "'" || f == "]")
                        if !keyStart { return (line, "a table header must start with a key, not '\(f)'") }
                    }
                }
            } else if (c == "]" || c == "}") && !open.isEmpty {
                let opening: Unicode.Scalar = c == "]" ? "[" : "{"
                if open.last != opening {
                    return (line, "'\(c)' does not close the '\(open.last ?? opening)' before it")
                }
                open.removeLast()
            } else if c == "\"" || c == "'" {
                quote = starts(String(repeating: String(c), count: 3), at: i) ? [c, c, c] : [c]
                i += quote.count
                continue
            } else if v > 0x7F {
                return (line, "'\(c)' outside a string: TOML keys are ASCII letters, digits, - and _ (quote it)")
            }
            i += 1
        }
        return nil
    }
}
