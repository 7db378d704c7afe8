import ArgumentParser
import BertKit
import Foundation

/// `bertscope inspect`: prints what a notebook user would print to see the model's output.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print BertModel's outputs for a sentence: shapes, values, and the pooler vs [CLS].")

    @OptionGroup var modelOptions: ModelOptions
    @Option(help: ArgumentHelp("Sentence B (pair mode, token_type_ids 1).", valueName: "B")) var pair: String?
    @Option(help: ArgumentHelp("Also write every output to FILE.safetensors.", valueName: "FILE")) var save: String?
    @Argument(help: "The sentence.") var sentence: String

    func run() throws {
        exitOnError {
            let model = try modelOptions.load()
            let encoding = try model.encode(sentence, pair: pair)
            if let save {
                try encoding.safetensors().write(to: URL(fileURLWithPath: (save as NSString).expandingTildeInPath))
            }
            print(InspectReport(encoding: encoding, loadSeconds: model.loadSeconds).text, terminator: "")
            if let save { print("saved every output to \(save)") }
        }
    }
}
