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
        /// Layers of the model, L.
        public var layers: Int
        /// Keystroke -> encode -> statistics of what is shown -> layout + render of the complete frame (every
        /// layer and the pooler panel), ms, with the explorer's starting layer on screen.
        public var keystrokeToFrame: Samples
        /// Of which the encoder (tokenizer and forward pass, the first frame's work excluded), ms.
        public var encode: Samples
        /// Of which receiving and rendering the complete encoding, ms: the analysis computes its statistics on first
        /// use, for what this frame shows, so their cost is here.
        public var completeRender: Samples
        /// Keystroke to the first frame, the one drawn as soon as the layer on screen is computed (later layers
        /// and the pooler panel pending), ms, per layer on screen 0...L.
        public var keystrokeToFirstFrameByLayer: [Samples]

        /// The layer the headline first-frame figure is measured at: L/2 (the bound holds up to it).
        public var firstFrameLayer: Int { layers / 2 }

        /// Keystroke to first frame with layer L/2 on screen, ms.
        public var keystrokeToFirstFrame: Samples {
            keystrokeToFirstFrameByLayer.indices.contains(firstFrameLayer)
                ? keystrokeToFirstFrameByLayer[firstFrameLayer] : Samples()
        }
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
                "ui_complete_render_median_ms": completeRender.median,
                "ui_layers": Double(layers),
                "ui_first_frame_layer": Double(firstFrameLayer),
                "ui_keystroke_to_first_frame_median_ms": keystrokeToFirstFrame.median,
                "ui_keystroke_to_first_frame_max_layer_median_ms": keystrokeToFirstFrameByLayer.prefix(
                    firstFrameLayer + 1
                )
                .map(\.median).max() ?? 0,
                "ui_full_redraw_median_ms": fullRedraw.median,
                "ui_full_repaint_median_ms": fullRepaint.median,
                "ui_layer_step_bytes_median": layerStepBytes.median,
                "ui_layer_step_bytes_max": layerStepBytes.max,
                "ui_first_frame_bytes": firstFrameBytes,
            ]
            for (layer, samples) in keystrokeToFirstFrameByLayer.enumerated() {
                v["ui_first_frame_layer\(layer)_median_ms"] = samples.median
            }
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
                    + " (encode \(ms(encode.median)), complete frame's statistics and render \(ms(completeRender.median)))",
                "  first frame          median \(ms(keystrokeToFirstFrame.median)) with layer \(firstFrameLayer)/\(layers)"
                    + " on screen; by layer: "
                    + keystrokeToFirstFrameByLayer.map { String(format: "%.1f", $0.median) }.joined(separator: " "),
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
        func checked(_ frame: CellBuffer) throws -> CellBuffer {
            guard frame.width == size.width, frame.height == size.height else {
                throw BenchError.wrongFrame(
                    expected: "\(size.width)x\(size.height)", got: "\(frame.width)x\(frame.height)")
            }
            return frame
        }
        /// Carries out `effects` as the explorer's run loop and encode worker do, on this one thread: the prefix
        /// with the layer on screen is received and drawn as soon as it is computed, then the complete encoding.
        /// Returns the seconds from `start` to the first and to the complete frame, and the forward pass's own.
        func perform(_ effects: [Effect], from start: Double) throws -> (
            first: Double, complete: Double, encode: Double
        )? {
            guard
                let request = effects.lazy.compactMap({ e -> EncodeRequest? in
                    if case .encode(let r) = e { return r }
                    return nil
                }).first
            else { return nil }
            var delivery = LayerDelivery()
            var first: Double?
            var firstWork = 0.0
            var thrown: Error?
            let encoding = try model.encode(request.textA, pair: request.textB) { progress in
                guard delivery.shouldDeliver(progress, wanted: core.state.layerNeededFirst) else { return .proceed }
                let (work, frame) = BenchClock.time { () -> CellBuffer in
                    core.receive(PreparedEncoding(progress.encoding()), request: request.id)
                    return core.render(size: size)
                }
                do { _ = try checked(frame) } catch { thrown = error }
                first = first ?? BenchClock.now() - start
                firstWork += work
                return .proceed
            }
            if let thrown { throw thrown }
            guard let encoding else { return nil }
            let encoded = BenchClock.now()
            core.receive(PreparedEncoding(encoding), request: request.id)
            _ = try checked(core.render(size: size))
            let complete = BenchClock.now() - start
            completeRender.append((BenchClock.now() - encoded) * 1000)
            return (first ?? complete, complete, encoded - start - firstWork)
        }
        var completeRender = Samples()
        _ = try perform(core.handle(.resize(size)), from: BenchClock.now())
        _ = try perform(core.start(), from: BenchClock.now())
        let shownTokens = core.state.tokenCount
        for _ in 0..<5 { _ = core.render(size: size) }  // warm-up

        // Keystroke to frame: delete the last character (not timed), then type it again (timed).
        guard let last = text.last else { throw BenchError.noSentence(model: model.name) }
        func keystroke() throws -> (first: Double, complete: Double, encode: Double) {
            _ = core.handle(.key(.backspace))
            let start = BenchClock.now()
            guard let times = try perform(core.handle(.key(.character(last))), from: start) else {
                throw BenchError.noEncode
            }
            return times
        }
        var keystrokes = Samples()
        var encodeTimes = Samples()
        for i in 0..<(iterations + 3) {
            let t = try keystroke()
            if i >= 3 {  // the first three are warm-up
                keystrokes.append(t.complete * 1000)
                encodeTimes.append(t.encode * 1000)
            }
        }
        completeRender = Samples(completeRender.values.suffix(iterations))
        // Keystroke to first frame, with each layer on screen in turn.
        let layers = model.config.numHiddenLayers
        let startLayer = core.state.layer
        var firstByLayer: [Samples] = []
        for layer in 0...layers {
            _ = core.apply(.setLayer(layer))
            var firsts = Samples()
            for i in 0..<(max(5, iterations / 4) + 1) {
                let t = try keystroke()
                if i >= 1 { firsts.append(t.first * 1000) }
            }
            firstByLayer.append(firsts)
        }
        _ = core.apply(.setLayer(startLayer))

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
            size: size, tokens: shownTokens, layers: layers, keystrokeToFrame: keystrokes, encode: encodeTimes,
            completeRender: completeRender, keystrokeToFirstFrameByLayer: firstByLayer, fullRedraw: redraw,
            fullRepaint: repaint, layerStepBytesByView: byView, firstFrameBytes: Double(firstFrame))
    }
}
