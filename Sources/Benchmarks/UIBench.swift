import BertKit
import Foundation
import NCursesBackend
import ScopeUI

/// The UI path of `bertscope bench`: what a keystroke costs from key to finished frame, what a full redraw costs,
/// and how many bytes a layer step sends to the terminal (through real ncurses, `FrameByteMeter`).
public enum UIBench {
    /// One run's numbers.
    public struct Report: Sendable {
        /// Terminal size measured at.
        public var size: Size
        /// Tokens in the sentence (with [CLS] and [SEP]).
        public var tokens: Int
        /// Keystroke -> encode -> prepare -> layout + render into the cell buffer, ms.
        public var keystrokeToFrame: Samples
        /// Of which the encoder (tokenizer and forward pass), ms.
        public var encode: Samples
        /// Of which making the encoding's analysis (`PreparedEncoding`), ms. Its statistics are computed on first
        /// use, by the first frame that shows them, so their cost is in `keystrokeToFrame`'s render part.
        public var prepare: Samples
        /// Rendering the whole screen into a fresh cell buffer, ms.
        public var fullRedraw: Samples
        /// Rendering plus ncurses repainting every cell (into a file), ms.
        public var fullRepaint: Samples
        /// Bytes ncurses writes for one layer step (PageUp/PageDown), every step through all layers and back,
        /// per view (`attention`, `activations`).
        public var layerStepBytesByView: [String: Samples]
        /// Bytes for the very first frame (everything painted).
        public var firstFrameBytes: Double

        /// Every layer step in every view.
        public var layerStepBytes: Samples {
            Samples(layerStepBytesByView.keys.sorted().flatMap { layerStepBytesByView[$0]?.values ?? [] })
        }

        /// The numbers under stable names (for `bench --json`).
        public var values: [String: Double] {
            var v: [String: Double] = [
                "ui_width": Double(size.width), "ui_height": Double(size.height), "ui_tokens": Double(tokens),
                "ui_keystroke_to_frame_median_ms": keystrokeToFrame.median,
                "ui_keystroke_to_frame_min_ms": keystrokeToFrame.min,
                "ui_encode_median_ms": encode.median,
                "ui_prepare_median_ms": prepare.median,
                "ui_full_redraw_median_ms": fullRedraw.median,
                "ui_full_repaint_median_ms": fullRepaint.median,
                "ui_layer_step_bytes_median": layerStepBytes.median,
                "ui_layer_step_bytes_max": layerStepBytes.max,
                "ui_first_frame_bytes": firstFrameBytes,
            ]
            for (view, steps) in layerStepBytesByView {
                v["ui_layer_step_bytes_\(view)_median"] = steps.median
                v["ui_layer_step_bytes_\(view)_max"] = steps.max
            }
            return v
        }

