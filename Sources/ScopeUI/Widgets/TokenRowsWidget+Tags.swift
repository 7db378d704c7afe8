import BertKit

/// The line under the tokens: ids (`i`), or what the heads say per token: a token classifier's tag under every
/// token, the MLM head's best guess under every `[MASK]`.
extension TokenRowsWidget {
    /// The text under each token, or nil when there is no second line.
    static func underTexts(_ state: AppState) -> [String]? {
        guard let enc = state.encoding else { return state.showIDs ? [] : nil }
        if state.showIDs { return enc.tokens.map(idText) }
        let heads = enc.heads
        if let tags = heads.tokenTags { return tags.map(\.label) }
        guard !heads.masks.isEmpty else { return nil }
        var out = [String](repeating: "", count: enc.tokenCount)
        for m in heads.masks where m.position < out.count {
            if let best = m.top.first { out[m.position] = "→" + best.token }
        }
        return out
    }

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
