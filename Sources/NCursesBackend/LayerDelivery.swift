import Foundation

/// When the encode worker hands the run loop a prefix of the encoding it is computing: as soon as the layer the
/// screen needs has been computed, and again only if the screen moves on to a layer past what it was given. The
/// complete encoding is always handed over at the end; nothing else is, so the UI thread draws at most a frame
/// or two per encode instead of one per layer (drawing competes with the encoder for the cores).
struct LayerDelivery {
    /// The most layers handed over so far (-1: none).
    private(set) var delivered = -1

    /// Whether to hand over the prefix with `computed` of `total` layers while the screen needs layer `wanted`;
    /// records it when so. The complete encoding (`computed == total`) is handed over by the caller, not here.
    mutating func shouldDeliver(computed: Int, total: Int, wanted: Int) -> Bool {
        guard computed < total, computed >= wanted, delivered < wanted else { return false }
        delivered = computed
        return true
    }
}

/// The layer the screen needs first, set by the run loop and read by the encode worker between layers.
final class NeededLayer: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int

    /// Starts at `layer`.
    init(_ layer: Int) {
        value = layer
    }

    /// The layer, as last set.
    var layer: Int {
        get {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
        set {
            lock.lock()
            value = newValue
            lock.unlock()
        }
    }
}