        /// A few human-readable lines.
        public var summary: String {
            func ms(_ v: Double) -> String { String(format: "%.2f ms", v) }
            let steps = layerStepBytes
            var lines = [
                "UI at \(size.width)x\(size.height), \(tokens) tokens:",
                "  keystroke to frame   median \(ms(keystrokeToFrame.median)), min \(ms(keystrokeToFrame.min))"
                    + " (encode \(ms(encode.median)), prepare \(ms(prepare.median)))",
                "  full redraw          median \(ms(fullRedraw.median)) (with ncurses repaint \(ms(fullRepaint.median)))",
                "  layer step           median \(Int(steps.median)) bytes, max \(Int(steps.max)) bytes"
                    + " (first frame \(Int(firstFrameBytes)) bytes, TERM=xterm-256color)",
            ]
            for view in layerStepBytesByView.keys.sorted() {
                let v = layerStepBytesByView[view] ?? Samples()
                let name = view.padding(toLength: 18, withPad: " ", startingAt: 0)
                lines.append("    \(name) median \(Int(v.median)) bytes, max \(Int(v.max)) bytes")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Measures the UI path with `model` at `size` (120x40 in the issue), `iterations` samples each, under
    /// `byteBudget` (by default a remote session's, since the bytes a layer step writes matter over SSH).
    public static func run(
        model: BertModel, size: Size = Size(width: 120, height: 40), tokens: Int = 32, iterations: Int = 40,
        byteBudget: Int? = ExplorerOptions.remoteByteBudget
    ) throws -> Report {
        HeapPolicy.keepFreedOutputs()
        let text = try BenchInput.sentence(tokens: tokens, model: model)
        var options = ExplorerOptions(
            modelName: model.name, config: model.config, sentence: text, colorMode: .palette256)
        options.byteBudget = byteBudget
        var core = ExplorerCore(options: options)
        var encodeTimes = Samples(), prepareTimes = Samples()
        func runEffects(_ effects: [Effect]) throws {
            for case .encode(let request) in effects {
                let (encodeSeconds, encoding) = try BenchClock.time {
                    try model.encode(request.textA, pair: request.textB)
                }
                let (prepareSeconds, prepared) = BenchClock.time { PreparedEncoding(encoding) }
                encodeTimes.append(encodeSeconds * 1000)
                prepareTimes.append(prepareSeconds * 1000)
                core.receive(prepared, request: request.id)
            }
        }
        func checked(_ frame: CellBuffer) throws -> CellBuffer {
            guard frame.width == size.width, frame.height == size.height else {
                throw BenchError.wrongFrame(
                    expected: "\(size.width)x\(size.height)", got: "\(frame.width)x\(frame.height)")
            }
            return frame
        }
        try runEffects(core.handle(.resize(size)))
        try runEffects(core.start())
        let shownTokens = core.state.tokenCount
        for _ in 0..<5 { _ = core.render(size: size) }  // warm-up

        // Keystroke to frame: delete the last character (not timed), then type it again (timed).
        guard let last = text.last else { throw BenchError.noSentence(model: model.name) }
        var keystroke = Samples()
        for i in 0..<(iterations + 3) {
            if i == 3 {  // the first three are warm-up
                encodeTimes.removeAll()
                prepareTimes.removeAll()
                keystroke.removeAll()
            }
            _ = core.handle(.key(.backspace))
            let (seconds, frame) = try BenchClock.time { () throws -> CellBuffer in
                try runEffects(core.handle(.key(.character(last))))
                return core.render(size: size)
            }
            keystroke.append(seconds * 1000)
            _ = try checked(frame)
        }

        // Full redraw: render the whole screen into a fresh buffer.
        var redraw = Samples()
        for _ in 0..<iterations {
            let (seconds, frame) = BenchClock.time { core.render(size: size) }
            redraw.append(seconds * 1000)
            _ = try checked(frame)
        }

        // Bytes: ncurses on a file, as xterm-256color, stepping through the layers.
        let meter: FrameByteMeter
        do {
            meter = try FrameByteMeter(term: "xterm-256color", colors: .palette256, size: size)
        } catch {
            throw BenchError.byteMeter("\(error)")
        }
        _ = core.handle(.key(.home))
        let firstFrame = meter.draw(try checked(core.render(size: size)))
        // Every layer step up and back down, in the attention view and in the activation view
        // (each step changes the heatmap, the slider and the status bar).
        var byView: [String: Samples] = [:]
        let layers = model.config.numHiddenLayers
        for view in [MainView.attention, .activations] {
            var steps = Samples()
            _ = core.apply(.setView(view))
            _ = core.apply(.setLayer(0))
            _ = meter.draw(core.render(size: size))
            for key in Array(repeating: Key.pageDown, count: layers) + Array(repeating: Key.pageUp, count: layers) {
                _ = core.handle(.key(key))
                steps.append(Double(meter.draw(core.render(size: size))))
            }
            byView[view.rawValue] = steps
        }
        var repaint = Samples()
        for _ in 0..<max(5, iterations / 4) {
            let (seconds, _) = BenchClock.time { meter.repaint(core.render(size: size)) }
            repaint.append(seconds * 1000)
        }
        return Report(
            size: size, tokens: shownTokens, keystrokeToFrame: keystroke, encode: encodeTimes, prepare: prepareTimes,
            fullRedraw: redraw, fullRepaint: repaint, layerStepBytesByView: byView, firstFrameBytes: Double(firstFrame))
    }
}
