import BertKit

/// The figures bertscope exports, made from an encoding and a palette.
public enum Figures {
    /// Builds the figure of `kind`, its text measured with `font` (draw it with the same one); throws
    /// `ExportError` when the encoding has nothing to show for it (attention at layer 0) or an option is out
    /// of range.
    public static func make(
        _ kind: FigureKind, encoding e: Encoding, palette: FigurePalette = .standard,
        options: FigureOptions = FigureOptions(),
        font: FigureFont = .system
    ) throws -> Figure {
        try make(kind, analysis: EncodingAnalysis(e), palette: palette, options: options, font: font)
    }

    /// Builds the figure of `kind` from an analysis the screen may already hold, so the figure reads the very
    /// numbers (clip, binning, outliers, pooler statistics) the screen shows.
    public static func make(
        _ kind: FigureKind, analysis e: EncodingAnalysis, palette: FigurePalette = .standard,
        options: FigureOptions = FigureOptions(), font: FigureFont = .system
    ) throws -> Figure {
        switch kind {
        case .attention(let layer, let head):
            return try AttentionFigure.make(e, layer: layer, head: head, palette: palette, options: options, font: font)
        case .norms(let layer, let head):
            return try AttentionFigure.make(
                e, layer: layer, head: head, source: .norms, palette: palette, options: options, font: font)
        case .rollout(let layer):
            return try AttentionFigure.make(
                e, layer: layer, head: .mean, source: .rollout, palette: palette, options: options, font: font)
        case .flow(let layer):
            return try AttentionFigure.make(
                e, layer: layer, head: .mean, source: .flow, palette: palette, options: options, font: font)
        case .attentionGrid:
            return try AttentionGridFigure.make(e, palette: palette, options: options, font: font)
        case .activations(let layer):
            return try ActivationFigure.make(
                e, source: .hidden(layer: layer), palette: palette, options: options, font: font)
        case .intermediate(let layer):
            return try ActivationFigure.make(
                e, source: .intermediate(layer: layer), palette: palette, options: options, font: font)
        case .pooler:
            return try PoolerFigure.make(e, palette: palette, options: options, font: font)
        case .predictions:
            return try PredictionsFigure.make(e, palette: palette, options: options, font: font)
        case .headRoles:
            return try HeadRolesFigure.make(
                e.headRoles, title: "Head roles · Clark et al. 2019", encoding: e.encoding, lines: [], palette: palette,
                font: font)
        case .similarity(let layer):
            return try SimilarityFigure.make(e, layer: layer, palette: palette, options: options, font: font)
        }
    }

    /// Head roles averaged over a corpus (`bertscope heads --corpus -o`): the `.headRoles` figure without a
    /// sentence, `subtitle` saying what was averaged.
    public static func headRoles(
        _ roles: HeadRoles, subtitle: String, modelName: String, palette: FigurePalette = .standard,
        font: FigureFont = .system
    ) throws -> Figure {
        try HeadRolesFigure.make(
            roles, title: "Head roles · Clark et al. 2019 · \(modelName)", encoding: nil, lines: [subtitle],
            palette: palette, font: font)
    }

    /// The compare figure: per token of the first sentence and layer, the cosine with its match in the second.
    public static func compare(
        _ comparison: EncodingComparison, palette: FigurePalette = .standard, options: FigureOptions = FigureOptions(),
        font: FigureFont = .system
    ) throws -> Figure {
        try CompareFigure.make(comparison, palette: palette, options: options, font: font)
    }
}
