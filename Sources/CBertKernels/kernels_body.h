// The kernels' body, included three times by kernels.c: with CBK_AVX512 1 (every function carries CBK_TARGET,
// the AVX-512 feature list, and an `_avx512` suffix), with CBK_AVX2 1 (AVX2 and FMA, `_avx2`) and with both 0
// (baseline, `_portable`). CBK(name) appends the copy's suffix, so the copies share no symbol.
//
// A v16f is sixteen floats: one zmm register in the AVX-512 copy, two ymm registers in the AVX2 copy. FP
// contraction is off (kernels.c), so a multiply and an add stay two roundings; `fma` is written where the
// kernel fuses. Every copy therefore computes the same bits, and so did the Swift kernels (BertKitSIMD) they
// replace. Only the GEMM's register tile differs between copies (AVX2 has 16 vector registers, AVX-512 32);
// each output value is still one sum over the depth in order, so the tiles give the same bits too.

/// Sixteen copies of s.
CBK_TARGET CBK_INLINE v16f CBK(splat)(float s) {
    return (v16f){s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s};
}

/// The first n (0...16) floats at p, the other lanes set to fill; never reads past p + n.
CBK_TARGET CBK_INLINE v16f CBK(load_partial)(const float *p, ptrdiff_t n, float fill) {
#if CBK_AVX512
    return _mm512_mask_loadu_ps(CBK(splat)(fill), (__mmask16)((1u << n) - 1), p);
#else
    v16f v = CBK(splat)(fill);
    for (ptrdiff_t i = 0; i < n; i++) v[i] = p[i];
    return v;
#endif
}

/// Stores the first n (0...16) lanes of v at p.
CBK_TARGET CBK_INLINE void CBK(store_partial)(v16f v, float *p, ptrdiff_t n) {
#if CBK_AVX512
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), v);
#else
    for (ptrdiff_t i = 0; i < n; i++) p[i] = v[i];
#endif
}

/// Lane-wise mask ? t : f (mask lanes all ones or all zeros, as vector comparisons give).
CBK_TARGET CBK_INLINE v16f CBK(select)(v16i mask, v16f t, v16f f) {
    return (v16f)(((v16u)mask & (v16u)t) | (~(v16u)mask & (v16u)f));
}

/// Lane-wise maximum: b where a < b, else a (NaN in a propagates).
CBK_TARGET CBK_INLINE v16f CBK(maximum)(v16f a, v16f b) { return CBK(select)(a < b, b, a); }

/// Lane-wise minimum: b where b < a, else a (NaN in a propagates).
CBK_TARGET CBK_INLINE v16f CBK(minimum)(v16f a, v16f b) { return CBK(select)(b < a, b, a); }

/// Lane-wise |a|.
CBK_TARGET CBK_INLINE v16f CBK(magnitude)(v16f a) { return (v16f)((v16u)a & 0x7FFFFFFFu); }

/// Sum of the 16 lanes, as a tree of halves.
CBK_TARGET CBK_INLINE float CBK(horizontal_sum)(v16f v) {
    v8f v8 = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7)
        + __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    v4f v4 = __builtin_shufflevector(v8, v8, 0, 1, 2, 3) + __builtin_shufflevector(v8, v8, 4, 5, 6, 7);
    v2f v2 = __builtin_shufflevector(v4, v4, 0, 1) + __builtin_shufflevector(v4, v4, 2, 3);
    return v2[0] + v2[1];
}

/// Largest of the 16 lanes, as a tree of halves (at each step the high half where the low one is smaller).
CBK_TARGET CBK_INLINE float CBK(horizontal_max)(v16f v) {
    v8f lo8 = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
    v8f hi8 = __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    v8u m8 = (v8u)(lo8 < hi8);
    v8f v8 = (v8f)((m8 & (v8u)hi8) | (~m8 & (v8u)lo8));
    v4f lo4 = __builtin_shufflevector(v8, v8, 0, 1, 2, 3);
    v4f hi4 = __builtin_shufflevector(v8, v8, 4, 5, 6, 7);
    v4u m4 = (v4u)(lo4 < hi4);
    v4f v4 = (v4f)((m4 & (v4u)hi4) | (~m4 & (v4u)lo4));
    v2f lo2 = __builtin_shufflevector(v4, v4, 0, 1);
    v2f hi2 = __builtin_shufflevector(v4, v4, 2, 3);
    v2u m2 = (v2u)(lo2 < hi2);
    v2f v2 = (v2f)((m2 & (v2u)hi2) | (~m2 & (v2u)lo2));
    // Swift's max(x, y): y when y >= x, else x.
    return v2[1] >= v2[0] ? v2[1] : v2[0];
}

