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
    @OptionGroup var engineOption: EngineOption
    @Option(
        help: ArgumentHelp(
            "Token counts, comma-separated, each at least 2. (default: 8,16,32,64,128, those the model takes)",
            valueName: "N,N,..."))
    var tokens: TokenCountsArgument?
    @Option(help: "Seconds of timed runs per token count (at least 10 runs).") var seconds: Double = 1.0
    @Flag(help: "One JSON object per line instead of a table.") var json = false
    @Flag(
        inversion: .prefixedNo,
        help: "Also time the UI path (at --ui-size): keystroke to frame, full redraw, bytes per layer step.")
    var ui = true
    @Option(name: .customLong("ui-size"), help: ArgumentHelp("Terminal size for the UI path.", valueName: "WxH"))
    var uiSize = SizeArgument(width: 120, height: 40)
    @Option(
        name: .customLong("ui-tokens"), parsing: .unconditional,
        help: "Tokens in the UI path's sentence (with [CLS] and [SEP]). (default: 32, or what the model takes)")
    var uiTokens: Int?
    @Option(
        name: .customLong("flow-tokens"),
        help: ArgumentHelp(
            "Token counts for the attention-flow timings (every layer each). (default: 16,32,48, those the model "
                + "takes)", valueName: "N,N,..."))
    var flowTokens: TokenCountsArgument?
    @Flag(inversion: .prefixedNo, help: "Also time attention flow by length (--flow-tokens).") var flow = true
    @Option(
        name: .customLong("analysis-tokens"),
        help: ArgumentHelp(
            "Token counts for the timings of the analyses the views compute on first show (rollout, norms, "
                + "similarity, token change, head roles). (default: 32, or what the model takes)",
            valueName: "N,N,..."))
    var analysisTokens: TokenCountsArgument?

    /// The token counts to time: those asked for, each of which must fit the model (the input generator would
    /// otherwise cut it silently), or the defaults the model takes (a short-context model gets its longest).
    func counts(_ asked: [Int]?, option: String, defaults: [Int], model: BertModel) throws -> [Int] {
        let limit = model.config.maxPositionEmbeddings
        guard let asked else {
            var fitting = defaults.filter { $0 <= limit }
            if fitting.count < defaults.count { fitting.append(limit) }
            return fitting
        }
        if let n = asked.first(where: { $0 > limit }) {
            throw ArgumentError("\(option) \(n): \(model.name) takes at most \(limit) tokens")
        }
        return asked
    }

    func validate() throws {
        _ = try uiSize.checked("--ui-size", within: 20...1000, unit: "cells")
        if let uiTokens, !(2...512).contains(uiTokens) {
            throw ValidationError("--ui-tokens must be between 2 and 512")
        }
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600") }
    }

    func run() throws {
        exitOnError {
            let model = try modelOptions.load(engine: engineOption.engine)
            let tokenCounts = try counts(
                tokens?.counts, option: "--tokens", defaults: [8, 16, 32, 64, 128], model: model)
            let flowCounts = try counts(
                flowTokens?.counts, option: "--flow-tokens", defaults: [16, 32, 48], model: model)
            let analysisCounts = try counts(
                analysisTokens?.counts, option: "--analysis-tokens", defaults: [32], model: model)
            let uiCount = try counts(uiTokens.map { [$0] }, option: "--ui-tokens", defaults: [32], model: model)[0]
            let fileMB = Double(model.weightBytes) / 1e6
            if !json {
                try emit(
                    String(
                        format: "model %@: %d layers, hidden %d; weights %.0f MB, loaded in %.1f ms; engine %@",
                        model.name, model.config.numHiddenLayers, model.config.hiddenSize, fileMB,
                        model.loadSeconds * 1000,
                        model.engineDescription))
                try emit("tokens   median ms    min ms   GFLOP/s   runs")
            }
            for n in tokenCounts {
                let r = ForwardBench.run(model: model, tokens: n, seconds: seconds)
                if json {
                    try printJSON([
                        "model": model.name, "engine": model.engine.rawValue, "tokens": r.tokens,
                        "median_ms": r.medianMs, "min_ms": r.minMs,
                        "gflops": r.gflops, "runs": r.times.count, "load_ms": model.loadSeconds * 1000,
                    ])
                } else {
                    try emit(
                        String(
                            format: "%6d %11.3f %9.3f %9.1f %6d", r.tokens, r.medianMs, r.minMs, r.gflops, r.times.count
                        ))
                }
            }
            if let heads = HeadBench.run(model: model, tokens: 32, seconds: seconds) {
                if json {
                    try printJSON([
                        "model": model.name, "heads_tokens": heads.tokens, "heads_masks": heads.masks,
                        "heads_fill_mask_ms": heads.fillMaskMs, "heads_lens_ms": heads.lensMs,
                        "heads_encode_ms": heads.encodeMs,
                    ])
                } else {
                    try emit(
                        String(
                            format:
                                "heads at %d tokens: fill-mask for %d masks adds %.2f ms to a %.2f ms encode; the logit lens of one token %.2f ms",
                            heads.tokens, heads.masks, heads.fillMaskMs, heads.encodeMs, heads.lensMs))
                }
            }
            for n in analysisCounts {
                let layer = FlowBench.layer(model: model, tokens: n, seconds: seconds)
                if json {
                    try printJSON([
                        "model": model.name, "analysis_tokens": layer.tokens, "analysis_layer": layer.layer,
                        "rollout_ms": layer.rolloutMs, "norms_ms": layer.normsMs, "similarity_ms": layer.similarityMs,
                        "token_change_ms": layer.tokenChangeMs, "head_roles_ms": layer.headRolesMs,
                        "analysis_encode_ms": layer.encodeMs,
                    ])
                } else {
                    try emit(
                        String(
                            format:
                                "analysis of layer %d at %d tokens: rollout %.3f ms, value-weighted norms %.3f ms, similarity %.3f ms, token change %.3f ms, head roles (all layers) %.3f ms (encode %.2f ms)",
                            layer.layer, layer.tokens, layer.rolloutMs, layer.normsMs, layer.similarityMs,
                            layer.tokenChangeMs, layer.headRolesMs, layer.encodeMs))
                }
            }
            for n in flow ? flowCounts : [] {
                let flow = FlowBench.flow(model: model, tokens: n, runs: 1)
                if json {
                    try printJSON(["model": model.name, "flow_tokens": flow.tokens, "flow_layer_ms": flow.layerMs])
                } else {
                    try emit(
                        "attention flow at \(flow.tokens) tokens, ms by layer 1...\(flow.layerMs.count): "
                            + flow.layerMs.map { String(format: "%.0f", $0) }.joined(separator: " "))
                }
            }
            if ui {
                let report = try UIBench.run(
                    model: model, size: try uiSize.checked("--ui-size", within: 20...1000, unit: "cells"),
                    tokens: uiCount)
                if json {
                    try printJSON(report.values.mapValues { $0 as Any }.merging(["model": model.name]) { $1 })
                } else {
                    try emit(report.summary)
                }
            }
            let rss = ProcessMemory.peakResidentBytes() ?? 0
            if json {
                try printJSON([
                    "model": model.name, "peak_rss_mb": Double(rss) / 1e6, "weights_mb": fileMB,
                    "rss_ratio": Double(rss) / Double(max(1, model.weightBytes)),
                ])
            } else {
                try emit(
                    String(
                        format: "peak RSS %.0f MB = %.2fx the weights file", Double(rss) / 1e6,
                        Double(rss) / Double(max(1, model.weightBytes))))
            }
        }
    }
}

/// Prints one JSON object on one line, keys sorted (names are escaped properly, whatever the model is called).
func printJSON(_ object: [String: Any]) throws {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
    try emit(String(decoding: data, as: UTF8.self))
}

/// Writes one line to standard output, unbuffered, so a full disk or a closed pipe is reported (exit status 2).
func emit(_ line: String) throws {
    try SafeFile.writeStandardOutput(Data((line + "\n").utf8))
}
