/// Where the all-heads grid's thumbnails go: one per layer x head, layers down, heads across.
struct AttentionGridGeometry {
    let labelWidth: Int
    /// Thumbnail size in characters and the gap after each.
    let thumbWidth: Int
    let thumbHeight: Int
    let gapX: Int
    let gapY: Int
    let firstLayer: Int
    let visibleLayers: Int
    let firstHead: Int
    let visibleHeads: Int
    let originX: Int
    let originY: Int

    /// The (layer 1...L, head 0..<H) under (x, y).
    func cell(x: Int, y: Int) -> (layer: Int, head: Int)? {
        guard x >= originX, y >= originY else { return nil }
        let i = (x - originX) / (thumbWidth + gapX)
        let j = (y - originY) / (thumbHeight + gapY)
        guard i < visibleHeads, j < visibleLayers,
            (x - originX) % (thumbWidth + gapX) < thumbWidth, (y - originY) % (thumbHeight + gapY) < thumbHeight
        else { return nil }
        return (firstLayer + j, firstHead + i)
    }

    func x(ofHead h: Int) -> Int { originX + (h - firstHead) * (thumbWidth + gapX) }
    func y(ofLayer l: Int) -> Int { originY + (l - firstLayer) * (thumbHeight + gapY) }
}

extension AttentionGridGeometry {
    /// Lines above the footer for the head-role legend.
    static let legendLines = 1

    /// The grid for `state` in the view's `rect`, or nil when it has no room (or the model no heads).
    init?(state: AppState, rect: Rect) {
        let layers = state.layerCount
        let heads = state.headCount
        guard layers > 0, heads > 0 else { return nil }
        let t = max(1, state.tokenCount)
        let labelWidth = 4
        let availW = rect.width - labelWidth - 1
        let availH = rect.height - 3 - AttentionGridGeometry.legendLines  // title, head numbers, roles, footer
        guard availW >= 3, availH >= 1 else { return nil }
        let gapX = 1
        var tw = min(availW / heads - gapX, max(4, 2 * t))
        var visibleHeads = heads
        if tw < 2 {
            tw = 2
            visibleHeads = max(1, availW / (tw + gapX))
        }
        var th = availH / layers
        var gapY = 0
        let pixelRows = state.colorMode.hasColor ? 2 : 1
        // roughly square thumbnails: tw columns by tw rows of pixels
        th = min(th, max(1, (tw + pixelRows - 1) / pixelRows))
        if th >= 3 && availH >= layers * (th + 1) - 1 {
            gapY = 1
        } else if th >= 3 {
            th -= 1
            gapY = 1
        }
        var visibleLayers = layers
        if th < 1 {
            th = 1
            gapY = 0
            visibleLayers = max(1, availH)
        }
        // keep the current layer/head visible
        let currentLayer = min(max(1, state.layer), layers)
        let firstLayer = min(max(1, currentLayer - visibleLayers / 2), layers - visibleLayers + 1)
        let currentHead: Int
        if case .single(let h) = state.head { currentHead = h } else { currentHead = 0 }
        let firstHead = min(max(0, currentHead - visibleHeads / 2), heads - visibleHeads)
        self.init(
            labelWidth: labelWidth, thumbWidth: tw, thumbHeight: th, gapX: gapX, gapY: gapY, firstLayer: firstLayer,
            visibleLayers: visibleLayers, firstHead: firstHead, visibleHeads: visibleHeads,
            originX: rect.x + labelWidth + 1, originY: rect.y + 2)
    }
}