/// e^x. Cephes' range reduction (x = n ln2 + r, ln2 split in two) and degree-6 polynomial, 2^n built in the
/// exponent bits. Inputs are clamped to [-87.3, 88.3], where the result stays a normal float.
CBK_TARGET CBK_INLINE v16f CBK(exp)(v16f x) {
    x = CBK(minimum)(CBK(maximum)(x, CBK(splat)(-87.33654f)), CBK(splat)(88.37626f));
    // Round x / ln2 to the nearest integer by adding 1.5 * 2^23: the integer lands in the low mantissa bits.
    v16f magic = CBK(splat)(12582912.0f);
    v16f t = x * 1.44269504f + magic;
    v16f n = t - magic;
    v16f r = FMA(n, CBK(splat)(-0.693359375f), x);
    r = FMA(n, CBK(splat)(2.1219444e-4f), r);
    v16f p = CBK(splat)(1.98756915e-4f);
    p = FMA(p, r, CBK(splat)(1.3981999507e-3f));
    p = FMA(p, r, CBK(splat)(8.3334519073e-3f));
    p = FMA(p, r, CBK(splat)(4.1665795894e-2f));
    p = FMA(p, r, CBK(splat)(1.6666665459e-1f));
    p = FMA(p, r, CBK(splat)(5.0000001201e-1f));
    v16f e = FMA(p, r * r, r) + 1.0f;
    // 2^n: (bits(t) + 127) << 23 keeps exactly n + 127 in the exponent field.
    v16u bits = ((v16u)t + 127u) << 23;
    return e * (v16f)bits;
}

/// erf(x). |x| < 0.921875: x + x p(x^2); up to 3.92: 1 - e^(-x^2) q(|x| - 2.4) with q fitted to erfc(x) e^(x^2);
/// beyond: +-1, which is erf in float there. Max error 1.2 ulp (fitted by least squares on Chebyshev nodes in
/// Double; see KernelMathTests).
CBK_TARGET CBK_INLINE v16f CBK(erf)(v16f x) {
    v16f a = CBK(magnitude)(x);
    // Small |x|: erf(x) / x - 1 as a polynomial in x^2.
    v16f u = a * a;
    v16f p = CBK(splat)(8.392699237447232e-05f);
    p = FMA(p, u, CBK(splat)(-0.0008148509077727795f));
    p = FMA(p, u, CBK(splat)(0.005201592575758696f));
    p = FMA(p, u, CBK(splat)(-0.026859648525714874f));
    p = FMA(p, u, CBK(splat)(0.11283700913190842f));
    p = FMA(p, u, CBK(splat)(-0.37612634897232056f));
    p = FMA(p, u, CBK(splat)(0.12837916612625122f));
    v16f small = FMA(a, p, a);
    // Middle: erfc(x) = e^(-x^2) q(x - 2.4).
    v16f t = a - 2.4f;
    v16f q = CBK(splat)(1.3834974765813968e-07f);
    q = FMA(q, t, CBK(splat)(-5.815195436298382e-07f));
    q = FMA(q, t, CBK(splat)(1.3070313116259058e-06f));
    q = FMA(q, t, CBK(splat)(-4.818522029381711e-06f));
    q = FMA(q, t, CBK(splat)(2.0453304387046956e-05f));
    q = FMA(q, t, CBK(splat)(-7.419737812597305e-05f));
    q = FMA(q, t, CBK(splat)(0.00025697873206809163f));
    q = FMA(q, t, CBK(splat)(-0.0008729135151952505f));
    q = FMA(q, t, CBK(splat)(0.0028676872607320757f));
    q = FMA(q, t, CBK(splat)(-0.00906634982675314f));
    q = FMA(q, t, CBK(splat)(0.027494153007864952f));
    q = FMA(q, t, CBK(splat)(-0.07958522439002991f));
    q = FMA(q, t, CBK(splat)(0.21849873661994934f));
    v16f middle = 1.0f - CBK(exp)(-u) * q;
    v16f result = CBK(select)(a >= 0.921875f, middle, small);
    result = CBK(select)(a >= 3.92f, CBK(splat)(1.0f), result);
    return CBK(select)(x < 0.0f, -result, result);
}

/// Exact GELU as torch computes it for HF's "gelu": x * 0.5 * (1 + erf(x / sqrt(2))).
CBK_TARGET CBK_INLINE v16f CBK(gelu)(v16f x) {
    return x * 0.5f * (1.0f + CBK(erf)(x * 0.7071067811865475244f));
}

// MARK: - Panel GEMM
//
// Register tile (AVX-512 and portable copies; the AVX2 copy's is below): 8 rows of A x one 32-column panel (16
// accumulators of 16 floats); every B value loaded is used for 8 rows, every A value broadcast into 32
// columns. The loop runs panel by panel, so each panel is read from
// memory once and then from L1/L2 for the remaining row tiles: with a few tokens this streams the weight at
// memory speed instead of re-packing it per call as a general BLAS does.

