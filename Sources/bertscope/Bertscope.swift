import ArgumentParser
import BertKit
import Foundation

/// The `bertscope` command: the full-screen explorer by default, plus `inspect`, `bench` and `render`.
@main
struct Bertscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bertscope",
        abstract: "See BERT's insides: tokens, hidden states, attention and the pooler, live in the terminal.",
        usage: """
            bertscope [--model M] [--theme NAME|PATH] [--colors MODE] [--layer N] [--head H] [--pair B] [SENTENCE]
            bertscope --present FILE [--shots DIR] [--model M] [--theme NAME|PATH]
            bertscope <subcommand> ...
            """,
        subcommands: [Explore.self, Inspect.self, Heads.self, Bench.self, Render.self],
        defaultSubcommand: Explore.self)

    /// Parses and runs, with command-line mistakes reported like every other error: one line on stderr naming what
    /// is wrong, exit status 2 (ArgumentParser's own report adds the usage and exits 64). `--help` still prints the
    /// full help on stdout. First it sets the process's malloc policy for the forward pass's outputs.
    static func main() {
        // A process-wide malloc setting, so made here and not inside BertKit (see HeapPolicy).
        HeapPolicy.keepFreedOutputs()
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A closed pipe on standard output is a write error reported like any other, not a silent SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
            let sub =
                arguments.first.flatMap { a in
                    configuration.subcommands.first { $0.configuration.commandName == a }.map { _ in a + " " }
                } ?? ""
            reportError("\(oneLine(reportable(error, arguments: arguments))) (see bertscope \(sub)--help)")
            Foundation.exit(2)
        }
    }

    /// The error to report: ArgumentParser names a missing sentence before an unknown option (`inspect -x`
    /// says "Missing expected argument"), so when the sentence is missing, parse again with one supplied and
    /// report what else is wrong, if anything.
    static func reportable(_ error: Error, arguments: [String]) -> Error {
        guard message(for: error).contains("Missing expected argument") else { return error }
        do {
            _ = try parseAsRoot(arguments + ["--", "sentence"])
        } catch let other {
            if !message(for: other).contains("Missing expected argument") && exitCode(for: other) != .success {
                return other
            }
        }
        return error
    }

    /// ArgumentParser's message for `error` on one line, without its "Error:" and "Help:" parts.
    static func oneLine(_ error: Error) -> String {
        let lines = message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Help:") && !$0.hasPrefix("Usage:") }
        let text = lines.joined(separator: "; ")
        return text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text
    }
}

/// `--model`, shared by every subcommand.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Model folder, or a hub id (bert-base-cased, sentence-transformers/all-MiniLM-L6-v2) found in the local HuggingFace cache.",
            valueName: "M"))
    var model: String?

    /// Finds and loads the model, reading the environment here at the edge; `engine` nil: the CPU's best.
    func load(engine: BertModel.Engine? = nil) throws -> BertModel {
        try BertModel.load(spec: model, environment: ProcessInfo.processInfo.environment, engine: engine)
    }
}

/// Runs `body`, turning any error into one line on stderr (control characters escaped) and exit status 2.
func exitOnError<T>(_ body: () throws -> T) -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        Foundation.exit(error.rawValue)
    } catch {
        reportError("\(error)")
        Foundation.exit(2)
    }
}

/// Writes `bertscope: MESSAGE` as one line on standard error, control characters escaped (a message can
/// carry text from a file or the command line), with a plain write(2) that cannot trap.
func reportError(_ message: String) {
    let line = "bertscope: " + message.escapingControlCharacters + "\n"
    try? SafeFile.writeAll(Data(line.utf8), to: 2, name: "standard error")
}
