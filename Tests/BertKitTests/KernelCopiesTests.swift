import CBertKernels
import XCTest

/// CBertKernels' vector copies of every kernel (AVX-512 and AVX2, each where this CPU runs it) against the
/// portable one, on the same inputs: ragged rows, columns and depths (every register tile of each copy, 1 to 9
/// rows; more rows than the AVX2 copy's chunk; depths over several of its depth blocks), every epilogue, packed
/// and strided operands, a thread's share of panels, attention at ragged token counts, and the element-wise
/// functions over a dense grid with infinities, zeros of both signs and NaN. They must give the same bits (NaN
/// matching NaN: LLVM does not define a NaN result's sign), which is what lets the panel engine's HF-parity
/// tests speak for every CPU.
final class KernelCopiesTests: XCTestCase {
    /// One vector copy's entry points.
    struct Copy {
        typealias GEMM =
            @convention(c) (
                UnsafePointer<Float>?, Int, Int, UnsafePointer<Float>?, Int, Int, Int, Int, Int, Int,
                UnsafeMutablePointer<Float>?, Int, Int32, Float, UnsafePointer<Float>?, UnsafePointer<Float>?, Int
            ) -> Void
        typealias Attention =
            @convention(c) (
                Int, Int, UnsafePointer<Float>?, Int, Int, Int, UnsafeMutablePointer<Float>?,
                UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?
            ) -> Void
        typealias LayerNorm =
            @convention(c) (
                UnsafePointer<Float>?, Int, UnsafePointer<Float>?, UnsafePointer<Float>?, Float,
                UnsafeMutablePointer<Float>?
            ) -> Void
        typealias Softmax = @convention(c) (UnsafeMutablePointer<Float>?, Int) -> Void
        typealias Add3 =
            @convention(c) (
                UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?, Int, UnsafeMutablePointer<Float>?
            ) -> Void
        typealias Map = @convention(c) (UnsafePointer<Float>?, Int, UnsafeMutablePointer<Float>?) -> Void

        let name: String
        let gemm: GEMM
        let attention: Attention
        let layerNorm: LayerNorm
        let softmax: Softmax
        let add3: Add3
        let exp: Map
        let erf: Map
        let gelu: Map
    }

    static let portable = Copy(
        name: "portable", gemm: cbk_panel_gemm_portable, attention: cbk_attention_heads_portable,
        layerNorm: cbk_layer_norm_portable, softmax: cbk_softmax_portable, add3: cbk_add3_portable,
        exp: cbk_exp_portable, erf: cbk_erf_portable, gelu: cbk_gelu_portable)

    /// The vector copies this CPU runs.
    static let vectorCopies: [Copy] = {
        var copies: [Copy] = []
        if cbk_avx512_supported() != 0 {
            copies.append(
                Copy(
                    name: "AVX-512", gemm: cbk_panel_gemm_avx512, attention: cbk_attention_heads_avx512,
                    layerNorm: cbk_layer_norm_avx512, softmax: cbk_softmax_avx512, add3: cbk_add3_avx512,
                    exp: cbk_exp_avx512, erf: cbk_erf_avx512, gelu: cbk_gelu_avx512))
        }
        if cbk_avx2_supported() != 0 {
            copies.append(
                Copy(
                    name: "AVX2", gemm: cbk_panel_gemm_avx2, attention: cbk_attention_heads_avx2,
                    layerNorm: cbk_layer_norm_avx2, softmax: cbk_softmax_avx2, add3: cbk_add3_avx2,
                    exp: cbk_exp_avx2, erf: cbk_erf_avx2, gelu: cbk_gelu_avx2))
        }
        return copies
    }()

    override func setUpWithError() throws {
        try XCTSkipIf(Self.vectorCopies.isEmpty, "this CPU runs neither the AVX-512 nor the AVX2 copy")
    }

    /// Deterministic values in [-scale, scale).
    static func values(_ n: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        KernelGEMMTests.values(n, seed: seed).map { $0 * scale }
    }

    /// The first index where `x` and `y` differ in bits (NaN matching any NaN), or nil.
    static func firstDifference(_ x: [Float], _ y: [Float]) -> Int? {
        x.indices.first { x[$0].bitPattern != y[$0].bitPattern && !(x[$0].isNaN && y[$0].isNaN) }
    }

    func assertSame(
        _ x: [Float], _ y: [Float], _ what: String, copy: Copy, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(x.count, y.count, what, file: file, line: line)
        if let i = Self.firstDifference(x, y) {
            XCTFail("\(what): element \(i) is \(x[i]) (\(copy.name)) and \(y[i]) (portable)", file: file, line: line)
        }
    }