/// Packs n rows of length k (row r at rows + r * row_stride) into panels: panel p holds
/// B[k][j] = rows[p * 32 + j][k], zero past row n (the key vectors of one attention head).
CBK_TARGET static void CBK(pack)(const float *rows, ptrdiff_t row_stride, ptrdiff_t n, ptrdiff_t k, float *out) {
    ptrdiff_t panels = (n + CBK_PANEL_WIDTH - 1) / CBK_PANEL_WIDTH;
    for (ptrdiff_t p = 0; p < panels; p++) {
        float *panel = out + p * k * CBK_PANEL_WIDTH;
        for (ptrdiff_t j = 0; j < CBK_PANEL_WIDTH; j++) {
            ptrdiff_t r = p * CBK_PANEL_WIDTH + j;
            if (r < n) {
                const float *src = rows + r * row_stride;
                for (ptrdiff_t kk = 0; kk < k; kk++) panel[kk * CBK_PANEL_WIDTH + j] = src[kk];
            } else {
                for (ptrdiff_t kk = 0; kk < k; kk++) panel[kk * CBK_PANEL_WIDTH + j] = 0;
            }
        }
    }
}

#if !CBK_AVX2
// One row of A times the panel row: acc0/acc1 += a[kk] * (b0, b1).
#define CBK_ROW(row, acc0, acc1)           \
    do {                                   \
        v16f s = CBK(splat)((row)[kk]);    \
        acc0 = FMA(s, b0, acc0);      \
        acc1 = FMA(s, b1, acc1);      \
    } while (0)

/// Accumulates up to 8 rows (rows 1...8; missing rows re-read row 0) x one panel into tile (8 x 32).
CBK_TARGET static void CBK(tile8)(
    const float *a, ptrdiff_t lda, ptrdiff_t rows, ptrdiff_t k, const float *b, ptrdiff_t ldb, float *tile) {
    const float *a0 = a;
    const float *a1 = rows > 1 ? a + lda : a;
    const float *a2 = rows > 2 ? a + 2 * lda : a;
    const float *a3 = rows > 3 ? a + 3 * lda : a;
    const float *a4 = rows > 4 ? a + 4 * lda : a;
    const float *a5 = rows > 5 ? a + 5 * lda : a;
    const float *a6 = rows > 6 ? a + 6 * lda : a;
    const float *a7 = rows > 7 ? a + 7 * lda : a;
    v16f c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0}, c30 = {0}, c31 = {0};
    v16f c40 = {0}, c41 = {0}, c50 = {0}, c51 = {0}, c60 = {0}, c61 = {0}, c70 = {0}, c71 = {0};
    const float *bp = b;
    for (ptrdiff_t kk = 0; kk < k; kk++) {
        v16f b0 = LOAD(bp);
        v16f b1 = LOAD(bp + 16);
        CBK_ROW(a0, c00, c01);
        CBK_ROW(a1, c10, c11);
        CBK_ROW(a2, c20, c21);
        CBK_ROW(a3, c30, c31);
        CBK_ROW(a4, c40, c41);
        CBK_ROW(a5, c50, c51);
        CBK_ROW(a6, c60, c61);
        CBK_ROW(a7, c70, c71);
        bp += ldb;
    }
    STORE(c00, tile + 0);
    STORE(c01, tile + 16);
    STORE(c10, tile + 32);
    STORE(c11, tile + 48);
    STORE(c20, tile + 64);
    STORE(c21, tile + 80);
    STORE(c30, tile + 96);
    STORE(c31, tile + 112);
    STORE(c40, tile + 128);
    STORE(c41, tile + 144);
    STORE(c50, tile + 160);
    STORE(c51, tile + 176);
    STORE(c60, tile + 192);
    STORE(c61, tile + 208);
    STORE(c70, tile + 224);
    STORE(c71, tile + 240);
}

/// Accumulates up to 4 rows (rows 1...4; missing rows re-read row 0) x one panel into tile (4 x 32).
CBK_TARGET static void CBK(tile4)(
    const float *a, ptrdiff_t lda, ptrdiff_t rows, ptrdiff_t k, const float *b, ptrdiff_t ldb, float *tile) {
    const float *a0 = a;
    const float *a1 = rows > 1 ? a + lda : a;
    const float *a2 = rows > 2 ? a + 2 * lda : a;
    const float *a3 = rows > 3 ? a + 3 * lda : a;
    v16f c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0}, c30 = {0}, c31 = {0};
    const float *bp = b;
    for (ptrdiff_t kk = 0; kk < k; kk++) {
        v16f b0 = LOAD(bp);
        v16f b1 = LOAD(bp + 16);
        CBK_ROW(a0, c00, c01);
        CBK_ROW(a1, c10, c11);
        CBK_ROW(a2, c20, c21);
        CBK_ROW(a3, c30, c31);
        bp += ldb;
    }
    STORE(c00, tile + 0);
    STORE(c01, tile + 16);
    STORE(c10, tile + 32);
    STORE(c11, tile + 48);
    STORE(c20, tile + 64);
    STORE(c21, tile + 80);
    STORE(c30, tile + 96);
    STORE(c31, tile + 112);
}

