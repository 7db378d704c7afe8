import BertKit
import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

final class FigureTests: XCTestCase {
    let encoding = SyntheticEncoding.make()
    let palette = FigurePalette.standard

    /// The single cell grid of a figure (heatmaps have exactly one).
    func grid(_ fig: Figure) throws -> CellGrid {
        let grids = fig.elements.compactMap { e -> CellGrid? in
            if case .cells(let g) = e { return g }
            return nil
        }
        XCTAssertEqual(grids.count, 1)
        return try XCTUnwrap(grids.first)
    }

    /// Writes the figure's PNG to disk and reads it back through libpng's file API.
    func roundTrip(_ fig: Figure) throws -> Raster {
        let path = NSTemporaryDirectory() + "bertscope-figure-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeFile.write(try fig.png(), to: path)
        return try PNGCodec.read(contentsOf: path, channels: .rgb)
    }

    func testAttentionPNGCellsHaveTheThemeColourOfTheirWeight() throws {
        let fig = try Figures.make(
            .attention(layer: 2, head: .single(1)), encoding: encoding, options: FigureOptions(selectedToken: 2))
        let png = try roundTrip(fig)
        XCTAssertEqual(png.width, fig.width)
        XCTAssertEqual(png.height, fig.height)
        let g = try grid(fig)
        let m = encoding.attentions[1][1]
        let vmax = Double(m.scalars.max() ?? 1)
        XCTAssertEqual(g.columns, encoding.tokenCount)
        XCTAssertEqual(g.cellWidth, g.cellHeight, "attention cells are square")
        for i in 0..<m.rows {
            for j in 0..<m.cols {
                let r = g.cellRect(column: j, row: i)
                let expected = palette.sequential.color(at: Double(m[i, j]) / vmax)
                XCTAssertEqual(png.color(x: r.x + r.width / 2, y: r.y + r.height / 2), expected, "cell \(i),\(j)")
            }
        }
        // The strongest weight is drawn in the scale's top colour.
        XCTAssertTrue(g.colors.contains(palette.sequential.stops.last ?? RGB(0, 0, 0)))
    }

    func testMeanAndMaxHeadsReduceOverHeads() throws {
        let mean = try AttentionValues.matrix(EncodingAnalysis(encoding), layer: 1, head: .mean)
        let max = try AttentionValues.matrix(EncodingAnalysis(encoding), layer: 1, head: .max)
        let heads = encoding.attentions[0]
        let k = 3 * encoding.tokenCount + 5
        let values = heads.map { $0.scalars[$0.scalars.startIndex + k] }
        XCTAssertEqual(mean[k], values.reduce(0, +) / Float(values.count), accuracy: 1e-6)
        XCTAssertEqual(max[k], values.max() ?? -1)
    }

    func testActivationPNGCellsUseTheDivergingScaleClippedAtTheNinetyNinthPercentile() throws {
        let fig = try Figures.make(.activations(layer: 1), encoding: encoding)
        let png = try roundTrip(fig)
        let g = try grid(fig)
        let h = encoding.hiddenStates[1]
        XCTAssertEqual(g.columns, h.cols, "16 dimensions fit without binning")
        let clip = Double(VectorMath.absQuantile(h.scalars, 0.99))
        var clippedCells = 0
        for i in 0..<h.rows {
            for k in 0..<h.cols {
                let v = Double(h[i, k])
                if abs(v) > clip { clippedCells += 1 }
                let expected = palette.diverging.divergingColor(Swift.min(1, Swift.max(-1, v / clip)))
                let r = g.cellRect(column: k, row: i)
                XCTAssertEqual(png.color(x: r.x + r.width / 2, y: r.y + r.height / 2), expected, "cell \(i),\(k)")
            }
        }
        XCTAssertGreaterThan(clippedCells, 0, "the outlier dimension is clipped, not the scale")
    }

    func testWideHiddenStatesAreBinnedKeepingTheLargestMagnitude() throws {
        let config = BertConfig(
            vocabSize: 100, hiddenSize: 3000, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 16,
            maxPositionEmbeddings: 64)
        let e = SyntheticEncoding.make(config: config)
        let fig = try Figures.make(.activations(layer: 1), encoding: e)
        let g = try grid(fig)
        let bin = (3000 * 2 + ActivationFigure.defaultGridWidth - 1) / ActivationFigure.defaultGridWidth
        XCTAssertEqual(g.columns, (3000 + bin - 1) / bin)
        XCTAssertLessThanOrEqual(g.frame.width, ActivationFigure.defaultGridWidth)
        // The first column shows the largest-|x| value among the first `bin` dimensions of token 0.
        let row = e.hiddenStates[1].row(0)
        let v = row.prefix(bin).max { abs($0) < abs($1) } ?? 0
        let clip = Double(VectorMath.absQuantile(e.hiddenStates[1].scalars, 0.99))
        XCTAssertEqual(
            g.colors[0], FigurePalette.standard.diverging.divergingColor(Swift.min(1, Swift.max(-1, Double(v) / clip))))
    }

