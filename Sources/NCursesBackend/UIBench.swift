import BertKit
import Foundation
import ScopeUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The UI path of `bertscope bench`: what a keystroke costs from key to finished frame, what a
/// full redraw costs, and how many bytes a layer step sends to the terminal.
public enum UIBench {
    /// One run's numbers.
    public struct Report: Sendable {
        /// Terminal size measured at.
        public var size: Size
        /// Tokens in the sentence (with [CLS] and [SEP]).
        public var tokens: Int
        /// Keystroke -> encode -> prepare -> layout + render into the cell buffer, median ms.
        public var keystrokeToFrameMedianMs: Double
        /// The same, fastest run.
        public var keystrokeToFrameMinMs: Double
        /// Of which the encoder (tokenizer and forward pass), median ms.
        public var encodeMedianMs: Double
        /// Of which the statistics computed once per encoding (`PreparedEncoding`), median ms.
        public var prepareMedianMs: Double
        /// Rendering the whole screen into a fresh cell buffer, median ms.
        public var fullRedrawMedianMs: Double
        /// Rendering plus ncurses repainting every cell (into a file), median ms.
        public var fullRepaintMedianMs: Double
        /// Bytes ncurses writes for one layer step (PageUp/PageDown), median over every step through
        /// all layers and back, in the attention and the activation view.
        public var layerStepBytesMedian: Double
        /// The largest of those.
        public var layerStepBytesMax: Double
        /// Median and largest step in each view (`attention`, `activations`).
        public var layerStepBytesByView: [String: (median: Double, max: Double)]
        /// Bytes for the very first frame (everything painted).
        public var firstFrameBytes: Double

        /// The numbers under stable names (for `bench --json`).
        public var values: [String: Double] {
            [
                "ui_width": Double(size.width), "ui_height": Double(size.height), "ui_tokens": Double(tokens),
                "ui_keystroke_to_frame_median_ms": keystrokeToFrameMedianMs,
                "ui_keystroke_to_frame_min_ms": keystrokeToFrameMinMs,
                "ui_encode_median_ms": encodeMedianMs,
                "ui_prepare_median_ms": prepareMedianMs,
                "ui_full_redraw_median_ms": fullRedrawMedianMs,
                "ui_full_repaint_median_ms": fullRepaintMedianMs,
                "ui_layer_step_bytes_median": layerStepBytesMedian,
                "ui_layer_step_bytes_max": layerStepBytesMax,
                "ui_first_frame_bytes": firstFrameBytes,
            ].merging(
                layerStepBytesByView.flatMap { view, v in
                    [("ui_layer_step_bytes_\(view)_median", v.median), ("ui_layer_step_bytes_\(view)_max", v.max)]
                }, uniquingKeysWith: { a, _ in a })
        }

        /// A few human-readable lines.
        public var summary: String {
            func ms(_ v: Double) -> String { String(format: "%.2f ms", v) }
            return """
                UI at \(size.width)x\(size.height), \(tokens) tokens:
                  keystroke to frame   median \(ms(keystrokeToFrameMedianMs)), min \(ms(keystrokeToFrameMinMs)) (encode \(ms(encodeMedianMs)), prepare \(ms(prepareMedianMs)))
                  full redraw          median \(ms(fullRedrawMedianMs)) (with ncurses repaint \(ms(fullRepaintMedianMs)))
                  layer step           median \(Int(layerStepBytesMedian)) bytes, max \(Int(layerStepBytesMax)) bytes (first frame \(Int(firstFrameBytes)) bytes, TERM=xterm-256color)
                """ + layerStepBytesByView.keys.sorted().map { view in
                    let v = layerStepBytesByView[view] ?? (0, 0)
                    return "\n    \(view.padding(toLength: 18, withPad: " ", startingAt: 0)) median \(Int(v.median)) bytes, max \(Int(v.max)) bytes"
                }.joined()
        }
    }

    /// A sentence that tokenizes to exactly `tokens` tokens with `model` (or as close as it gets).
    public static func sentence(tokens: Int, model: BertModel) -> String {
        let words = "the quick brown fox jumps over the lazy dog while a small cat watches from the old wooden fence and the sun sets slowly behind the distant hills of the quiet green valley".split(separator: " ")
        var text = ""
        var i = 0
        while i < 200 {
            let candidate = text.isEmpty ? String(words[i % words.count]) : text + " " + words[i % words.count]
            if model.tokenizer.encode(candidate, pair: nil, maxLength: model.config.maxPositionEmbeddings).tokens.count > tokens {
                break
            }
            text = candidate
            i += 1
        }
        return text
    }