#undef CBK_ROW
#else
// AVX2 has 16 ymm registers of 8 floats, so its tiles are smaller: 5-6 rows as 6 x 16 (12 accumulators, two B
// vectors and the broadcast A value) once per half of the 32-column panel, 4 rows as 4 x 16 per half, 3 rows
// as 3 x 32 (one register short: the compiler spills two accumulators, still faster than two half passes)
// and 1-2 rows as 2 x 32. Each half of a panel row is one 64-byte cache line, so the halves read disjoint
// lines.
//
// The depth is cut into blocks of CBK_DEPTH_BLOCK panel rows (8 KB): every row tile passes over one block (its
// accumulators carried in the tile buffer from block to block, so each output is still one sum over the depth
// in order) before the next block, and every pass prefetches the block after it. With a few tokens the first
// pass over a block would otherwise wait on memory while the passes after it left memory idle; this way the
// weights stream while the tiles compute. (Without the blocks and the prefetch, bert-base at 16 tokens took
// about twice as long here.)

/// Panel rows per depth block (128 bytes each).
#define CBK_DEPTH_BLOCK 64
/// Rows of A per chunk: the tile buffer holds a chunk's accumulators between depth blocks.
#define CBK_ROW_CHUNK 48

typedef float v8f_unaligned __attribute__((vector_size(32), aligned(4), may_alias));
#define LOAD8(p) (*(const v8f_unaligned *)(p))
#define STORE8(v, p) (*(v8f_unaligned *)(p) = (v))
/// An accumulator's start: zero in the first depth block, the tile buffer's partial sum after it.
#define START8(p) (resume ? LOAD8(p) : zero)
/// Prefetches both 64-byte lines of the panel row at pf (prefetches never fault, even past the end).
#define CBK_PF(pf)                             \
    do {                                       \
        __builtin_prefetch(pf);                \
        __builtin_prefetch((pf) + 16);         \
    } while (0)

// One row of A times two or four vectors of the panel row: acc += a[kk] * b.
#define CBK_ROW2(row, acc0, acc1)                                  \
    do {                                                           \
        float x_ = (row)[kk];                                      \
        v8f s = {x_, x_, x_, x_, x_, x_, x_, x_};                  \
        acc0 = FMA(s, b0, acc0);                                   \
        acc1 = FMA(s, b1, acc1);                                   \
    } while (0)
#define CBK_ROW4(row, acc0, acc1, acc2, acc3)                      \
    do {                                                           \
        float x_ = (row)[kk];                                      \
        v8f s = {x_, x_, x_, x_, x_, x_, x_, x_};                  \
        acc0 = FMA(s, b0, acc0);                                   \
        acc1 = FMA(s, b1, acc1);                                   \
        acc2 = FMA(s, b2, acc2);                                   \
        acc3 = FMA(s, b3, acc3);                                   \
    } while (0)

// The tiles: rows of A (at a, stride lda; missing rows re-read row 0) times k rows of a panel (b, stride ldb),
// added to the accumulators in tile (row stride 32) when resume, else from zero; pf is the panel row to
// prefetch with the first, advancing with it.

/// Up to 6 rows x 16 columns (b and tile at the half's first column).
CBK_TARGET static void CBK(tile6)(const float *a, ptrdiff_t lda, ptrdiff_t rows, ptrdiff_t k, const float *b,
    ptrdiff_t ldb, const float *pf, int resume, float *tile) {
    const float *a0 = a;
    const float *a1 = rows > 1 ? a + lda : a;
    const float *a2 = rows > 2 ? a + 2 * lda : a;
    const float *a3 = rows > 3 ? a + 3 * lda : a;
    const float *a4 = rows > 4 ? a + 4 * lda : a;
    const float *a5 = rows > 5 ? a + 5 * lda : a;
    v8f zero = {0};
    v8f c00 = START8(tile + 0), c01 = START8(tile + 8), c10 = START8(tile + 32), c11 = START8(tile + 40);
    v8f c20 = START8(tile + 64), c21 = START8(tile + 72), c30 = START8(tile + 96), c31 = START8(tile + 104);
    v8f c40 = START8(tile + 128), c41 = START8(tile + 136), c50 = START8(tile + 160), c51 = START8(tile + 168);
    const float *bp = b;
    for (ptrdiff_t kk = 0; kk < k; kk++) {
        v8f b0 = LOAD8(bp);
        v8f b1 = LOAD8(bp + 8);
        CBK_ROW2(a0, c00, c01);
        CBK_ROW2(a1, c10, c11);
        CBK_ROW2(a2, c20, c21);
        CBK_ROW2(a3, c30, c31);
        CBK_ROW2(a4, c40, c41);
        CBK_ROW2(a5, c50, c51);
        CBK_PF(pf);
        bp += ldb;
        pf += ldb;
    }
    STORE8(c00, tile + 0);
    STORE8(c01, tile + 8);
    STORE8(c10, tile + 32);
    STORE8(c11, tile + 40);
    STORE8(c20, tile + 64);
    STORE8(c21, tile + 72);
    STORE8(c30, tile + 96);
    STORE8(c31, tile + 104);
    STORE8(c40, tile + 128);
    STORE8(c41, tile + 136);
    STORE8(c50, tile + 160);
    STORE8(c51, tile + 168);
}

