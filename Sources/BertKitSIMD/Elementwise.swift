/// Sixteen 32-bit floats (not F16): one zmm register with AVX-512, four NEON registers on arm64.
typealias Float32x16 = SIMD16<Float>

@inline(__always) func load(_ p: UnsafePointer<Float>) -> Float32x16 {
    UnsafeRawPointer(p).loadUnaligned(as: Float32x16.self)
}

@inline(__always) func store(_ v: Float32x16, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float32x16.self)
}

/// The first `count` (0...16) floats at `p`, the other lanes set to `fill`; never reads past `p + count`.
@inline(__always) func loadPartial(_ p: UnsafePointer<Float>, _ count: Int, fill: Float = 0) -> Float32x16 {
    var v = Float32x16(repeating: fill)
    var i = 0
    while i < count {
        v[i] = p[i]
        i += 1
    }
    return v
}

/// Stores the first `count` (0...16) lanes of `v` at `p`.
@inline(__always) func storePartial(_ v: Float32x16, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    while i < count {
        p[i] = v[i]
        i += 1
    }
}

// Swift's generic `pointwiseMin`/`pointwiseMax`, `.max()` and `.sum()` on SIMD types compile to lane-by-lane
// loops; these spellings compile to single vector instructions (vmaxps, vminps, vandps) or a short tree.

/// Lane-wise maximum (NaN in `a` propagates).
@inline(__always) func maximum(_ a: Float32x16, _ b: Float32x16) -> Float32x16 { a.replacing(with: b, where: a .< b) }

/// Lane-wise minimum (NaN in `a` propagates).
@inline(__always) func minimum(_ a: Float32x16, _ b: Float32x16) -> Float32x16 { a.replacing(with: b, where: b .< a) }

