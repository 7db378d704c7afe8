/// Escaping of text for XML 1.0 (and so SVG and HTML): every label goes through here.
public enum XMLText {
    /// `text` made safe for element content and for double- or single-quoted attribute values.
    ///
    /// `&`, `<`, `>`, `"` and `'` become entities; tab, newline and carriage return become character
    /// references (so attribute normalisation cannot eat them); C1 controls and DEL are kept as references.
    /// Characters XML 1.0 forbids even as references (other C0 controls such as NUL, U+FFFE, U+FFFF)
    /// become U+FFFD, the replacement character, so a label stays visible and the file stays well-formed.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else if v >= 0x7F && v < 0xA0 {
                    out += "&#x" + String(v, radix: 16, uppercase: true) + ";"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