/// Up to 4 rows x 16 columns, as tile6.
CBK_TARGET static void CBK(tile4)(const float *a, ptrdiff_t lda, ptrdiff_t rows, ptrdiff_t k, const float *b,
    ptrdiff_t ldb, const float *pf, int resume, float *tile) {
    const float *a0 = a;
    const float *a1 = rows > 1 ? a + lda : a;
    const float *a2 = rows > 2 ? a + 2 * lda : a;
    const float *a3 = rows > 3 ? a + 3 * lda : a;
    v8f zero = {0};
    v8f c00 = START8(tile + 0), c01 = START8(tile + 8), c10 = START8(tile + 32), c11 = START8(tile + 40);
    v8f c20 = START8(tile + 64), c21 = START8(tile + 72), c30 = START8(tile + 96), c31 = START8(tile + 104);
    const float *bp = b;
    for (ptrdiff_t kk = 0; kk < k; kk++) {
        v8f b0 = LOAD8(bp);
        v8f b1 = LOAD8(bp + 8);
        CBK_ROW2(a0, c00, c01);
        CBK_ROW2(a1, c10, c11);
        CBK_ROW2(a2, c20, c21);
        CBK_ROW2(a3, c30, c31);
        CBK_PF(pf);
        bp += ldb;
        pf += ldb;
    }
    STORE8(c00, tile + 0);
    STORE8(c01, tile + 8);
    STORE8(c10, tile + 32);
    STORE8(c11, tile + 40);
    STORE8(c20, tile + 64);
    STORE8(c21, tile + 72);
    STORE8(c30, tile + 96);
    STORE8(c31, tile + 104);
}

/// Up to 3 rows x the whole panel (32 columns).
CBK_TARGET static void CBK(tile3)(const float *a, ptrdiff_t lda, ptrdiff_t rows, ptrdiff_t k, const float *b,
    ptrdiff_t ldb, const float *pf, int resume, float *tile) {
    const float *a0 = a;
    const float *a1 = rows > 1 ? a + lda : a;
    const float *a2 = rows > 2 ? a + 2 * lda : a;
    v8f zero = {0};
    v8f c00 = START8(tile + 0), c01 = START8(tile + 8), c02 = START8(tile + 16), c03 = START8(tile + 24);
    v8f c10 = START8(tile + 32), c11 = START8(tile + 40), c12 = START8(tile + 48), c13 = START8(tile + 56);
    v8f c20 = START8(tile + 64), c21 = START8(tile + 72), c22 = START8(tile + 80), c23 = START8(tile + 88);
    const float *bp = b;
    for (ptrdiff_t kk = 0; kk < k; kk++) {
        v8f b0 = LOAD8(bp);
        v8f b1 = LOAD8(bp + 8);
        v8f b2 = LOAD8(bp + 16);
        v8f b3 = LOAD8(bp + 24);
        CBK_ROW4(a0, c00, c01, c02, c03);
        CBK_ROW4(a1, c10, c11, c12, c13);
        CBK_ROW4(a2, c20, c21, c22, c23);
        CBK_PF(pf);
        bp += ldb;
        pf += ldb;
    }
    STORE8(c00, tile + 0);
    STORE8(c01, tile + 8);
    STORE8(c02, tile + 16);
    STORE8(c03, tile + 24);
    STORE8(c10, tile + 32);
    STORE8(c11, tile + 40);
    STORE8(c12, tile + 48);
    STORE8(c13, tile + 56);
    STORE8(c20, tile + 64);
    STORE8(c21, tile + 72);
    STORE8(c22, tile + 80);
    STORE8(c23, tile + 88);
}