/// Lane-wise |a|.
@inline(__always) func magnitude(_ a: Float32x16) -> Float32x16 {
    unsafeBitCast(unsafeBitCast(a, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: Float32x16.self)
}

/// Sum of the 16 lanes, as a tree of halves.
@inline(__always) func horizontalSum(_ v: Float32x16) -> Float {
    let v8 = v.lowHalf + v.highHalf
    let v4 = v8.lowHalf + v8.highHalf
    let v2 = v4.lowHalf + v4.highHalf
    return v2[0] + v2[1]
}

/// Largest of the 16 lanes, as a tree of halves.
@inline(__always) func horizontalMax(_ v: Float32x16) -> Float {
    let v8 = v.lowHalf.replacing(with: v.highHalf, where: v.lowHalf .< v.highHalf)
    let v4 = v8.lowHalf.replacing(with: v8.highHalf, where: v8.lowHalf .< v8.highHalf)
    let v2 = v4.lowHalf.replacing(with: v4.highHalf, where: v4.lowHalf .< v4.highHalf)
    return max(v2[0], v2[1])
}

/// e^x. Cephes' range reduction (x = n ln2 + r, ln2 split in two) and degree-6 polynomial, 2^n built
/// in the exponent bits. Inputs are clamped to [-87.3, 88.3], where the result stays a normal float.
@_transparent func expVector(_ x: Float32x16) -> Float32x16 {
    let x = minimum(maximum(x, Float32x16(repeating: -87.33654)), Float32x16(repeating: 88.37626))
    // Round x / ln2 to the nearest integer by adding 1.5 * 2^23: the integer lands in the low mantissa bits.
    let magic = Float32x16(repeating: 12_582_912)
    let t = x * 1.442_695_04 + magic
    let n = t - magic
    var r = x.addingProduct(n, Float32x16(repeating: -0.693_359_375))
    r = r.addingProduct(n, Float32x16(repeating: 2.121_944_4e-4))
    var p = Float32x16(repeating: 1.987_569_15e-4)
    p = Float32x16(repeating: 1.398_199_950_7e-3).addingProduct(p, r)
    p = Float32x16(repeating: 8.333_451_907_3e-3).addingProduct(p, r)
    p = Float32x16(repeating: 4.166_579_589_4e-2).addingProduct(p, r)
    p = Float32x16(repeating: 1.666_666_545_9e-1).addingProduct(p, r)
    p = Float32x16(repeating: 5.000_000_120_1e-1).addingProduct(p, r)
    let e = r.addingProduct(p, r * r) + 1
    // 2^n: (bits(t) + 127) << 23 keeps exactly n + 127 in the exponent field.
    let bits = (unsafeBitCast(t, to: SIMD16<Int32>.self) &+ 127) &<< 23
    return e * unsafeBitCast(bits, to: Float32x16.self)
}

/// erf(x). |x| < 0.921875: x + x p(x^2); up to 3.92: 1 - e^(-x^2) q(|x| - 2.4) with q fitted to
/// erfc(x) e^(x^2); beyond: +-1, which is erf in float there. Max error 1.2 ulp (fitted by least squares
/// on Chebyshev nodes in Double; see KernelMathTests).
@_transparent func erfVector(_ x: Float32x16) -> Float32x16 {
    let a = magnitude(x)
    // Small |x|: erf(x) / x - 1 as a polynomial in x^2.
    let u = a * a
    var p = Float32x16(repeating: 8.392_699_237_447_232e-05)
    p = Float32x16(repeating: -0.000_814_850_907_772_779_5).addingProduct(p, u)
    p = Float32x16(repeating: 0.005_201_592_575_758_696).addingProduct(p, u)
    p = Float32x16(repeating: -0.026_859_648_525_714_874).addingProduct(p, u)
    p = Float32x16(repeating: 0.112_837_009_131_908_42).addingProduct(p, u)
    p = Float32x16(repeating: -0.376_126_348_972_320_56).addingProduct(p, u)
    p = Float32x16(repeating: 0.128_379_166_126_251_22).addingProduct(p, u)
    let small = a.addingProduct(a, p)
    // Middle: erfc(x) = e^(-x^2) q(x - 2.4).
    let t = a - 2.4
    var q = Float32x16(repeating: 1.383_497_476_581_396_8e-07)
    q = Float32x16(repeating: -5.815_195_436_298_382e-07).addingProduct(q, t)
    q = Float32x16(repeating: 1.307_031_311_625_905_8e-06).addingProduct(q, t)
    q = Float32x16(repeating: -4.818_522_029_381_711e-06).addingProduct(q, t)
    q = Float32x16(repeating: 2.045_330_438_704_695_6e-05).addingProduct(q, t)
    q = Float32x16(repeating: -7.419_737_812_597_305e-05).addingProduct(q, t)
    q = Float32x16(repeating: 0.000_256_978_732_068_091_63).addingProduct(q, t)
    q = Float32x16(repeating: -0.000_872_913_515_195_250_5).addingProduct(q, t)
    q = Float32x16(repeating: 0.002_867_687_260_732_075_7).addingProduct(q, t)
    q = Float32x16(repeating: -0.009_066_349_826_753_14).addingProduct(q, t)
    q = Float32x16(repeating: 0.027_494_153_007_864_952).addingProduct(q, t)
    q = Float32x16(repeating: -0.079_585_224_390_029_91).addingProduct(q, t)
    q = Float32x16(repeating: 0.218_498_736_619_949_34).addingProduct(q, t)
    let middle = 1 - expVector(-u) * q
    var result = small.replacing(with: middle, where: a .>= 0.921_875)
    result.replace(with: 1, where: a .>= 3.92)
    return result.replacing(with: -result, where: x .< 0)
}

/// Exact GELU as torch computes it for HF's "gelu": x * 0.5 * (1 + erf(x / sqrt(2))).
@_transparent func geluVector(_ x: Float32x16) -> Float32x16 {
    x * 0.5 * (1 + erfVector(x * 0.707_106_781_186_547_524_4))
}

/// Element-wise functions over buffers, accurate to about one ulp (checked against Double in KernelMathTests).
public enum Elementwise {
    /// out[i] = e^x[i] for i in 0..<n.
    public static func exp(_ x: UnsafePointer<Float>, count n: Int, out: UnsafeMutablePointer<Float>) {
        map(x, count: n, out: out) { expVector($0) }
    }

    /// out[i] = erf(x[i]) for i in 0..<n.
    public static func erf(_ x: UnsafePointer<Float>, count n: Int, out: UnsafeMutablePointer<Float>) {
        map(x, count: n, out: out) { erfVector($0) }
    }

    /// out[i] = gelu(x[i]) for i in 0..<n (the GEMM epilogue's GELU).
    public static func gelu(_ x: UnsafePointer<Float>, count n: Int, out: UnsafeMutablePointer<Float>) {
        map(x, count: n, out: out) { geluVector($0) }
    }

    @_transparent
    static func map(
        _ x: UnsafePointer<Float>, count n: Int, out: UnsafeMutablePointer<Float>, _ f: (Float32x16) -> Float32x16
    ) {
        var i = 0
        while i + 16 <= n {
            store(f(load(x + i)), out + i)
            i += 16
        }
        if i < n { storePartial(f(loadPartial(x + i, n - i)), out + i, n - i) }
    }
}
