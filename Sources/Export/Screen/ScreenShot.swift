import BertKit
import ScopeUI

/// The full explorer screen for an encoding, drawn without a terminal: what `render --view screen` writes
/// and what a screenshot of the UI looks like.
public enum ScreenShot {
    /// Which main view the screen shows.
    public enum View: Sendable, Hashable {
        /// The attention heatmap (head, mean or max from the options).
        case attention
        /// Every layer x head.
        case grid
        /// hidden_states[layer].
        case activations
        /// The FFN intermediate of the layer.
        case intermediate
        /// The [CLS] vs pooler view.
        case pooler
    }

    /// Renders the explorer at `size` showing `encoding`, starting from `options` (its layer, head,
    /// theme and colour mode), with `view` as the main view. Unless `timed`, the status bar leaves out the
    /// measured forward time, so the same input always gives the same screen.
    public static func render(
        _ encoding: Encoding, options: ExplorerOptions, view: View, size: Size, timed: Bool = false
    ) -> CellBuffer {
        let encoding = timed ? encoding : untimed(encoding)
        var core = ExplorerCore(options: options)
        var request = 0
        for case .encode(let r) in core.start() { request = r.id }
        core.receive(encoding, request: max(1, request))
        _ = core.apply(.resize(size))
        switch view {
        case .attention: _ = core.apply(.setView(.attention))
        case .grid: _ = core.apply(.setView(.grid))
        case .activations: _ = core.apply(.setView(.activations))
        case .intermediate:
            _ = core.apply(.setView(.activations))
            _ = core.apply(.toggleIntermediate)
        case .pooler: _ = core.apply(.setView(.pooler))
        }
        core.computeBackgroundAnalyses()
        return core.render(size: size)
    }

    /// The encoding with its wall time replaced by NaN ("not measured").
    static func untimed(_ e: Encoding) -> Encoding {
        e.withForwardSeconds(.nan)
    }
}