/// Up to 2 rows x the whole panel (32 columns).
CBK_TARGET static void CBK(tile2)(const float *a, ptrdiff_t lda, ptrdiff_t rows, ptrdiff_t k, const float *b,
    ptrdiff_t ldb, const float *pf, int resume, float *tile) {
    const float *a0 = a;
    const float *a1 = rows > 1 ? a + lda : a;
    v8f zero = {0};
    v8f c00 = START8(tile + 0), c01 = START8(tile + 8), c02 = START8(tile + 16), c03 = START8(tile + 24);
    v8f c10 = START8(tile + 32), c11 = START8(tile + 40), c12 = START8(tile + 48), c13 = START8(tile + 56);
    const float *bp = b;
    for (ptrdiff_t kk = 0; kk < k; kk++) {
        v8f b0 = LOAD8(bp);
        v8f b1 = LOAD8(bp + 8);
        v8f b2 = LOAD8(bp + 16);
        v8f b3 = LOAD8(bp + 24);
        CBK_ROW4(a0, c00, c01, c02, c03);
        CBK_ROW4(a1, c10, c11, c12, c13);
        CBK_PF(pf);
        bp += ldb;
        pf += ldb;
    }
    STORE8(c00, tile + 0);
    STORE8(c01, tile + 8);
    STORE8(c02, tile + 16);
    STORE8(c03, tile + 24);
    STORE8(c10, tile + 32);
    STORE8(c11, tile + 40);
    STORE8(c12, tile + 48);
    STORE8(c13, tile + 56);
}

/// One depth block (k rows of the panel from b) for every row tile of a chunk of rows (A at a); pf is the
/// block to prefetch meanwhile.
CBK_TARGET static void CBK(block)(const float *a, ptrdiff_t lda, ptrdiff_t chunk, const float *b, ptrdiff_t k,
    ptrdiff_t ldb, const float *pf, int resume, float *tile) {
    for (ptrdiff_t r = 0; r < chunk;) {
        ptrdiff_t rows = chunk - r < 6 ? chunk - r : 6;
        const float *ar = a + r * lda;
        float *t = tile + r * CBK_PANEL_WIDTH;
        if (rows > 4) {
            CBK(tile6)(ar, lda, rows, k, b, ldb, pf, resume, t);
            CBK(tile6)(ar, lda, rows, k, b + 16, ldb, pf, resume, t + 16);
        } else if (rows > 3) {
            CBK(tile4)(ar, lda, rows, k, b, ldb, pf, resume, t);
            CBK(tile4)(ar, lda, rows, k, b + 16, ldb, pf, resume, t + 16);
        } else if (rows > 2) {
            CBK(tile3)(ar, lda, rows, k, b, ldb, pf, resume, t);
        } else {
            CBK(tile2)(ar, lda, rows, k, b, ldb, pf, resume, t);
        }
        r += rows;
    }
}

#undef CBK_ROW2
#undef CBK_ROW4
#undef CBK_PF
#undef START8
#undef LOAD8
#undef STORE8
#endif

/// The first n (1...16) floats at p: one full load when n is 16.
CBK_TARGET CBK_INLINE v16f CBK(load_upto)(const float *p, ptrdiff_t n) {
    return n == 16 ? LOAD(p) : CBK(load_partial)(p, n, 0.0f);
}

/// Applies the epilogue to a finished tile (rows x 32, row stride 32) and writes its `valid` columns to C at
/// (row, column).
CBK_TARGET static void CBK(write)(const float *tile, ptrdiff_t rows, float *c, ptrdiff_t row, ptrdiff_t ldc,
    ptrdiff_t column, ptrdiff_t valid, int epilogue, float scale, const float *bias, const float *residual,
    ptrdiff_t residual_stride) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        for (ptrdiff_t half = 0; half < valid; half += 16) {
            ptrdiff_t n = valid - half < 16 ? valid - half : 16;
            ptrdiff_t j = column + half;
            v16f v = LOAD(tile + r * CBK_PANEL_WIDTH + half);
            switch (epilogue) {
            case CBK_EPILOGUE_SCALE:
                v = v * scale;
                break;
            case CBK_EPILOGUE_BIAS:
                v = v + CBK(load_upto)(bias + j, n);
                break;
            case CBK_EPILOGUE_BIAS_GELU:
                v = CBK(gelu)(v + CBK(load_upto)(bias + j, n));
                break;
            case CBK_EPILOGUE_BIAS_RESIDUAL:
                v = (v + CBK(load_upto)(bias + j, n))
                    + CBK(load_upto)(residual + (row + r) * residual_stride + j, n);
                break;
            default:
                break;
            }
            float *dst = c + (row + r) * ldc + j;
            if (n == 16) {
                STORE(v, dst);
            } else {
                CBK(store_partial)(v, dst, n);
            }
        }
    }
}

