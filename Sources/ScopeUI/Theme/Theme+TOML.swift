import Foundation
import TOMLKit

/// Reading themes from TOML files (`themes/*.toml`).
///
/// ```toml
/// name = "dark"                # optional; defaults to the file name
/// [colors]                     # any ThemeRole key; missing ones take the built-in default
/// text = "#d0d0d0"
/// background = "default"       # the terminal's own background
/// [scales]
/// sequential = ["#100b24", "#fcfdbf"]          # attention, 0 to 1 (two or more stops)
/// diverging = ["#2171b5", "#262626", "#cb181d"] # activations, -1 to 1 (the middle stop is 0)
/// ```
extension Theme {
    /// Parses a theme from TOML `source`; `file` names it in errors and gives the default name.
    public static func parse(_ source: String, file: String) throws(ThemeError) -> Theme {
        if let (line, message) = disallowedCharacter(in: source) {
            throw ThemeError(file: file, line: line, message: "not valid TOML: \(message)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw ThemeError(
                file: file, line: error.source.begin.line,
                key: nil, message: "not valid TOML: \(error.description)")
        } catch {
            throw ThemeError(file: file, message: "not valid TOML: \(error)")
        }
        let locator = KeyLocator(source: source)
        func fail(_ table: String?, _ key: String, _ message: String) -> ThemeError {
            ThemeError(
                file: file, line: locator.line(of: key, in: table),
                key: table.map { "\($0).\(key)" } ?? key, message: message)
        }

        var theme = Theme.builtIn
        theme.name = Theme.defaultName(forFile: file)
        for (key, value) in table {
            switch key {
            case "name":
                guard let s = value.string, !s.isEmpty else {
                    throw fail(nil, key, "must be a non-empty string, e.g. name = \"dark\"")
                }
                theme.name = s
            case "colors":
                guard let colors = value.table else {
                    throw fail(nil, key, "must be a table: [colors]")
                }
                for (roleKey, roleValue) in colors {
                    guard let role = ThemeRole(rawValue: roleKey) else {
                        throw fail(
                            "colors", roleKey,
                            "unknown colour role; known roles: "
                                + ThemeRole.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    guard let text = roleValue.string, let color = ThemeColor(parsing: text) else {
                        throw fail(
                            "colors", roleKey,
                            "must be a colour \"#rrggbb\" or \"default\", got \(roleValue.debugDescription)")
                    }
                    theme.colors[role] = color
                }
            case "scales":
                guard let scales = value.table else {
                    throw fail(nil, key, "must be a table: [scales]")
                }
                for (scaleKey, scaleValue) in scales {
                    guard scaleKey == "sequential" || scaleKey == "diverging" else {
                        throw fail("scales", scaleKey, "unknown scale; known scales: sequential, diverging")
                    }
                    guard let array = scaleValue.array else {
                        throw fail("scales", scaleKey, "must be an array of colours, e.g. [\"#000000\", \"#ffffff\"]")
                    }
                    var stops: [RGB] = []
                    for element in array {
                        guard let s = element.string, let c = RGB(hex: s), s.hasPrefix("#") else {
                            throw fail(
                                "scales", scaleKey,
                                "every stop must be a colour \"#rrggbb\", got \(element.debugDescription)")
                        }
                        stops.append(c)
                    }
                    guard stops.count >= 2 else {
                        throw fail("scales", scaleKey, "needs at least two colour stops, got \(stops.count)")
                    }
                    if scaleKey == "sequential" {
                        theme.sequential = ColorScale(stops)
                    } else {
                        theme.diverging = ColorScale(stops)
                    }
                }
            default:
                throw fail(nil, key, "unknown key; a theme has name, [colors] and [scales]")
            }
        }
        return theme
    }

    /// Reads and parses the theme file at `url`.
    public static func load(contentsOf url: URL) throws(ThemeError) -> Theme {
        let source: String
        do {
            source = try String(contentsOf: url, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw ThemeError(
                file: url.path, message: exists ? "cannot be read as UTF-8 text" : "no such file")
        }
        return try parse(source, file: url.path)
    }

    /// Finds a theme by name (`dark`, looked up as `<dir>/dark.toml` in `searchPaths`, first hit wins) or by path
    /// (anything with a `/` or ending in `.toml`). The name `dark` falls back to the built-in when no file has it.
    /// An unknown name's error lists the themes found and every folder in `lookedIn` (default: `searchPaths`),
    /// so a user sees where to put the file.
    public static func load(nameOrPath: String, searchPaths: [URL], lookedIn: [URL]? = nil) throws(ThemeError) -> Theme
    {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try load(contentsOf: URL(fileURLWithPath: (nameOrPath as NSString).expandingTildeInPath))
        }
        for dir in searchPaths {
            let url = dir.appendingPathComponent(nameOrPath + ".toml")
            if FileManager.default.fileExists(atPath: url.path) { return try load(contentsOf: url) }
        }
        if nameOrPath == builtIn.name { return builtIn }
        let known = available(in: searchPaths)
        let folders = lookedIn ?? searchPaths
        throw ThemeError(
            file: nameOrPath,
            message: "no such theme; available: \(known.joined(separator: ", "))"
                + (folders.isEmpty
                    ? " (built in only)"
                    : " (looked for \(nameOrPath).toml in \(folders.map(\.path).joined(separator: ", ")))"))
    }

    /// Names of the themes found in `searchPaths` (`*.toml`), the built-in `dark` first, then alphabetical,
    /// each name once.
    public static func available(in searchPaths: [URL]) -> [String] {
        var names: Set<String> = []
        for dir in searchPaths {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        names.remove(builtIn.name)
        return [builtIn.name] + names.sorted()
    }

    /// Every available theme, loaded, in `available(in:)` order; files that fail are left out and reported.
    public static func loadAll(searchPaths: [URL]) -> (themes: [Theme], errors: [ThemeError]) {
        var themes: [Theme] = []
        var errors: [ThemeError] = []
        for name in available(in: searchPaths) {
            do {
                themes.append(try load(nameOrPath: name, searchPaths: searchPaths))
            } catch {
                errors.append(error)
            }
        }
        if themes.isEmpty { themes = [builtIn] }
        return (themes, errors)
    }

    /// `themes/light.toml` is named `light`.
    static func defaultName(forFile file: String) -> String {
        let last = (file as NSString).lastPathComponent
        return last.hasSuffix(".toml") ? String(last.dropLast(5)) : last
    }
}

/// Finds the line a key is defined on in TOML source (TOMLKit reports lines for syntax errors only): table
/// headers (`[colors]`, `[colors.text]`), keys inside them, dotted keys (`colors.text = ...`) and inline tables.
/// Lines end in LF or CRLF.
struct KeyLocator {
    /// Each line's key path (header path plus the key's own dotted path) and whether it is a header.
    let paths: [(path: [String], line: Substring)?]

    init(source: String) {
        var current: [String] = []
        var out: [(path: [String], line: Substring)?] = []
        // "\r\n" is one Character in Swift: split on every newline so CRLF files keep their line numbers
        for raw in source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                current = Self.dotted(String(inner))
                out.append((current, raw))
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                out.append((current + Self.dotted(String(line[..<eq])), raw))
            } else {
                out.append(nil)
            }
        }
        paths = out
    }

    /// `a . "b c"` as ["a", "b c"].
    static func dotted(_ s: String) -> [String] {
        s.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
    }

    /// The 1-based line defining `key` inside `[table]` (or at the top level when `table` is nil): the line whose
    /// path is the key's, else the first one inside it (`[colors.text]` for `colors.text`), else an inline table
    /// that mentions it (`colors = { text = ... }`).
    func line(of key: String, in table: String?) -> Int? {
        let target = (table.map { [$0] } ?? []) + [key]
        func starts(_ path: [String], with prefix: [String]) -> Bool {
            path.count >= prefix.count && Array(path.prefix(prefix.count)) == prefix
        }
        if let i = paths.firstIndex(where: { $0?.path == target }) { return i + 1 }
        if let i = paths.firstIndex(where: { $0.map { starts($0.path, with: target) } ?? false }) { return i + 1 }
        if let i = paths.firstIndex(where: {
            $0.map { starts(target, with: $0.path) && $0.line.contains(key) } ?? false
        }) {
            return i + 1
        }
        return nil
    }
}
