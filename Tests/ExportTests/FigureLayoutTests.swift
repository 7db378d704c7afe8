import BertKit
import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

/// The layout is solved with the real font: at every size, no two text boxes overlap, none leaves the page
/// and none covers a heatmap.
final class FigureLayoutTests: XCTestCase {
    let font = FigureFont.system

    static let kinds: [FigureKind] = [
        .attention(layer: 1, head: .mean), .attention(layer: 2, head: .single(0)), .attentionGrid,
        .activations(layer: 0), .activations(layer: 2), .intermediate(layer: 1), .pooler,
    ]
    static let sizes: [(Int, Int)?] = [nil, (320, 240), (480, 360), (800, 600), (1600, 1000), (4000, 4000)]
    static let encodings: [Encoding] = [
        SyntheticEncoding.make(),
        SyntheticEncoding.make(pieces: ["東京", "は", "日本", "の", "首都", "です", "café", "naïve", "résumé", "😀"]),
        SyntheticEncoding.make(pieces: (0..<60).map { $0 % 7 == 0 ? "extraordinarily" : "w\($0)" }),
    ]

    /// Every problem with `fig`'s text: boxes overlapping each other, outside the page, or over cells.
    func problems(_ fig: Figure) -> [String] {
        let page = PixelRect(x: 0, y: 0, width: fig.width, height: fig.height)
        var boxes: [(String, PixelRect)] = []
        var cells: [PixelRect] = []
        for element in fig.elements {
            switch element {
            case .text(let t): boxes.append((t.string, font.box(of: t)))
            case .cells(let g): cells.append(g.frame)
            default: break
            }
        }
        var out: [String] = []
        for (i, (s, b)) in boxes.enumerated() {
            if b.intersection(page) != b { out.append("\"\(s)\" \(b) leaves the \(fig.width)x\(fig.height) page") }
            for c in cells where !b.intersection(c).isEmpty { out.append("\"\(s)\" \(b) covers cells \(c)") }
            for (t, o) in boxes[(i + 1)...] where !b.intersection(o).isEmpty {
                out.append("\"\(s)\" \(b) overlaps \"\(t)\" \(o)")
            }
        }
        return out
    }

    func testNoTextOverlapsOtherTextOrCellsOrLeavesThePageAtAnySize() throws {
        for (n, e) in Self.encodings.enumerated() {
            for kind in Self.kinds {
                for size in Self.sizes {
                    let options = FigureOptions(maxWidth: size?.0, maxHeight: size?.1, selectedToken: 2)
                    let fig = try Figures.make(kind, encoding: e, options: options, font: font)
                    let found = problems(fig)
                    XCTAssertTrue(
                        found.isEmpty,
                        "encoding \(n), \(kind), size \(String(describing: size)):\n"
                            + found.prefix(5).joined(separator: "\n"))
                }
            }
        }
    }

    func testTitlesWrapAtSeparatorsNeverInsideAPhrase() {
        let title = "Attention · layer 6/6 · head mean · all-MiniLM-L6-v2 · 6 layers · hidden 384 · 12 heads · 8 tokens"
        for width in [200, 260, 330, 420] {
            let lines = TextFit.wrapPhrases(title, maxWidth: width, scale: 2, maxLines: 9, font: font)
            XCTAssertEqual(lines.joined(separator: " · "), title, "nothing is lost at \(width)")
            for line in lines {
                XCTAssertLessThanOrEqual(font.width(line, scale: 2), width)
                for phrase in line.components(separatedBy: " · ") {
                    XCTAssertTrue(
                        title.components(separatedBy: " · ").contains(phrase), "\"\(phrase)\" is a whole phrase")
                }
            }
        }
    }

    func testColourBarTicksKeepClearOfTheEndLabels() {
        // 1.80 at the top and a nice tick at 1.5 sit too close on a short bar: the tick's label goes, the end stays.
        for height in [60, 120, 300] {
            let marks = FigureParts.colorBarMarks(lo: -1.8, hi: 1.8, height: height, scale: 2, font: font)
            XCTAssertEqual(marks.first?.1, "-1.80")
            XCTAssertEqual(marks.last?.1, "1.80")
            for (a, b) in zip(marks, marks.dropFirst()) {
                XCTAssertGreaterThanOrEqual(a.2 - b.2, font.lineHeight(2), "\(a.1) and \(b.1) at height \(height)")
            }
        }
    }

    func testThePoolerChartIsDotsAndLinesWithALabelledYAxis() throws {
        let fig = try Figures.make(.pooler, encoding: SyntheticEncoding.make(), font: font)
        let strings = fig.elements.compactMap { if case .text(let t) = $0 { return t.string } else { return nil } }
        for tick in ["-1.0", "-0.5", "0.0", "0.5", "1.0", "cosine", "layer (0 = embeddings)"] {
            XCTAssertTrue(strings.contains(tick), "\(tick) on the chart")
        }
        let dots = fig.elements.filter {
            if case .rect(let r, _) = $0 { return r.width == 7 && r.height == 7 } else { return false }
        }
        XCTAssertEqual(dots.count, SyntheticEncoding.make().hiddenStates.count, "one dot per layer")
    }
}