    func testWideFFNActivationsAreBinnedByTheMeanOnTheGELUScale() throws {
        let config = BertConfig(
            vocabSize: 100, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 3000,
            maxPositionEmbeddings: 64)
        let e = SyntheticEncoding.make(config: config)
        let fig = try Figures.make(.intermediate(layer: 1), encoding: e)
        let g = try grid(fig)
        let bin = (3000 * 2 + ActivationFigure.defaultGridWidth - 1) / ActivationFigure.defaultGridWidth
        XCTAssertEqual(g.columns, (3000 + bin - 1) / bin)
        // The first column shows the mean of the first `bin` dimensions of token 0, on the sequential scale from
        // GELU's minimum to the 99th percentile of the cells (what the explorer's FFN view shows).
        let binned = try XCTUnwrap(EncodingAnalysis(e).binned(.intermediate, layer: 1, bin: bin))
        let row = e.intermediates[0].row(0)
        let mean = row.prefix(bin).reduce(0, +) / Float(bin)
        XCTAssertEqual(binned[0, 0], mean, accuracy: 1e-5)
        guard case .sequential(let low, let high) = binned.scale else { return XCTFail("a sequential scale") }
        let t = Swift.min(1, Swift.max(0, (Double(mean) - Double(low)) / (Double(high) - Double(low))))
        XCTAssertEqual(g.colors[0], FigurePalette.standard.sequential.color(at: t))
        let notes = fig.elements.compactMap { item -> String? in
            if case .text(let t) = item { return t.string }
            return nil
        }
        XCTAssertTrue(notes.contains { $0.contains("GELU's minimum") }, "the footnote names the scale")
        XCTAssertTrue(notes.contains { $0.contains("mean of its bin") }, "the footnote names the binning")
    }

    func testSameInputGivesTheSameBytes() throws {
        for kind: FigureKind in [
            .attention(layer: 1, head: .max), .attentionGrid, .activations(layer: 0), .intermediate(layer: 2), .pooler,
        ] {
            let a = try Figures.make(kind, encoding: SyntheticEncoding.make())
            let b = try Figures.make(kind, encoding: SyntheticEncoding.make())
            XCTAssertEqual(try a.png(), try b.png(), "\(kind)")
            XCTAssertEqual(try a.svg(), try b.svg(), "\(kind)")
        }
    }

    func testLayerZeroHasNoAttentionAndSaysSo() {
        XCTAssertThrowsError(try Figures.make(.attention(layer: 0, head: .mean), encoding: encoding)) { error in
            XCTAssertTrue("\(error)".contains("layer 0 is the embeddings"), "\(error)")
        }
        XCTAssertThrowsError(try Figures.make(.intermediate(layer: 0), encoding: encoding))
        XCTAssertNoThrow(try Figures.make(.activations(layer: 0), encoding: encoding))
    }

    func testOutOfRangeLayersAndHeadsNameTheValidRange() {
        XCTAssertThrowsError(try Figures.make(.attention(layer: 1, head: .single(4)), encoding: encoding)) { error in
            XCTAssertEqual("\(error)", "head 5 does not exist: synthetic-bert has heads 1 to 4")
        }
        XCTAssertThrowsError(try Figures.make(.attention(layer: 3, head: .mean), encoding: encoding)) { error in
            XCTAssertEqual("\(error)", "layer 3 does not exist: synthetic-bert has layers 1 to 2")
        }
        XCTAssertThrowsError(try Figures.make(.activations(layer: 3), encoding: encoding))
    }

    func testASizeRequestShrinksTheCells() throws {
        let big = try Figures.make(.attention(layer: 1, head: .mean), encoding: encoding)
        let small = try Figures.make(
            .attention(layer: 1, head: .mean), encoding: encoding, options: FigureOptions(maxWidth: 400, maxHeight: 400)
        )
        // Solved at the narrowest figure's width, then the page is scaled to exactly 400x400.
        XCTAssertLessThanOrEqual(small.width, 520)
        let page = FigureCanvas.exactly(width: 400, height: 400).placement(of: small)
        XCTAssertLessThan(Double(try grid(small).cellWidth) * page.scale, Double(try grid(big).cellWidth))
    }

    func testAPairLabelsSentenceBInItsOwnColour() throws {
        let e = SyntheticEncoding.make()
        let tokens = e.tokens.enumerated().map { i, t in
            Token(id: t.id, text: t.text, segment: i > 3 ? 1 : 0, span: t.span)
        }
        let pair = Encoding(
            modelName: e.modelName, config: e.config,
            input: TokenizedInput(textA: "hello, my", textB: "dog is cute", tokens: tokens, truncation: nil),
            hiddenStates: e.hiddenStates, attentions: e.attentions, intermediates: e.intermediates,
            poolerOutput: e.poolerOutput,
            forwardSeconds: 0)
        let fig = try Figures.make(.attention(layer: 1, head: .mean), encoding: pair)
        let labels = fig.elements.compactMap { e -> FigureText? in
            if case .text(let t) = e, t.string == "dog" { return t }
            return nil
        }
        XCTAssertEqual(labels.count, 2, "row and column label")
        XCTAssertTrue(labels.allSatisfy { $0.color == FigurePalette.standard.segmentB })
        XCTAssertTrue(try fig.svg().contains("B: \u{201C}dog is cute\u{201D}"))
    }

    func testAPoolerlessCheckpointStillGetsAPanel() throws {
        let e = SyntheticEncoding.make()
        let noPooler = Encoding(
            modelName: e.modelName, config: e.config, input: e.input, hiddenStates: e.hiddenStates,
            attentions: e.attentions,
            intermediates: e.intermediates, poolerOutput: nil, forwardSeconds: 0)
        let svg = try Figures.make(.pooler, encoding: noPooler).svg()
        XCTAssertTrue(svg.contains("no pooler weights"))
    }
}