CBK_TARGET void CBK(cbk_panel_gemm)(const float *a, ptrdiff_t lda, ptrdiff_t m, const float *b, ptrdiff_t depth,
    ptrdiff_t columns, ptrdiff_t row_stride, ptrdiff_t panel_stride, ptrdiff_t first_panel, ptrdiff_t end_panel,
    float *c, ptrdiff_t ldc, int epilogue, float scale, const float *bias, const float *residual,
    ptrdiff_t residual_stride) {
#if CBK_AVX2
    // The accumulators of a chunk of rows pass through this stack buffer (6 KB, in L1) from depth block to
    // depth block and then to the epilogue.
    float tile[CBK_ROW_CHUNK * CBK_PANEL_WIDTH] __attribute__((aligned(64)));
    for (ptrdiff_t p = first_panel; p < end_panel; p++) {
        ptrdiff_t column = p * CBK_PANEL_WIDTH;
        ptrdiff_t valid = columns - column < CBK_PANEL_WIDTH ? columns - column : CBK_PANEL_WIDTH;
        const float *panel = b + p * panel_stride;
        // After the panel's last block comes the next panel's first (only a prefetch: never read past the end).
        const float *next_panel = b + (p + 1) * panel_stride;
        for (ptrdiff_t r = 0; r < m; r += CBK_ROW_CHUNK) {
            ptrdiff_t chunk = m - r < CBK_ROW_CHUNK ? m - r : CBK_ROW_CHUNK;
            for (ptrdiff_t k0 = 0; k0 < depth; k0 += CBK_DEPTH_BLOCK) {
                ptrdiff_t k = depth - k0 < CBK_DEPTH_BLOCK ? depth - k0 : CBK_DEPTH_BLOCK;
                ptrdiff_t k1 = k0 + CBK_DEPTH_BLOCK;
                const float *pf = k1 < depth ? panel + k1 * row_stride : next_panel;
                CBK(block)(a + r * lda + k0, lda, chunk, panel + k0 * row_stride, k, row_stride, pf, k0 > 0, tile);
            }
            CBK(write)(tile, chunk, c, r, ldc, column, valid, epilogue, scale, bias, residual, residual_stride);
        }
    }
#else
    // The accumulators of one tile pass through this stack buffer (it stays in L1) to the epilogue.
    float tile[8 * CBK_PANEL_WIDTH] __attribute__((aligned(64)));
    for (ptrdiff_t p = first_panel; p < end_panel; p++) {
        ptrdiff_t column = p * CBK_PANEL_WIDTH;
        ptrdiff_t valid = columns - column < CBK_PANEL_WIDTH ? columns - column : CBK_PANEL_WIDTH;
        const float *panel = b + p * panel_stride;
        for (ptrdiff_t r = 0; r < m;) {
            ptrdiff_t rows = m - r < 8 ? m - r : 8;
            if (rows > 4) {
                CBK(tile8)(a + r * lda, lda, rows, depth, panel, row_stride, tile);
            } else {
                CBK(tile4)(a + r * lda, lda, rows, depth, panel, row_stride, tile);
            }
            CBK(write)(tile, rows, c, r, ldc, column, valid, epilogue, scale, bias, residual, residual_stride);
            r += rows;
        }
    }
#endif
}

// MARK: - Row kernels

CBK_TARGET void CBK(cbk_layer_norm)(
    const float *x, ptrdiff_t n, const float *gamma, const float *beta, float eps, float *out) {
    ptrdiff_t whole = n & ~(ptrdiff_t)15;
    v16f s0 = {0}, s1 = {0};
    ptrdiff_t j = 0;
    for (; j + 32 <= whole; j += 32) {
        s0 = s0 + LOAD(x + j);
        s1 = s1 + LOAD(x + j + 16);
    }
    if (j < whole) {
        s0 = s0 + LOAD(x + j);
        j += 16;
    }
    // Added even when empty (as the Swift kernel did): a -0 lane becomes +0.
    s0 = s0 + CBK(load_partial)(x + whole, n - whole, 0.0f);
    float mean = CBK(horizontal_sum)(s0 + s1) / (float)n;
    v16f m = CBK(splat)(mean);
    v16f q0 = {0}, q1 = {0};
    for (j = 0; j + 32 <= whole; j += 32) {
        v16f d0 = LOAD(x + j) - m;
        v16f d1 = LOAD(x + j + 16) - m;
        q0 = FMA(d0, d0, q0);
        q1 = FMA(d1, d1, q1);
    }
    if (j < whole) {
        v16f d0 = LOAD(x + j) - m;
        q0 = FMA(d0, d0, q0);
    }
    v16f tail = CBK(load_partial)(x + whole, n - whole, mean) - m;
    q0 = FMA(tail, tail, q0);
    float variance = CBK(horizontal_sum)(q0 + q1) / (float)n;
    v16f inv = CBK(splat)(1.0f / __builtin_sqrtf(variance + eps));
    for (j = 0; j < whole; j += 16) {
        STORE(((LOAD(x + j) - m) * inv * LOAD(gamma + j)) + LOAD(beta + j), out + j);
    }
    ptrdiff_t r = n - whole;
    if (r > 0) {
        v16f v = ((CBK(load_partial)(x + whole, r, 0.0f) - m) * inv * CBK(load_partial)(gamma + whole, r, 0.0f))
            + CBK(load_partial)(beta + whole, r, 0.0f);
        CBK(store_partial)(v, out + whole, r);
    }
}