    /// Measures the UI path with `model` at `size` (120x40 in the issue), `iterations` samples each.
    public static func run(
        model: BertModel, size: Size = Size(width: 120, height: 40), tokens: Int = 32, iterations: Int = 40
    ) throws -> Report {
        let text = sentence(tokens: tokens, model: model)
        var core = ExplorerCore(
            options: ExplorerOptions(modelName: model.name, config: model.config, sentence: text, colorMode: .palette256))
        var encodeTimes: [Double] = [], prepareTimes: [Double] = []
        func runEffects(_ effects: [Effect]) throws {
            for case .encode(let request) in effects {
                let t0 = now()
                let encoding = try model.encode(request.textA, pair: request.textB)
                let t1 = now()
                let prepared = PreparedEncoding(encoding)
                encodeTimes.append(t1 - t0)
                prepareTimes.append(now() - t1)
                core.receive(prepared, request: request.id)
            }
        }
        try runEffects(core.handle(.resize(size)))
        try runEffects(core.start())
        let shownTokens = core.state.tokenCount
        // Warm up.
        for _ in 0..<5 { _ = core.render(size: size) }

        // Keystroke to frame: delete the last character (not timed), then type it again (timed).
        guard let last = text.last else { throw TerminalError.startFailed("empty benchmark sentence") }
        var keystroke: [Double] = []
        for i in 0..<(iterations + 3) {
            if i == 3 {  // the first three are warm-up
                encodeTimes.removeAll()
                prepareTimes.removeAll()
                keystroke.removeAll()
            }
            _ = core.handle(.key(.backspace))
            let t0 = now()
            try runEffects(core.handle(.key(.character(last))))
            let frame = core.render(size: size)
            keystroke.append(now() - t0)
            if frame.width != size.width { throw TerminalError.startFailed("the core rendered \(frame.width) columns, not \(size.width)") }
        }

        // Full redraw: render the whole screen into a fresh buffer.
        var redraw: [Double] = []
        for _ in 0..<iterations {
            let t0 = now()
            let frame = core.render(size: size)
            redraw.append(now() - t0)
            if frame.height != size.height { throw TerminalError.startFailed("the core rendered \(frame.height) rows, not \(size.height)") }
        }

        // Bytes: ncurses on a file, as xterm-256color, stepping through the layers.
        let path = NSTemporaryDirectory() + "bertscope-uibench-\(getpid())"
        let out = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        let input = open("/dev/null", O_RDONLY)
        defer {
            close(out)
            close(input)
            unlink(path)
        }
        guard out >= 0, input >= 0 else { throw TerminalError.startFailed("cannot open \(path)") }
        let screen = try NCursesScreen.offscreen(term: "xterm-256color", colors: .palette256, size: size, inputFD: input, outputFD: out)
        defer { screen.close() }
        func written() -> Double { Double(lseek(out, 0, SEEK_END)) }
        _ = core.handle(.key(.home))
        let before = written()
        screen.draw(core.render(size: size))
        let firstFrame = written() - before
        // Every layer step up and back down, in the attention view and in the activation view
        // (each step changes the heatmap, the slider and the status bar).
        var stepBytes: [Double] = []
        var byView: [String: (median: Double, max: Double)] = [:]
        let layers = model.config.numHiddenLayers
        for view in [MainView.attention, .activations] {
            let start = stepBytes.count
            _ = core.apply(.setView(view))
            _ = core.apply(.setLayer(0))
            screen.draw(core.render(size: size))
            for key in Array(repeating: Key.pageDown, count: layers) + Array(repeating: Key.pageUp, count: layers) {
                _ = core.handle(.key(key))
                let b0 = written()
                screen.draw(core.render(size: size))
                stepBytes.append(written() - b0)
            }
            let steps = Array(stepBytes[start...])
            byView[view.rawValue] = (median(steps), steps.max() ?? 0)
        }
        var repaint: [Double] = []
        for _ in 0..<max(5, iterations / 4) {
            let t0 = now()
            screen.invalidate()
            screen.draw(core.render(size: size))
            repaint.append(now() - t0)
        }
        return Report(
            size: size, tokens: shownTokens, keystrokeToFrameMedianMs: median(keystroke) * 1000,
            keystrokeToFrameMinMs: (keystroke.min() ?? 0) * 1000, encodeMedianMs: median(encodeTimes) * 1000, prepareMedianMs: median(prepareTimes) * 1000,
            fullRedrawMedianMs: median(redraw) * 1000, fullRepaintMedianMs: median(repaint) * 1000,
            layerStepBytesMedian: median(stepBytes), layerStepBytesMax: stepBytes.max() ?? 0, layerStepBytesByView: byView,
            firstFrameBytes: firstFrame)
    }

    static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func now() -> Double { NCursesScreen.monotonicSeconds() }
}
