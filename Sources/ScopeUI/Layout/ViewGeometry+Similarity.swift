/// Where the similarity and compare views put their heatmaps: pure functions of the state and the view's
/// rectangle, read by drawing and hit-testing through `FrameGeometry`.
extension ViewGeometry {
    // MARK: similarity

    /// Lines under the similarity heatmap: the value read-out and the legend.
    static let similarityFooterLines = 1

    /// Columns the token-change column takes at the right of the similarity view, its rule included.
    static let tokenChangeWidth = 26

    /// True when the token-change column fits beside the matrix in `rect` (else the footer reads the slider's row).
    static func showsTokenChange(_ rect: Rect) -> Bool { rect.width >= 56 && rect.height >= 6 }

    /// The token-change column's rectangle in the similarity view's `rect` (nil when it does not fit).
    static func tokenChangeRect(_ rect: Rect) -> Rect? {
        guard showsTokenChange(rect) else { return nil }
        return Rect(
            x: rect.maxX - tokenChangeWidth, y: rect.y + 1, width: tokenChangeWidth,
            height: rect.height - 1 - similarityFooterLines)
    }

    /// The cosine matrix's geometry in the similarity view's `rect` (left of the token-change column), or nil when
    /// there is nothing to draw (no encoding, the layer not arrived).
    static func similarity(state: AppState, rect: Rect) -> HeatmapGeometry? {
        guard let enc = state.encoding, state.isLayerReady(state.layer) else { return nil }
        let right = showsTokenChange(rect) ? tokenChangeWidth + 1 : 0
        let content = Rect(
            x: rect.x, y: rect.y + 1, width: rect.width - right, height: rect.height - 1 - similarityFooterLines)
        return tokenMatrix(state: state, content: content, labels: enc.tokens.map(\.text))
    }

    // MARK: compare

    /// Lines under the compare heatmap: the value read-out with the legend, and the match summary.
    static func compareFooterLines(_ rect: Rect) -> Int { rect.height >= 12 ? 2 : 1 }

    /// The widest cell of the compare view (cells grow to fill the width up to this).
    static let compareMaxCellWidth = 18
    /// The tallest row of the compare view, in lines.
    static let compareMaxRowLines = 5

    /// The column labels of the compare view: `emb`, `L1` ... `LL`.
    static func compareColumnLabels(layers: Int) -> [String] {
        (0...max(0, layers)).map { $0 == 0 ? "emb" : "L\($0)" }
    }

    /// The compare heatmap in the view's `rect`: sentence A's tokens down, layers 0...L across, cells as wide
    /// (up to `compareMaxCellWidth`) and rows as tall (up to `compareMaxRowLines`) as the room allows, a window that
    /// follows the selected token when the rows do not fit. Nil before the comparison exists.
    static func compare(state: AppState, rect: Rect) -> HeatmapGeometry? {
        guard let enc = state.encoding, state.comparison != nil else { return nil }
        let content = Rect(
            x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - compareFooterLines(rect))
        let labels = enc.tokens.map(\.text)
        guard content.height >= 2, content.width >= 12, !labels.isEmpty else { return nil }
        let columns = compareColumnLabels(layers: state.layerCount)
        let labelWidth = HeatmapGeometry.labelWidth(labels, half: false, rect: content, maxLabelWidth: 14)
        let availW = max(1, content.width - labelWidth - 1)
        let cw = min(compareMaxCellWidth, max(2, availW / columns.count))
        let header = cw >= 4 ? 1 : 2
        let rowLines = min(compareMaxRowLines, max(1, (content.height - header) / labels.count))
        return HeatmapGeometry.make(
            rect: content, rows: labels.count, cols: columns.count, rowLabels: labels, header: .labels(columns),
            scales: [HeatmapGeometry.Scale(rowLines: rowLines, cellWidth: cw)],
            focusRow: state.hover?.row ?? state.selectedToken, focusCol: state.hover?.col ?? state.layer)
    }
}
