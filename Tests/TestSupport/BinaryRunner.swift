import Foundation

/// Runs the built `bertscope` binary as a user would, capturing its output and exit status.
public enum BinaryRunner {
    /// The binary under test: `$BERTSCOPE_BIN`, else the `bertscope` built beside this test bundle (whatever
    /// the build folder, configuration and triple: `swift build --show-bin-path`), else `.build/debug`.
    public static var binary: URL {
        if let bin = ProcessInfo.processInfo.environment["BERTSCOPE_BIN"], !bin.isEmpty {
            return URL(fileURLWithPath: bin)
        }
        if let beside = builtBesideTests { return beside }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/debug/bertscope")
    }

    /// `bertscope` in the folder that holds the running test bundle (`<bin-path>/bertscopePackageTests.xctest`).
    static let builtBesideTests: URL? = {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe))
        }
        candidates += Bundle.allBundles.map(\.bundleURL)
        if let first = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: first)) }
        for candidate in candidates {
            var dir = candidate.deletingLastPathComponent()
            // On macOS the runner sits inside the bundle (`.xctest/Contents/MacOS`): climb out of it.
            while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
            let binary = dir.appendingPathComponent("bertscope")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return nil
    }()

    /// What a run produced.
    public struct Output {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `bertscope args...` with `environment` merged over this process's, killing it after `timeout` seconds;
    /// `input` (nil: nothing) is its standard input.
    public static func run(
        _ args: [String], environment: [String: String] = [:], input: Data? = nil, timeout: TimeInterval = 60
    ) throws -> Output {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Output goes to files, so a large output can never block the child on a full pipe.
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("bertscope-out-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent("bertscope-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        p.standardOutput = out
        p.standardError = err
        let inURL = dir.appendingPathComponent("bertscope-in-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: inURL) }
        if let input {
            try input.write(to: inURL)
            p.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            throw NSError(
                domain: "BinaryRunner", code: 1,
                userInfo: [NSLocalizedDescriptionKey: "bertscope \(args) did not finish in \(timeout) s"])
        }
        p.waitUntilExit()
        let outData = (try? Data(contentsOf: outURL)) ?? Data()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