CBK_TARGET void CBK(cbk_softmax)(float *row, ptrdiff_t n) {
    ptrdiff_t whole = n & ~(ptrdiff_t)15;
    v16f mx = CBK(load_partial)(row + whole, n - whole, -__builtin_inff());
    for (ptrdiff_t j = 0; j < whole; j += 16) mx = CBK(maximum)(mx, LOAD(row + j));
    v16f m = CBK(splat)(CBK(horizontal_max)(mx));
    v16f sum = {0};
    for (ptrdiff_t j = 0; j < whole; j += 16) {
        v16f e = CBK(exp)(LOAD(row + j) - m);
        STORE(e, row + j);
        sum = sum + e;
    }
    ptrdiff_t r = n - whole;
    if (r > 0) {
        v16f e = CBK(exp)(CBK(load_partial)(row + whole, r, 0.0f) - m);
        // Lanes past the row are not part of it: zero them before they reach the sum.
        for (ptrdiff_t lane = r; lane < 16; lane++) e[lane] = 0;
        CBK(store_partial)(e, row + whole, r);
        sum = sum + e;
    }
    v16f inv = CBK(splat)(1.0f / CBK(horizontal_sum)(sum));
    for (ptrdiff_t j = 0; j < whole; j += 16) STORE(LOAD(row + j) * inv, row + j);
    if (r > 0) CBK(store_partial)(CBK(load_partial)(row + whole, r, 0.0f) * inv, row + whole, r);
}

CBK_TARGET void CBK(cbk_add3)(const float *a, const float *b, const float *c, ptrdiff_t n, float *out) {
    ptrdiff_t whole = n & ~(ptrdiff_t)15;
    for (ptrdiff_t j = 0; j < whole; j += 16) {
        STORE((LOAD(a + j) + LOAD(b + j)) + LOAD(c + j), out + j);
    }
    ptrdiff_t r = n - whole;
    if (r > 0) {
        v16f v = (CBK(load_partial)(a + whole, r, 0.0f) + CBK(load_partial)(b + whole, r, 0.0f))
            + CBK(load_partial)(c + whole, r, 0.0f);
        CBK(store_partial)(v, out + whole, r);
    }
}

// MARK: - Attention

CBK_TARGET void CBK(cbk_attention_heads)(ptrdiff_t first, ptrdiff_t end, const float *qkv, ptrdiff_t t,
    ptrdiff_t h, ptrdiff_t d, float *probabilities, float *context, float *scratch) {
    // torch multiplies by head_dim ** -0.5, computed in double and rounded once.
    float scale = (float)(1.0 / __builtin_sqrt((double)d));
    ptrdiff_t stride = 3 * h;
    ptrdiff_t w = CBK_PANEL_WIDTH;
    for (ptrdiff_t hd = first; hd < end; hd++) {
        const float *q = qkv + hd * d;
        const float *k = qkv + h + hd * d;
        const float *v = qkv + 2 * h + hd * d;
        float *p = probabilities + hd * t * t;
        CBK(pack)(k, stride, t, d, scratch);
        CBK(cbk_panel_gemm)(q, stride, t, scratch, d, t, w, d * w, 0, (t + w - 1) / w, p, t, CBK_EPILOGUE_SCALE,
            scale, q, q, 0);
        for (ptrdiff_t i = 0; i < t; i++) CBK(cbk_softmax)(p + i * t, t);
        CBK(cbk_panel_gemm)(p, t, t, v, t, d, stride, w, 0, (d + w - 1) / w, context + hd * d, h,
            CBK_EPILOGUE_STORE, 1.0f, q, q, 0);
    }
}

// MARK: - Element-wise

// out[i] = f(x[i]) sixteen at a time, the tail through a partial load.
#define CBK_MAP(f)                                                                         \
    ptrdiff_t i = 0;                                                                       \
    for (; i + 16 <= n; i += 16) STORE(f(LOAD(x + i)), out + i);                 \
    if (i < n) CBK(store_partial)(f(CBK(load_partial)(x + i, n - i, 0.0f)), out + i, n - i);

CBK_TARGET void CBK(cbk_exp)(const float *x, ptrdiff_t n, float *out) { CBK_MAP(CBK(exp)) }

CBK_TARGET void CBK(cbk_erf)(const float *x, ptrdiff_t n, float *out) { CBK_MAP(CBK(erf)) }

CBK_TARGET void CBK(cbk_gelu)(const float *x, ptrdiff_t n, float *out) { CBK_MAP(CBK(gelu)) }

#undef CBK_MAP
