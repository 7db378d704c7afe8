import Foundation

/// Where themes are looked up, in order: `$BERTSCOPE_HOME/themes`, the user's own
/// `$XDG_CONFIG_HOME/bertscope/themes` (`~/.config/bertscope/themes`), the `themes/` folder nearest above the
/// executable (a checkout's build), `share/bertscope/themes` of the executable's install prefix, and `./themes`.
/// Missing folders are skipped; with none, the built-in default theme is used.
enum ThemeLocations {
    /// Every folder looked in, existing or not, most specific first, without duplicates (what an error lists).
    static func candidates(
        environment: [String: String], executable: URL? = Bundle.main.executableURL,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> [URL] {
        var out: [URL] = []
        if let home = environment["BERTSCOPE_HOME"], !home.isEmpty {
            out.append(URL(fileURLWithPath: (home as NSString).expandingTildeInPath).appendingPathComponent("themes"))
        }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            out.append(URL(fileURLWithPath: config).appendingPathComponent("bertscope/themes"))
        } else if let home = environment["HOME"], !home.isEmpty {
            out.append(URL(fileURLWithPath: home).appendingPathComponent(".config/bertscope/themes"))
        }
        if let exe = executable?.resolvingSymlinksInPath() {
            let bin = exe.deletingLastPathComponent()
            // a build inside a checkout: the nearest themes/ above it
            var dir = bin
            while dir.path != "/" && !dir.path.isEmpty {
                let beside = dir.appendingPathComponent("themes")
                if isDirectory(beside) {
                    out.append(beside)
                    break
                }
                dir = dir.deletingLastPathComponent()
            }
            // an installed binary: PREFIX/bin/bertscope reads PREFIX/share/bertscope/themes
            out.append(bin.deletingLastPathComponent().appendingPathComponent("share/bertscope/themes"))
        }
        out.append(currentDirectory.appendingPathComponent("themes"))
        var seen = Set<String>()
        return out.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The existing theme folders among `candidates`, in the same order.
    static func searchPaths(
        environment: [String: String], executable: URL? = Bundle.main.executableURL,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> [URL] {
        candidates(environment: environment, executable: executable, currentDirectory: currentDirectory)
            .filter(isDirectory)
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
