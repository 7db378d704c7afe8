import BertKit

/// The figures bertscope exports, made from an encoding and a palette.
public enum Figures {
    /// Builds the figure of `kind`; throws `ExportError` when the encoding has nothing to show for it
    /// (attention at layer 0) or an option is out of range.
    public static func make(
        _ kind: FigureKind, encoding e: Encoding, palette: FigurePalette = .standard, options: FigureOptions = FigureOptions()
    ) throws -> Figure {
        try make(kind, analysis: EncodingAnalysis(e), palette: palette, options: options)
    }

    /// Builds the figure of `kind` from an analysis the screen may already hold, so the figure reads the very
    /// numbers (clip, binning, outliers, pooler statistics) the screen shows.
    public static func make(
        _ kind: FigureKind, analysis e: EncodingAnalysis, palette: FigurePalette = .standard,
        options: FigureOptions = FigureOptions()
    ) throws -> Figure {
        switch kind {
        case .attention(let layer, let head):
            return try AttentionFigure.make(e, layer: layer, head: head, palette: palette, options: options)
        case .attentionGrid:
            return try AttentionGridFigure.make(e, palette: palette, options: options)
        case .activations(let layer):
            return try ActivationFigure.make(e, source: .hidden(layer: layer), palette: palette, options: options)
        case .intermediate(let layer):
            return try ActivationFigure.make(e, source: .intermediate(layer: layer), palette: palette, options: options)
        case .pooler:
            return try PoolerFigure.make(e, palette: palette, options: options)
        }
    }
}
