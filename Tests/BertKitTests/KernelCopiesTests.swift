import CBertKernels
import XCTest

/// CBertKernels' two copies of every kernel, the AVX-512 one and the portable one, on the same inputs: ragged
/// rows, columns and depths, every epilogue, packed and strided operands, a thread's share of panels, attention
/// at ragged token counts, and the element-wise functions over a dense grid with infinities, zeros of both signs
/// and NaN. They must give the same bits (NaN matching NaN: LLVM does not define a NaN result's sign), which is
/// what lets the panel engine's HF-parity tests speak for every CPU.
final class KernelCopiesTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(cbk_avx512_supported() != 0, "this CPU cannot run the AVX-512 copy")
    }

    /// Deterministic values in [-scale, scale).
    static func values(_ n: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        KernelGEMMTests.values(n, seed: seed).map { $0 * scale }
    }

    /// The first index where `x` and `y` differ in bits (NaN matching any NaN), or nil.
    static func firstDifference(_ x: [Float], _ y: [Float]) -> Int? {
        x.indices.first { x[$0].bitPattern != y[$0].bitPattern && !(x[$0].isNaN && y[$0].isNaN) }
    }

    func assertSame(_ x: [Float], _ y: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(x.count, y.count, what, file: file, line: line)
        if let i = Self.firstDifference(x, y) {
            XCTFail("\(what): element \(i) is \(x[i]) (AVX-512) and \(y[i]) (portable)", file: file, line: line)
        }
    }

    func testFirstDifferenceSeesOneBit() {
        XCTAssertNil(Self.firstDifference([1, .nan, -0.0], [1, -.nan, -0.0]))
        XCTAssertEqual(Self.firstDifference([1, 0], [1, -0.0]), 1)
        XCTAssertEqual(Self.firstDifference([2], [Float(2).nextUp]), 0)
    }

    func testPanelGEMMCopiesAgree() {
        var seed: UInt64 = 1
        for m in [1, 3, 4, 5, 8, 9, 13, 17, 33] {
            for (n, k) in [(1, 1), (17, 16), (33, 1), (63, 100), (65, 37)] {
                for epilogue in Int32(CBK_EPILOGUE_STORE)...Int32(CBK_EPILOGUE_BIAS_RESIDUAL) {
                    for strided in [false, true] {
                        seed += 4
                        let lda = k + 3
                        let ldc = n + 5
                        let panels = (n + 31) / 32
                        let rowStride = strided ? n + 40 : 32
                        let panelStride = strided ? 32 : k * 32
                        let a = Self.values(m * lda, seed: seed, scale: epilogue == CBK_EPILOGUE_BIAS_GELU ? 3 : 1)
                        let b = Self.values(strided ? k * rowStride + 64 : panels * k * 32, seed: seed + 1)
                        let bias = Self.values(n + 32, seed: seed + 2)
                        let residual = Self.values(m * ldc, seed: seed + 3)
                        for range in [0..<panels] + (panels > 2 ? [1..<2] : []) {
                            let before = Self.values(m * ldc, seed: seed + 5)
                            var fast = before
                            var portable = before
                            cbk_panel_gemm_avx512(
                                a, lda, m, b, k, n, rowStride, panelStride, range.lowerBound, range.upperBound, &fast,
                                ldc, epilogue, 0.3, bias, residual, ldc)
                            cbk_panel_gemm_portable(
                                a, lda, m, b, k, n, rowStride, panelStride, range.lowerBound, range.upperBound,
                                &portable, ldc, epilogue, 0.3, bias, residual, ldc)
                            assertSame(fast, portable, "m \(m) n \(n) k \(k) epilogue \(epilogue) strided \(strided)")
                        }
                    }
                }
            }
        }
    }

    func testAttentionCopiesAgree() {
        for (hidden, d) in [(24, 12), (128, 64)] {
            for t in [1, 7, 17, 32, 33, 65] {
                let heads = hidden / d
                let qkv = Self.values(t * 3 * hidden + 32, seed: UInt64(t * hidden), scale: 2)
                let scratch = (t + 31) / 32 * 32 * d
                var results: [([Float], [Float])] = []
                for f in [cbk_attention_heads_avx512, cbk_attention_heads_portable] {
                    var p = [Float](repeating: 0, count: heads * t * t)
                    var context = [Float](repeating: 0, count: t * hidden)
                    var keys = [Float](repeating: 0, count: scratch)
                    f(0, heads, qkv, t, hidden, d, &p, &context, &keys)
                    results.append((p, context))
                }
                assertSame(results[0].0, results[1].0, "probabilities, hidden \(hidden) tokens \(t)")
                assertSame(results[0].1, results[1].1, "context, hidden \(hidden) tokens \(t)")
            }
        }
    }

    func testRowKernelCopiesAgree() {
        for n in [1, 2, 15, 16, 17, 31, 32, 33, 100, 384, 768] {
            for scale: Float in [1, 12, 300] {
                let seed = UInt64(n) * 8 + UInt64(scale)
                let x = Self.values(n, seed: seed, scale: scale).map { $0 + 2 }
                let gamma = Self.values(n, seed: seed + 1)
                let beta = Self.values(n, seed: seed + 2)
                let y = Self.values(n, seed: seed + 3)
                let z = Self.values(n, seed: seed + 4)
                var norms: [[Float]] = []
                var softmaxes: [[Float]] = []
                var sums: [[Float]] = []
                for (norm, softmax, add) in [
                    (cbk_layer_norm_avx512, cbk_softmax_avx512, cbk_add3_avx512),
                    (cbk_layer_norm_portable, cbk_softmax_portable, cbk_add3_portable),
                ] {
                    var out = x
                    out.withUnsafeMutableBufferPointer { norm($0.baseAddress!, n, gamma, beta, 1e-12, $0.baseAddress!) }
                    norms.append(out)
                    var row = x
                    softmax(&row, n)
                    softmaxes.append(row)
                    var sum = [Float](repeating: 0, count: n)
                    add(x, y, z, n, &sum)
                    sums.append(sum)
                }
                assertSame(norms[0], norms[1], "layer norm, n \(n) scale \(scale)")
                assertSame(softmaxes[0], softmaxes[1], "softmax, n \(n) scale \(scale)")
                assertSame(sums[0], sums[1], "add, n \(n)")
            }
        }
        for special: [Float] in [[-0.0, 0, -0.0], [-.infinity, 1, 2], [.nan, 1], [.infinity, 1]] {
            var fast = special
            var portable = special
            cbk_softmax_avx512(&fast, special.count)
            cbk_softmax_portable(&portable, special.count)
            assertSame(fast, portable, "softmax of \(special)")
        }
    }

    func testElementwiseCopiesAgree() {
        let specials: [Float] = [
            0, -0.0, .infinity, -.infinity, .nan, 1e-30, -1e-30, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, 0.921875, -0.921875, 3.92, -3.92, 88.37626, -87.33654, 89, -88, 1000, -1000,
        ]
        let x = (0..<100_003).map { -100 + 200 * Float($0) / 100_002 } + specials
        for (name, fast, portable) in [
            ("exp", cbk_exp_avx512, cbk_exp_portable), ("erf", cbk_erf_avx512, cbk_erf_portable),
            ("gelu", cbk_gelu_avx512, cbk_gelu_portable),
        ] {
            for count in [x.count, x.count - 5] {
                var a = [Float](repeating: 0, count: count)
                var b = [Float](repeating: 1, count: count)
                fast(x, count, &a)
                portable(x, count, &b)
                assertSame(a, b, "\(name) of \(count) values")
            }
        }
    }
}
