import BertKit

/// Which layers of the encoding on screen have arrived: while a long encode runs, the screen shows the layer it
/// needs as soon as that layer is computed, and says which parts are still pending. Drawing, hit-testing and the
/// analysis read these instead of indexing the encoding blindly.
extension AppState {
    /// Layers of the encoding on screen that are computed: hidden_states 0...computedLayers (L when complete,
    /// -1 before the first result).
    public var computedLayers: Int { encoding?.computedLayers ?? -1 }

    /// True while the encoding on screen is a prefix: later layers and the pooler are still being computed.
    public var hasPendingLayers: Bool { encoding.map { !$0.isComplete } ?? false }

    /// True when hidden state `layer` (and from 1 its attention and FFN activations) has arrived.
    public func isLayerReady(_ layer: Int) -> Bool { encoding?.hasLayer(layer) ?? false }

    /// The layer `view` needs before it can be drawn: the slider's layer, or L for the views that show every
    /// layer, the pooler or the heads (the grid, the pooler panel, the predictions, the comparison).
    public func layerNeeded(by view: MainView) -> Int {
        switch view {
        case .attention, .activations, .similarity: return layer
        case .grid, .pooler, .predictions, .compare: return layerCount
        }
    }

    /// The layer the encoder should deliver first: what the main view needs (the side panel fills in later).
    public var layerNeededFirst: Int { layerNeeded(by: mainView) }

    /// True when `view` can be drawn from what has arrived (false before the first result, too).
    public func isViewReady(_ view: MainView) -> Bool {
        guard let encoding else { return false }
        switch view {
        case .attention, .activations, .similarity: return encoding.hasLayer(layerNeeded(by: view))
        case .grid, .pooler, .predictions, .compare: return encoding.isComplete
        }
    }
}
