import BertKit
import Dispatch
import Foundation
import TestSupport
import XCTest

/// The analysis layer computes each statistic once, only when asked, the same from any thread, and equal to the
/// plain definition of the statistic.
final class EncodingAnalysisTests: XCTestCase {
    let encoding = SyntheticEncoding.make()

    func testNothingIsComputedUntilAskedAndEachValueOnce() {
        let a = EncodingAnalysis(encoding)
        XCTAssertEqual(a.computedCount, 0)
        _ = a.summary(.hidden, layer: 1)
        XCTAssertEqual(a.computedCount, 1, "one layer's summary, not every layer's")
        XCTAssertTrue(a.hasComputed(.init("activation.summary", ActivationKind.hidden.rawValue, 1)))
        XCTAssertFalse(a.hasComputed(.init("activation.summary", ActivationKind.hidden.rawValue, 2)))
        _ = a.summary(.hidden, layer: 1)
        XCTAssertEqual(a.computedCount, 1, "asked again: read from the cache")
        var calls = 0
        let key = EncodingAnalysis.Key("test.counter", 7)
        for _ in 0..<3 {
            _ = a.cached(key) { _ -> Int in
                calls += 1
                return 42
            }
        }
        XCTAssertEqual(calls, 1)
    }

    func testClipIsTheNinetyNinthPercentileAndOutliersAreTheLargestDimensions() throws {
        let a = EncodingAnalysis(encoding)
        let m = encoding.hiddenStates[2]
        let s = try XCTUnwrap(a.summary(.hidden, layer: 2))
        let sorted = m.scalars.map(abs).sorted()
        let k = Int((Double(sorted.count - 1) * 0.99).rounded())
        XCTAssertEqual(s.clip, sorted[k])
        XCTAssertEqual(s.clippedCount, sorted.filter { $0 > s.clip }.count)
        XCTAssertEqual(s.absMax, sorted.last)
        // the synthetic encoding's dimension 3 is scaled up six-fold: it leads the outliers
        XCTAssertEqual(s.outliers.first?.dim, 3)
        let o = try XCTUnwrap(s.outliers.first)
        XCTAssertEqual(m[o.token, o.dim], o.value)
        let perDim = (0..<m.cols).map { d in (0..<m.rows).map { abs(m[$0, d]) }.max() ?? 0 }
        XCTAssertEqual(s.outliers.map(\.dim), Array(perDim.indices.sorted { perDim[$0] > perDim[$1] }.prefix(5)))
        XCTAssertNil(a.summary(.intermediate, layer: 0), "layer 0 has no FFN")
        XCTAssertNotNil(a.summary(.intermediate, layer: 2))
        XCTAssertNil(a.summary(.hidden, layer: 3), "past the last layer")
    }

    func testHiddenStateBinningKeepsTheSignedValueOfLargestMagnitude() throws {
        let a = EncodingAnalysis(encoding)
        let m = encoding.hiddenStates[1]
        let b = try XCTUnwrap(a.binned(.hidden, layer: 1, bin: 5))
        XCTAssertEqual(b.columns, (m.cols + 4) / 5)
        XCTAssertEqual(b.binning, .largestMagnitude)
        let clip = try XCTUnwrap(a.summary(.hidden, layer: 1)).clip
        XCTAssertEqual(b.scale, .diverging(clip: clip), "hidden states keep the diverging ±p99 |x| scale")
        for r in 0..<m.rows {
            for c in 0..<b.columns {
                let group = (c * 5)..<min(m.cols, c * 5 + 5)
                let expected = group.map { m[r, $0] }.max { abs($0) < abs($1) } ?? 0
                XCTAssertEqual(abs(b[r, c]), abs(expected), "row \(r) bin \(c)")
                XCTAssertTrue(group.contains { m[r, $0] == b[r, c] }, "a value of the bin, sign kept")
            }
        }
    }

    func testFFNBinningTakesTheMeanOnASequentialScaleFromTheGELUMinimum() throws {
        let a = EncodingAnalysis(encoding)
        let m = encoding.intermediates[0]
        let b = try XCTUnwrap(a.binned(.intermediate, layer: 1, bin: 5))
        XCTAssertEqual(b.binning, .mean)
        for r in 0..<m.rows {
            for c in 0..<b.columns {
                let group = (c * 5)..<min(m.cols, c * 5 + 5)
                let mean = group.map { m[r, $0] }.reduce(0, +) / Float(group.count)
                XCTAssertEqual(b[r, c], mean, accuracy: 1e-6, "row \(r) bin \(c)")
            }
        }
        guard case .sequential(let low, let high) = b.scale else { return XCTFail("the FFN is on a sequential scale") }
        XCTAssertEqual(low, EncodingAnalysis.geluMinimum)
        // the top is the 99th percentile of the cells: about 1% of them lie above it, none of them below GELU's min
        let above = b.values.filter { $0 > high }.count
        XCTAssertEqual(b.clippedCount, above + b.values.filter { $0 < low }.count)
        XCTAssertLessThanOrEqual(above, b.values.count / 100 + 1)
        XCTAssertEqual(b.scale.position(high), 1)
        XCTAssertEqual(b.scale.position(low), 0)
        XCTAssertGreaterThan(b.scale.position(0), 0, "0 sits above the negative sliver, not at the bottom")
        XCTAssertTrue(b.scale.position(.nan).isNaN, "NaN stays NaN")
    }

