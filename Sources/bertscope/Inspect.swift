import ArgumentParser
import BertKit
import Foundation

/// `bertscope inspect`: prints what a notebook user would print to see the model's output.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print BertModel's outputs for a sentence: shapes, values, and the pooler vs [CLS].")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var engineOption: EngineOption
    @Option(
        help: ArgumentHelp("Sentence B (pair mode, token_type_ids 1); - reads it from standard input.", valueName: "B"))
    var pair: String?
    @Flag(help: "Print one JSON object (model, tokens, ids, token_type_ids, offsets, shapes, pooler vs [CLS]).")
    var json = false
    @Option(help: ArgumentHelp("Also write every output to FILE.safetensors.", valueName: "FILE")) var save: String?
    @Option(
        name: .customLong("token"),
        help: ArgumentHelp(
            "Show the logit lens at token position I (repeatable; default: every [MASK]).", valueName: "I"))
    var lensTokens: [Int] = []
    @Flag(
        help: "Also print every head's roles (Clark et al. 2019): attention to [CLS], [SEP], punctuation, neighbours.")
    var heads = false
    @Argument(help: "The sentence; - reads it from standard input (as bytes: NUL and any length intact).")
    var sentence: String

    func run() throws {
        TemporaryFile.removeOnTerminatingSignals()
        exitOnError {
            let (sentence, pair) = try TextInput.resolve(sentence, pair: pair)
            let model = try modelOptions.load(engine: engineOption.engine)
            var encoding = try model.encode(sentence, pair: pair)
            let count = encoding.tokenCount
            if let bad = lensTokens.first(where: { !(0..<count).contains($0) }) {
                throw ValidationError(
                    "--token \(bad) is not a token position: the input has \(count) tokens (0...\(count - 1))")
            }
            if !lensTokens.isEmpty && !model.heads.maskedLM {
                throw ValidationError("--token asks for the logit lens, but \(HeadInventory.absence("MLM"))")
            }
            let masks = encoding.heads.masks.map(\.position)
            let lens = lensTokens.isEmpty ? masks : lensTokens
            if !lens.isEmpty { encoding = try model.encode(sentence, pair: pair, lens: lens) }
            if let save {
                // The path as typed (a URL would drop the trailing / of `--save newdir/`).
                try SafeFile.write(
                    model.safetensors(encoding).serialized(), to: (save as NSString).expandingTildeInPath)
            }
            if json {
                try SafeFile.writeStandardOutput(Data(try InspectJSON.line(encoding, model: model).utf8))
                return
            }
            let report = InspectReport(encoding: encoding, loadSeconds: model.loadSeconds)
            var text = report.text
            if heads { text += "\n" + report.headRolesText }
            if let save { text += "saved every output to \(save)\n" }
            // Written with write(2), so a full disk or a closed stdout is an error with exit status 2.
            try SafeFile.writeStandardOutput(Data(text.utf8))
        }
    }
}
