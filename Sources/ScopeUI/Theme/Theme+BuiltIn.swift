extension Theme {
    /// The built-in default, identical to `themes/dark.toml` (a test keeps the two in step), so bertscope
    /// works when the `themes/` folder is missing.
    public static let builtIn = Theme(
        name: "dark",
        colors: [
            .background: .terminalDefault,
            .text: .rgb(RGB(0xd0, 0xd0, 0xd0)),
            .dimText: .rgb(RGB(0x8a, 0x8a, 0x8a)),
            .border: .rgb(RGB(0x4e, 0x4e, 0x4e)),
            .title: .rgb(RGB(0x87, 0xaf, 0xd7)),
            .focus: .rgb(RGB(0xff, 0xd7, 0x5f)),
            .selectionBackground: .rgb(RGB(0x00, 0x5f, 0x87)),
            .selectionText: .rgb(RGB(0xff, 0xff, 0xff)),
            .cursor: .rgb(RGB(0xff, 0xd7, 0x5f)),
            .segmentA: .rgb(RGB(0x87, 0xd7, 0xff)),
            .segmentB: .rgb(RGB(0xff, 0xaf, 0x87)),
            .specialToken: .rgb(RGB(0xaf, 0x87, 0xd7)),
            .statusText: .rgb(RGB(0x1c, 0x1c, 0x1c)),
            .statusBackground: .rgb(RGB(0x87, 0xaf, 0xd7)),
            .warning: .rgb(RGB(0xff, 0x5f, 0x5f)),
            .accent: .rgb(RGB(0xff, 0xd7, 0x5f)),
            .outlier: .rgb(RGB(0xff, 0x87, 0x5f)),
            .histogramCLS: .rgb(RGB(0x87, 0xd7, 0xff)),
            .histogramPooler: .rgb(RGB(0xff, 0xaf, 0x87)),
        ],
        // magma-like: dark (no attention) to bright (all of it)
        sequential: ColorScale([
            RGB(0x10, 0x0b, 0x24), RGB(0x3b, 0x0f, 0x70), RGB(0x8c, 0x29, 0x81), RGB(0xde, 0x49, 0x68),
            RGB(0xfe, 0x9f, 0x6d), RGB(0xfc, 0xfd, 0xbf),
        ]),
        // blue (negative) through near-black (zero) to red (positive): zeros recede on a dark screen
        diverging: ColorScale([
            RGB(0x9e, 0xca, 0xe1), RGB(0x21, 0x71, 0xb5), RGB(0x26, 0x26, 0x26), RGB(0xcb, 0x18, 0x1d),
            RGB(0xfc, 0xae, 0x91),
        ]))
}
