import Foundation
import XCTest

@testable import BertKit

/// The panel GEMM against a Double reference on awkward shapes: row counts around the 8- and 4-row tiles,
/// ragged last panels, tiny and odd depths, strided operands, every epilogue, and a thread's share of panels.
/// Runs on every CPU (the AVX-512 or AVX2 copy where it can, the portable one elsewhere).
final class KernelGEMMTests: XCTestCase {
    /// Deterministic values in [-1, 1).
    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(state >> 40) - (1 << 23)) / Float(1 << 23)
        }
    }

    /// Packs `w` (n, k) as HF stores a dense weight, multiplies, and compares with Double arithmetic.
    func check(
        m: Int, n: Int, k: Int, epilogue kind: String, panels: Range<Int>? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let lda = k + 3
        let ldc = n + 5
        let a = Self.values(m * lda, seed: 1)
        let w = Self.values(n * k, seed: 2)
        let bias = Self.values(n + 32, seed: 3)
        let residual = Self.values(m * ldc, seed: 4)
        var packed = [Float](repeating: .nan, count: PanelLayout.packedCount(outputs: n, inputs: k))
        var c = [Float](repeating: -7, count: m * ldc)
        packed.withUnsafeMutableBufferPointer { p in
            w.withUnsafeBufferPointer { wp in
                PanelLayout.pack(count: n, length: k, into: p.baseAddress!) { wp.baseAddress! + $0 * k }
            }
        }
        let share = panels ?? 0..<((n + 31) / 32)
        let epilogue: (UnsafePointer<Float>, UnsafePointer<Float>) -> Epilogue = { bias, residual in
            switch kind {
            case "store": return .store
            case "scale": return .scale(0.25)
            case "bias": return .bias(bias)
            case "gelu": return .biasGELU(bias)
            default: return .biasResidual(bias, residual: residual, stride: ldc)
            }
        }
        packed.withUnsafeBufferPointer { pp in
            let b = PanelOperand.packed(pp.baseAddress!, columns: n, depth: k)
            a.withUnsafeBufferPointer { ap in
                bias.withUnsafeBufferPointer { bp in
                    residual.withUnsafeBufferPointer { rp in
                        c.withUnsafeMutableBufferPointer { cp in
                            PanelLayout.multiply(
                                a: ap.baseAddress!, lda: lda, rows: m, b: b, panels: share, c: cp.baseAddress!,
                                ldc: ldc,
                                epilogue: epilogue(bp.baseAddress!, rp.baseAddress!))
                        }
                    }
                }
            }
        }
        let columns = (share.lowerBound * 32)..<min(n, share.upperBound * 32)
        var worst: Double = 0
        for r in 0..<m {
            for j in 0..<ldc {
                let got = c[r * ldc + j]
                guard columns.contains(j) else {
                    XCTAssertEqual(got, -7, "wrote outside its columns at (\(r), \(j))", file: file, line: line)
                    continue
                }
                var s: Double = 0
                for kk in 0..<k { s += Double(a[r * lda + kk]) * Double(w[j * k + kk]) }
                switch kind {
                case "store": break
                case "scale": s *= 0.25
                case "bias": s += Double(bias[j])
                case "gelu":
                    s += Double(bias[j])
                    s = 0.5 * s * (1 + Foundation.erf(s / 2.0.squareRoot()))
                default: s += Double(bias[j]) + Double(residual[r * ldc + j])
                }
                worst = max(worst, abs(Double(got) - s))
            }
        }
        // Float accumulation over k terms of size <= 1.
        XCTAssertLessThanOrEqual(
            worst, 2e-6 * Double(k).squareRoot() + 1e-6, "m \(m) n \(n) k \(k) \(kind)", file: file, line: line)
    }

    func testRowCountsAroundTheTileSizes() {
        for m in [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 31, 33] { check(m: m, n: 64, k: 40, epilogue: "bias") }
    }

    func testRaggedColumnsAndOddDepths() {
        for (n, k) in [(1, 1), (8, 32), (17, 5), (31, 16), (33, 64), (70, 37), (96, 128)] {
            check(m: 11, n: n, k: k, epilogue: "bias")
        }
    }

    func testEveryEpilogue() {
        for kind in ["store", "scale", "bias", "gelu", "residual"] {
            check(m: 13, n: 50, k: 48, epilogue: kind)
        }
    }

    func testAThreadsShareOfPanelsWritesOnlyItsColumns() {
        check(m: 9, n: 100, k: 20, epilogue: "residual", panels: 1..<3)
        check(m: 9, n: 100, k: 20, epilogue: "gelu", panels: 3..<4)
    }

    /// The value operand of attention: a row-major (K, N) matrix read with a row stride, not packed.
    func testStridedRowMajorOperand() {
        let m = 10
        let k = 12
        let n = 24
        let ld = 80
        let a = Self.values(m * k, seed: 5)
        let v = Self.values(k * ld + 32, seed: 6)
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { ap in
            v.withUnsafeBufferPointer { vp in
                c.withUnsafeMutableBufferPointer { cp in
                    let b = PanelOperand(
                        base: vp.baseAddress! + 3, depth: k, columns: n, rowStride: ld, panelStride: 32)
                    PanelLayout.multiply(
                        a: ap.baseAddress!, lda: k, rows: m, b: b, panels: 0..<b.panelCount, c: cp.baseAddress!, ldc: n,
                        epilogue: .store)
                }
            }
        }
        for r in 0..<m {
            for j in 0..<n {
                var s: Double = 0
                for kk in 0..<k { s += Double(a[r * k + kk]) * Double(v[3 + kk * ld + j]) }
                XCTAssertEqual(Double(c[r * n + j]), s, accuracy: 1e-5)
            }
        }
    }

    func testPackingZeroPadsTheLastPanel() {
        let w: [Float] = (0..<(3 * 2)).map(Float.init)  // 3 rows of 2
        var packed = [Float](repeating: .nan, count: PanelLayout.packedCount(outputs: 3, inputs: 2))
        XCTAssertEqual(packed.count, 64)
        packed.withUnsafeMutableBufferPointer { p in
            w.withUnsafeBufferPointer { wp in
                PanelLayout.pack(count: 3, length: 2, into: p.baseAddress!) { wp.baseAddress! + $0 * 2 }
            }
        }
        // Panel layout [k][j]: row j's element k at k * 32 + j.
        XCTAssertEqual(Array(packed[0..<4]), [0, 2, 4, 0])
        XCTAssertEqual(Array(packed[32..<36]), [1, 3, 5, 0])
        XCTAssertTrue(packed.allSatisfy { !$0.isNaN })
    }
}
