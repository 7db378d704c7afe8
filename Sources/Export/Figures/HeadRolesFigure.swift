import BertKit
import ScopeUI

/// Every head's roles (Clark et al. 2019) as small heatmaps, one per role: layers down, heads across, each cell the
/// head's share of attention on `[CLS]`, `[SEP]`, punctuation, the previous, same or next token; a head whose share
/// passes the threshold in that role (its dominant role) is outlined, and a last panel names each head's role.
enum HeadRolesFigure {
    /// The six role columns drawn as panels (entropy is no share: it is in the table, not here).
    static let panels: [HeadRoles.Column] = [.cls, .sep, .punctuation, .previous, .same, .next]

    /// Builds the figure of `roles`; the header is the encoding's (one sentence) or `lines` (a corpus).
    static func make(
        _ roles: HeadRoles, title: String, encoding: Encoding?, lines: [String], palette p: FigurePalette,
        font f: FigureFont
    ) throws -> Figure {
        guard roles.layers > 0, roles.heads > 0 else {
            throw ExportError.nothingToShow("--view heads: the model has no attention heads")
        }
        let m = FigureParts.margin
        let g = FigureParts.gap
        let cell = roles.heads >= 12 ? 16 : 24
        let ts = 2
        let panelW = roles.heads * cell
        let panelH = roles.layers * cell
        let rowLabelW = f.width("L\(roles.layers)", scale: ts)
        let panelGap = 16
        let gridX = m + rowLabelW + g
        let panelCount = panels.count + 1
        let barX = gridX + panelCount * panelW + (panelCount - 1) * panelGap + 24
        let caption = "share"
        let width = max(
            FigureParts.minWidth,
            barX + FigureParts.colorBarWidth(lo: 0, hi: 1, caption: caption, scale: ts, font: f) + m)
        var fig = Figure(title: title, width: width, height: 0, background: p.background)
        var y: Int
        if let encoding {
            y = FigureParts.header(into: &fig, title: title, encoding: encoding, palette: p, font: f, extra: lines)
        } else {
            y = m
            for (i, s) in ([title] + lines).enumerated() {
                y += f.ascent(2)
                let text = TextFit.truncate(s, maxWidth: width - 2 * m, scale: 2, font: f, bold: i == 0)
                fig.add(
                    .text(FigureText(text, x: m, baseline: y, scale: 2, color: i == 0 ? p.text : p.muted, bold: i == 0))
                )
                y += f.descent(2) + (i == 0 ? 6 : 2)
            }
            y += 10
        }
        // panel titles
        let titleBaseline = y + f.ascent(ts)
        let gridY = titleBaseline + f.descent(ts) + g
        func panelX(_ i: Int) -> Int { gridX + i * (panelW + panelGap) }
        for (i, column) in panels.enumerated() {
            let name = "\(column.letter.map(String.init) ?? "") \(column.name)"
            fig.add(
                .text(
                    FigureText(
                        name, x: panelX(i) + panelW / 2, baseline: titleBaseline, scale: ts, color: p.text,
                        anchor: .middle)))
        }
        fig.add(
            .text(
                FigureText(
                    "role", x: panelX(panels.count) + panelW / 2, baseline: titleBaseline, scale: ts, color: p.text,
                    anchor: .middle, bold: true)))
        // layer labels
        for l in 1...roles.layers {
            fig.add(
                .text(
                    FigureText(
                        "L\(l)", x: gridX - g,
                        baseline: gridY + (l - 1) * cell + cell / 2 + FigureParts.centring(ts, font: f),
                        scale: ts, color: p.muted, anchor: .end)))
        }
        for (i, column) in panels.enumerated() {
            var colors: [RGB] = []
            for l in 1...roles.layers {
                for h in 0..<roles.heads { colors.append(p.sequential.color(at: Double(roles[l, h, column]))) }
            }
            let x = panelX(i)
            fig.add(.outline(PixelRect(x: x - 1, y: gridY - 1, width: panelW + 2, height: panelH + 2), color: p.axis))
            let grid = CellGrid(
                x: x, y: gridY, columns: roles.heads, rows: roles.layers, cellWidth: cell, cellHeight: cell,
                colors: colors)
            fig.add(.cells(grid))
            for l in 1...roles.layers {
                for h in 0..<roles.heads where roles.dominant(layer: l, head: h) == column {
                    let r = grid.cellRect(column: h, row: l - 1)
                    fig.add(.outline(r, color: p.accent))
                    fig.add(
                        .outline(
                            PixelRect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 2), color: p.accent
                        ))
                }
            }
        }
        // the role panel: each head's letter on its dominant share's colour
        let rx = panelX(panels.count)
        var roleColors: [RGB] = []
        var letters: [(Int, Int, String, RGB)] = []
        for l in 1...roles.layers {
            for h in 0..<roles.heads {
                let role = roles.dominant(layer: l, head: h)
                let bg = role.map { p.sequential.color(at: Double(roles[l, h, $0])) } ?? p.background
                roleColors.append(bg)
                let ink = role == nil ? p.muted : (bg.luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255))
                letters.append((l, h, role?.letter.map(String.init) ?? "·", ink))
            }
        }
        fig.add(.outline(PixelRect(x: rx - 1, y: gridY - 1, width: panelW + 2, height: panelH + 2), color: p.axis))
        let roleGrid = CellGrid(
            x: rx, y: gridY, columns: roles.heads, rows: roles.layers, cellWidth: cell, cellHeight: cell,
            colors: roleColors)
        fig.add(.cells(roleGrid))
        let ls = 1
        for (l, h, s, ink) in letters {
            let r = roleGrid.cellRect(column: h, row: l - 1)
            fig.add(
                .text(
                    FigureText(
                        s, x: r.x + cell / 2, baseline: r.y + cell / 2 + FigureParts.centring(ls, font: f), scale: ls,
                        color: ink, anchor: .middle, bold: true)))
        }
        // head numbers under each panel: 1 and H
        let headBaseline = gridY + panelH + g + f.ascent(1)
        for i in 0..<panelCount {
            fig.add(
                .text(
                    FigureText(
                        "1", x: panelX(i) + cell / 2, baseline: headBaseline, scale: 1, color: p.muted, anchor: .middle)
                ))
            fig.add(
                .text(
                    FigureText(
                        "\(roles.heads)", x: panelX(i) + panelW - cell / 2, baseline: headBaseline, scale: 1,
                        color: p.muted,
                        anchor: .middle)))
        }
        let barHeight = max(panelH, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(ts), height: barHeight),
            scale: p.sequential, lo: 0, hi: 1, caption: caption, textScale: ts, palette: p, font: f)
        let threshold = Fixed.compact(Double(EncodingAnalysis.headRoleThreshold))
        let notes = [
            "each panel: layers down, heads 1...\(roles.heads) across · [CLS] [SEP] punct: the share of each query's attention on those keys, mean over queries",
            "prev self next: the mean attention to the token before, itself, after",
            "outlined, and named in the role panel: the role whose share reaches \(threshold) (the largest if several); · none",
        ]
        let notesY = max(headBaseline + f.descent(1), gridY + barHeight) + g
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }
}