    func testGELUMinimumIsTheMinimumOfTheExactGELU() {
        // x·Φ(x), Φ from erf, sampled finely around its minimum
        let gelu = { (x: Double) in x * 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        let smallest = stride(from: -3.0, through: 0, by: 1e-4).map(gelu).min() ?? 0
        XCTAssertEqual(Double(EncodingAnalysis.geluMinimum), smallest, accuracy: 1e-6)
    }

    func testHeadMeanAndMaxReduceOverHeads() throws {
        let a = EncodingAnalysis(encoding)
        let heads = encoding.attentions[1]
        let mean = try XCTUnwrap(a.attention(layer: 2, .mean))
        let max = try XCTUnwrap(a.attention(layer: 2, .max))
        let t = encoding.tokenCount
        for i in 0..<t {
            for j in 0..<t {
                let v = heads.map { $0[i, j] }
                XCTAssertEqual(mean[i * t + j], v.reduce(0, +) / Float(v.count), accuracy: 1e-6)
                XCTAssertEqual(max[i * t + j], v.max())
            }
        }
        XCTAssertNil(a.attention(layer: 0, .mean), "layer 0 has no attention")
        XCTAssertNil(a.attention(layer: 1, head: heads.count))
    }

    func testPoolerComparisonAndHistogramsFollowTheirDefinitions() throws {
        let a = EncodingAnalysis(encoding)
        let c = a.pooler
        let pooler = try XCTUnwrap(encoding.poolerOutput)
        XCTAssertEqual(c.cls, encoding.clsVector)
        XCTAssertEqual(c.saturated, pooler.filter { abs($0) > EncodingAnalysis.saturationThreshold }.count)
        XCTAssertEqual(EncodingAnalysis.saturationLabel, "|x|>0.9")
        let mean = (0..<encoding.lastHiddenState.cols).map { d in
            (0..<encoding.tokenCount).map { encoding.lastHiddenState[$0, d] }.reduce(0, +) / Float(encoding.tokenCount)
        }
        XCTAssertEqual(maxAbsDifference(c.meanPooled, mean), 0, accuracy: 1e-6)
        XCTAssertEqual(c.layerCosines.count, encoding.hiddenStates.count)
        XCTAssertEqual(c.lastHiddenMaxDifference, 0)
        let h = try XCTUnwrap(a.histogram(.pooler, bins: 10))
        XCTAssertEqual(h.range, -1...1, "a tanh output is binned over its whole range")
        XCTAssertEqual(h.counts.reduce(0, +), pooler.count)
        let hc = try XCTUnwrap(a.histogram(.cls, bins: 7))
        XCTAssertEqual(hc.range.upperBound, c.cls.map(abs).max())
        XCTAssertEqual(hc.range.lowerBound, -hc.range.upperBound, "symmetric: 0 in the middle")
    }

    func testConcurrentReadersAllGetTheSameValues() {
        let a = EncodingAnalysis(encoding)
        let layers = encoding.hiddenStates.count
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let s = a.summary(.hidden, layer: i % layers)
            _ = a.pooler
            _ = a.binned(.hidden, layer: i % layers, bin: 1 + (i / layers) % 3)
            results.set(i, s?.clip ?? -1)
        }
        for i in 0..<64 {
            XCTAssertEqual(results.get(i), a.summary(.hidden, layer: i % layers)?.clip)
        }
        XCTAssertEqual(a.computedCount, layers + 1 + layers * 3, "each value stored once")
    }
}

/// Values written from concurrent test threads.
private final class Results: @unchecked Sendable {
    private var values: [Int: Float] = [:]
    private let lock = NSLock()
    func set(_ i: Int, _ v: Float) {
        lock.lock()
        values[i] = v
        lock.unlock()
    }
    func get(_ i: Int) -> Float? {
        lock.lock()
        defer { lock.unlock() }
        return values[i]
    }
}
