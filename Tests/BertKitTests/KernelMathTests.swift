import CBertKernels
import Foundation
import XCTest

@testable import BertKit

/// The vector exp, erf and GELU against Double over dense grids, and the row kernels against Double
/// implementations of what torch computes. They run on every CPU: the entry points pick the AVX-512, AVX2 or
/// portable copy, which give the same bits (KernelCopiesTests).
final class KernelMathTests: XCTestCase {
    /// `count` evenly spaced floats over `range` (a count that is not a multiple of 16, so tails run too).
    static func grid(_ range: ClosedRange<Float>, count: Int) -> [Float] {
        (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Float($0) / Float(count - 1) }
    }

    static func apply(_ f: (UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>) -> Void, _ x: [Float]) -> [Float] {
        var out = [Float](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { f(xp.baseAddress!, x.count, $0.baseAddress!) }
        }
        return out
    }

    /// Distance in units in the last place of the float nearest `exact`.
    static func ulps(_ got: Float, _ exact: Double) -> Double {
        abs(Double(got) - exact) / Double(Float(exact).ulp)
    }

    func testErfIsWithinTwoUlpsEverywhere() {
        let x = Self.grid(-6...6, count: 600_001) + [0, -0.0, 1e-30, -1e-20, 0.921875, -0.921875, 3.92, 10, -50]
        let y = Self.apply({ cbk_erf($0, $1, $2) }, x)
        var worst: Double = 0
        for (v, e) in zip(x, y) where v != 0 { worst = max(worst, Self.ulps(e, Foundation.erf(Double(v)))) }
        print("erf: worst \(worst) ulp")
        XCTAssertLessThanOrEqual(worst, 2)
        XCTAssertEqual(y[x.count - 9], 0)
    }

    func testExpIsWithinTwoUlpsOverTheSoftmaxRange() {
        let x = Self.grid(-87...88, count: 400_001) + [0, -1e-8, 1e-8, -0.5, 0.5]
        let y = Self.apply({ cbk_exp($0, $1, $2) }, x)
        var worst: Double = 0
        for (v, e) in zip(x, y) { worst = max(worst, Self.ulps(e, Foundation.exp(Double(v)))) }
        print("exp: worst \(worst) ulp")
        XCTAssertLessThanOrEqual(worst, 2)
    }

    func testExpOfVeryNegativeInputsIsTinyNotNaN() {
        let y = Self.apply({ cbk_exp($0, $1, $2) }, [-100, -1000, -.infinity])
        for v in y { XCTAssertTrue(v >= 0 && v < 1e-37, "\(v)") }
    }

    func testGELUMatchesTheExactErfFormula() {
        let x = Self.grid(-12...12, count: 200_003)
        let y = Self.apply({ cbk_gelu($0, $1, $2) }, x)
        var worst: Double = 0
        for (v, g) in zip(x, y) {
            let d = Double(v)
            let exact = 0.5 * d * (1 + Foundation.erf(d / 2.0.squareRoot()))
            worst = max(worst, abs(Double(g) - exact) / max(1, abs(exact)))
        }
        print("gelu: worst relative error \(worst)")
        XCTAssertLessThanOrEqual(worst, 4e-7)
    }

    func testSoftmaxMatchesDouble() {
        for n in [1, 5, 16, 17, 40, 128, 511] {
            var row = KernelGEMMTests.values(n, seed: UInt64(n)).map { $0 * 12 }
            let ref = row.map(Double.init)
            let m = ref.max() ?? 0
            let e = ref.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            row.withUnsafeMutableBufferPointer { cbk_softmax($0.baseAddress!, n) }
            for (got, want) in zip(row, e.map { $0 / s }) {
                XCTAssertEqual(Double(got), want, accuracy: 2e-7, "n \(n)")
            }
        }
    }

    func testLayerNormMatchesDouble() {
        for n in [8, 32, 37, 384, 768] {
            let x = KernelGEMMTests.values(n, seed: 7).enumerated().map { $0.element * 3 + ($0.offset == 5 ? 40 : 2) }
            let gamma = KernelGEMMTests.values(n, seed: 8)
            let beta = KernelGEMMTests.values(n, seed: 9)
            var out = [Float](repeating: .nan, count: n)
            x.withUnsafeBufferPointer { xp in
                gamma.withUnsafeBufferPointer { gp in
                    beta.withUnsafeBufferPointer { bp in
                        out.withUnsafeMutableBufferPointer {
                            cbk_layer_norm(xp.baseAddress!, n, gp.baseAddress!, bp.baseAddress!, 1e-12, $0.baseAddress!)
                        }
                    }
                }
            }
            let d = x.map(Double.init)
            let mean = d.reduce(0, +) / Double(n)
            let variance = d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            for j in 0..<n {
                let want = (d[j] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[j]) + Double(beta[j])
                XCTAssertEqual(Double(out[j]), want, accuracy: 1e-5, "n \(n) j \(j)")
            }
        }
    }

    func testLayerNormInPlace() {
        var x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
        let ones = [Float](repeating: 1, count: x.count)
        let zeros = [Float](repeating: 0, count: x.count)
        x.withUnsafeMutableBufferPointer { p in
            cbk_layer_norm(p.baseAddress!, p.count, ones, zeros, 0, p.baseAddress!)
        }
        XCTAssertEqual(Double(x[8]), 0, accuracy: 1e-6)
        XCTAssertEqual(Double(x.map { $0 * $0 }.reduce(0, +)) / 17, 1, accuracy: 1e-5)
    }
}
