import ArgumentParser
import Benchmarks
import BertKit
import Foundation
import ScopeUI

/// `bertscope bench`: times the full forward pass after warm-up.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the full forward pass (every output included): median and min ms per token count.")

    @OptionGroup var modelOptions: ModelOptions
    @Option(help: ArgumentHelp("Token counts, comma-separated.", valueName: "N,N,...")) var tokens: String = "8,16,32,64,128"
    @Option(help: "Seconds of timed runs per token count (at least 10 runs).") var seconds: Double = 1.0
    @Flag(help: "One JSON object per line instead of a table.") var json = false
    @Flag(inversion: .prefixedNo, help: "Also time the UI path (at --ui-size): keystroke to frame, full redraw, bytes per layer step.")
    var ui = true
    @Option(name: .customLong("ui-size"), help: ArgumentHelp("Terminal size for the UI path.", valueName: "WxH"))
    var uiSize: String = "120x40"
    @Option(name: .customLong("ui-tokens"), help: "Tokens in the UI path's sentence (with [CLS] and [SEP]).")
    var uiTokens: Int = 32

    func validate() throws {
        guard !parsedTokens.isEmpty, parsedTokens.allSatisfy({ $0 >= 2 }) else {
            throw ValidationError("--tokens takes comma-separated whole numbers of at least 2, e.g. 8,16,32")
        }
        guard parsedSize != nil else {
            throw ValidationError("--ui-size takes WIDTHxHEIGHT, each from 20 to 1000, e.g. 120x40")
        }
        guard uiTokens >= 2, uiTokens <= 512 else { throw ValidationError("--ui-tokens must be between 2 and 512") }
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600") }
    }

    var parsedTokens: [Int] {
        let parts = tokens.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return values.count == parts.count ? values : []
    }

    /// `--ui-size` as a size, nil when it is not WxH within 20...1000.
    var parsedSize: Size? {
        guard let (w, h) = parseDimensions(uiSize), (20...1000).contains(w), (20...1000).contains(h) else { return nil }
        return Size(width: w, height: h)
    }

    func run() throws {
        exitOnError {
            let model = try modelOptions.load()
            let fileMB = Double(model.weightBytes) / 1e6
            if !json {
                print(String(format: "model %@: %d layers, hidden %d; weights %.0f MB, loaded in %.1f ms",
                             model.name, model.config.numHiddenLayers, model.config.hiddenSize, fileMB, model.loadSeconds * 1000))
                print("tokens   median ms    min ms   GFLOP/s   runs")
            }
            for n in parsedTokens {
                let r = ForwardBench.run(model: model, tokens: n, seconds: seconds)
                if json {
                    printJSON([
                        "model": model.name, "tokens": r.tokens, "median_ms": r.medianMs, "min_ms": r.minMs,
                        "gflops": r.gflops, "runs": r.times.count, "load_ms": model.loadSeconds * 1000,
                    ])
                } else {
                    print(String(format: "%6d %11.3f %9.3f %9.1f %6d", r.tokens, r.medianMs, r.minMs, r.gflops, r.times.count))
                }
            }
            if ui {
                let report = try UIBench.run(model: model, size: parsedSize ?? Size(width: 120, height: 40), tokens: uiTokens)
                if json {
                    printJSON(report.values.mapValues { $0 as Any }.merging(["model": model.name]) { $1 })
                } else {
                    print(report.summary)
                }
            }
            let rss = ProcessMemory.peakResidentBytes() ?? 0
            if json {
                printJSON([
                    "model": model.name, "peak_rss_mb": Double(rss) / 1e6, "weights_mb": fileMB,
                    "rss_ratio": Double(rss) / Double(max(1, model.weightBytes)),
                ])
            } else {
                print(String(format: "peak RSS %.0f MB = %.2fx the weights file", Double(rss) / 1e6, Double(rss) / Double(max(1, model.weightBytes))))
            }
        }
    }
}

/// Prints one JSON object on one line, keys sorted (names are escaped properly, whatever the model is called).
func printJSON(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
    print(String(decoding: data, as: UTF8.self))
}
