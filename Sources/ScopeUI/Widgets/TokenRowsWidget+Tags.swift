import BertKit

/// The look of the line under the tokens (its texts are `TokenRowsGeometry.underTexts`).
extension TokenRowsWidget {
    /// The style of the text under token `i`: ids dim, a tag in the segment colour unless it is the "outside"
    /// label `O`, a mask's guess in the accent colour.
    static func underStyle(_ state: AppState, token i: Int, palette: Palette) -> Style {
        guard !state.showIDs, let enc = state.encoding else { return palette.style(.dimText) }
        if let tags = enc.heads.tokenTags, i < tags.count {
            return tags[i].label == "O" ? palette.style(.dimText) : palette.style(.accent, [.bold])
        }
        return palette.style(.accent)
    }
}