    func testFirstDifferenceSeesOneBit() {
        XCTAssertNil(Self.firstDifference([1, .nan, -0.0], [1, -.nan, -0.0]))
        XCTAssertEqual(Self.firstDifference([1, 0], [1, -0.0]), 1)
        XCTAssertEqual(Self.firstDifference([2], [Float(2).nextUp]), 0)
    }

    func testPanelGEMMCopiesAgree() {
        for copy in Self.vectorCopies { panelGEMMCopiesAgree(copy) }
    }

    func panelGEMMCopiesAgree(_ copy: Copy) {
        var seed: UInt64 = 1
        for m in [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 17, 33, 53] {
            for (n, k) in [(1, 1), (17, 16), (33, 1), (63, 100), (65, 37), (40, 150)] {
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
                            copy.gemm(
                                a, lda, m, b, k, n, rowStride, panelStride, range.lowerBound, range.upperBound, &fast,
                                ldc, epilogue, 0.3, bias, residual, ldc)
                            Self.portable.gemm(
                                a, lda, m, b, k, n, rowStride, panelStride, range.lowerBound, range.upperBound,
                                &portable, ldc, epilogue, 0.3, bias, residual, ldc)
                            assertSame(
                                fast, portable, "m \(m) n \(n) k \(k) epilogue \(epilogue) strided \(strided)",
                                copy: copy)
                        }
                    }
                }
            }
        }
    }

    func testAttentionCopiesAgree() {
        for copy in Self.vectorCopies { attentionCopiesAgree(copy) }
    }

    func attentionCopiesAgree(_ copy: Copy) {
        for (hidden, d) in [(24, 12), (128, 64)] {
            for t in [1, 7, 17, 32, 33, 65] {
                let heads = hidden / d
                let qkv = Self.values(t * 3 * hidden + 32, seed: UInt64(t * hidden), scale: 2)
                let scratch = (t + 31) / 32 * 32 * d
                var results: [([Float], [Float])] = []
                for f in [copy.attention, Self.portable.attention] {
                    var p = [Float](repeating: 0, count: heads * t * t)
                    var context = [Float](repeating: 0, count: t * hidden)
                    var keys = [Float](repeating: 0, count: scratch)
                    f(0, heads, qkv, t, hidden, d, &p, &context, &keys)
                    results.append((p, context))
                }
                assertSame(results[0].0, results[1].0, "probabilities, hidden \(hidden) tokens \(t)", copy: copy)
                assertSame(results[0].1, results[1].1, "context, hidden \(hidden) tokens \(t)", copy: copy)
            }
        }
    }

    func testRowKernelCopiesAgree() {
        for copy in Self.vectorCopies { rowKernelCopiesAgree(copy) }
    }

    func rowKernelCopiesAgree(_ copy: Copy) {
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
                    (copy.layerNorm, copy.softmax, copy.add3),
                    (Self.portable.layerNorm, Self.portable.softmax, Self.portable.add3),
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
                assertSame(norms[0], norms[1], "layer norm, n \(n) scale \(scale)", copy: copy)
                assertSame(softmaxes[0], softmaxes[1], "softmax, n \(n) scale \(scale)", copy: copy)
                assertSame(sums[0], sums[1], "add, n \(n)", copy: copy)
            }
        }
        for special: [Float] in [[-0.0, 0, -0.0], [-.infinity, 1, 2], [.nan, 1], [.infinity, 1]] {
            var fast = special
            var portable = special
            copy.softmax(&fast, special.count)
            Self.portable.softmax(&portable, special.count)
            assertSame(fast, portable, "softmax of \(special)", copy: copy)
        }
    }

    func testElementwiseCopiesAgree() {
        for copy in Self.vectorCopies { elementwiseCopiesAgree(copy) }
    }

    func elementwiseCopiesAgree(_ copy: Copy) {
        let specials: [Float] = [
            0, -0.0, .infinity, -.infinity, .nan, 1e-30, -1e-30, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, 0.921875, -0.921875, 3.92, -3.92, 88.37626, -87.33654, 89, -88, 1000, -1000,
        ]
        let x = (0..<100_003).map { -100 + 200 * Float($0) / 100_002 } + specials
        for (name, fast, portable) in [
            ("exp", copy.exp, Self.portable.exp), ("erf", copy.erf, Self.portable.erf),
            ("gelu", copy.gelu, Self.portable.gelu),
        ] {
            for count in [x.count, x.count - 5] {
                var a = [Float](repeating: 0, count: count)
                var b = [Float](repeating: 1, count: count)
                fast(x, count, &a)
                portable(x, count, &b)
                assertSame(a, b, "\(name) of \(count) values", copy: copy)
            }
        }
    }
}
