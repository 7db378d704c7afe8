/// A named colour role: what a colour is for, not which colour it is. Themes map roles to colours.
///
/// The raw value is the key a theme file uses under `[colors]`.
public enum ThemeRole: String, Sendable, CaseIterable, Hashable {
    /// Behind everything (`"default"` in a theme file keeps the terminal's own background).
    case background
    /// Ordinary text.
    case text
    /// Secondary text: hints, units, axis labels.
    case dimText = "dim_text"
    /// Panel rules and separators.
    case border
    /// Panel titles.
    case title
    /// The title of the panel that has the keyboard focus.
    case focus
    /// Background of the selected token (token row, heatmap labels, input span).
    case selectionBackground = "selection_bg"
    /// Text on the selection background.
    case selectionText = "selection_fg"
    /// The text cursor in the input line.
    case cursor
    /// Tokens of sentence A (token_type_ids 0).
    case segmentA = "segment_a"
    /// Tokens of sentence B (token_type_ids 1).
    case segmentB = "segment_b"
    /// `[CLS]` and `[SEP]`.
    case specialToken = "special_token"
    /// Status bar text.
    case statusText = "status_fg"
    /// Status bar background.
    case statusBackground = "status_bg"
    /// Warnings and errors (truncation, encode errors, "too small").
    case warning
    /// The slider knob and other things to look at first.
    case accent
    /// Outlier dimensions and saturated values.
    case outlier
    /// Histogram bars of the [CLS] vector.
    case histogramCLS = "histogram_cls"
    /// Histogram bars of pooler_output.
    case histogramPooler = "histogram_pooler"

    /// One line describing the role, for documentation and error messages.
    public var summary: String {
        switch self {
        case .background: return "background behind everything (\"default\" = the terminal's)"
        case .text: return "ordinary text"
        case .dimText: return "secondary text, hints and axis labels"
        case .border: return "panel rules and separators"
        case .title: return "panel titles"
        case .focus: return "title of the focused panel"
        case .selectionBackground: return "background of the selected token"
        case .selectionText: return "text on the selection background"
        case .cursor: return "the input line's cursor"
        case .segmentA: return "sentence A tokens"
        case .segmentB: return "sentence B tokens"
        case .specialToken: return "[CLS] and [SEP]"
        case .statusText: return "status bar text"
        case .statusBackground: return "status bar background"
        case .warning: return "warnings and errors"
        case .accent: return "slider knob and highlights"
        case .outlier: return "outlier dimensions, saturated values"
        case .histogramCLS: return "histogram of the [CLS] vector"
        case .histogramPooler: return "histogram of pooler_output"
        }
    }
}
