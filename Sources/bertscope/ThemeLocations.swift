import Foundation

/// Where themes are looked up, in order: `$BERTSCOPE_HOME/themes`, the `themes/` folder of the
/// package the executable was built in (or `share/bertscope/themes` of its install prefix), and
/// `./themes`. Missing folders are skipped; with none, the built-in default theme is used.
enum ThemeLocations {
    /// The existing theme folders, most specific first, without duplicates.
    static func searchPaths(
        environment: [String: String], executable: URL? = Bundle.main.executableURL,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> [URL] {
        var candidates: [URL] = []
        if let home = environment["BERTSCOPE_HOME"], !home.isEmpty {
            candidates.append(URL(fileURLWithPath: home).appendingPathComponent("themes"))
        }
        if let exe = executable?.resolvingSymlinksInPath() {
            var dir = exe.deletingLastPathComponent()
            while dir.path != "/" && !dir.path.isEmpty {
                let beside = dir.appendingPathComponent("themes")
                let installed = dir.appendingPathComponent("share/bertscope/themes")
                if isDirectory(beside) {
                    candidates.append(beside)
                    break
                }
                if isDirectory(installed) {
                    candidates.append(installed)
                    break
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(currentDirectory.appendingPathComponent("themes"))
        var seen = Set<String>()
        return candidates.filter { isDirectory($0) && seen.insert($0.standardizedFileURL.path).inserted }
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
