// The forward pass's vector kernels: panel GEMM, attention, LayerNorm, softmax, exp, erf, GELU.
//
// Every kernel exists three times, compiled from the same body (kernels_body.h): an AVX-512 copy (`_avx512`)
// and an AVX2 copy (`_avx2`), both built with per-function target attributes so the library needs no -march
// flag, and a portable copy (`_portable`, the compiler's baseline). The unsuffixed entry points pick the
// AVX-512 copy when this CPU has its features, else the AVX2 one, else the portable one. All three compute
// bit-identical results (same operations in the same order for every output, fused only where written `fma`;
// the register tiles differ, the order of each value's sum does not). The suffixed copies are public for the
// tests that compare them; call a vector copy only when its `cbk_..._supported()` says so.
#ifndef CBERTKERNELS_H
#define CBERTKERNELS_H

#include <stddef.h>

// Epilogue codes for `cbk_panel_gemm`: what happens to each finished value of A B at (row r, column j).
/// C = A B.
#define CBK_EPILOGUE_STORE 0
/// C = scale * (A B).
#define CBK_EPILOGUE_SCALE 1
/// C = A B + bias[j] (HF's nn.Linear).
#define CBK_EPILOGUE_BIAS 2
/// C = gelu(A B + bias[j]) (BertIntermediate).
#define CBK_EPILOGUE_BIAS_GELU 3
/// C = (A B + bias[j]) + residual[r * residual_stride + j] (what BertSelfOutput and BertOutput normalise).
#define CBK_EPILOGUE_BIAS_RESIDUAL 4

/// Columns per panel of the panel GEMM's B operand: the register tile's width.
#define CBK_PANEL_WIDTH 32

/// Whether this CPU runs the `_avx512` copies (AVX-512 F/VL/BW/DQ, AVX2 and FMA, with OS support).
int cbk_avx512_supported(void);

/// Whether this CPU runs the `_avx2` copies (AVX2 and FMA, with OS support for the ymm registers).
int cbk_avx2_supported(void);

// One kernel's four names: `name` (dispatching), `name_avx512`, `name_avx2` and `name_portable`.
#define CBK_DECLARE(ret, name, params) \
    ret name params;                   \
    ret name##_avx512 params;          \
    ret name##_avx2 params;            \
    ret name##_portable params;

/// C = epilogue(A B) for the panels first_panel..<end_panel of B (a chunk of the work).
///
/// - A: rows x depth, row r at a + r * lda.
/// - B: depth x columns in panels of 32 columns: B[k][p * 32 + j] at b + p * panel_stride + k * row_stride + j.
///   A packed weight has row_stride 32 and panel_stride depth * 32; a row-major (depth, columns) matrix with
///   leading dimension ld has row_stride ld and panel_stride 32. B is read 32 floats at a time, so the memory
///   behind a ragged last panel must be readable.
/// - C: rows x columns, row r at c + r * ldc; only the chunk's columns are written.
/// - epilogue: a CBK_EPILOGUE_ code, with the scale, bias (columns) and residual (rows x columns at
///   residual_stride) it uses; pass any readable pointer for the ones it does not.
CBK_DECLARE(void, cbk_panel_gemm,
    (const float *a, ptrdiff_t lda, ptrdiff_t rows, const float *b, ptrdiff_t depth, ptrdiff_t columns,
        ptrdiff_t row_stride, ptrdiff_t panel_stride, ptrdiff_t first_panel, ptrdiff_t end_panel, float *c,
        ptrdiff_t ldc, int epilogue, float scale, const float *bias, const float *residual,
        ptrdiff_t residual_stride))

/// Scaled dot-product attention (HF eager_attention_forward, no mask, no dropout) for heads first..<end over
/// qkv (tokens, 3 * hidden) = [query | key | value] per token: probabilities[head] (tokens, tokens) =
/// softmax(q k^T * head_dim^-1/2), context[:, head's columns] (tokens, hidden) = p v.
/// scratch holds one head's keys packed into panels: ceil(tokens / 32) * 32 * head_dim floats. The value
/// vectors are read 32 floats at a time: qkv must stay readable 32 floats past its last row.
CBK_DECLARE(void, cbk_attention_heads,
    (ptrdiff_t first, ptrdiff_t end, const float *qkv, ptrdiff_t tokens, ptrdiff_t hidden, ptrdiff_t head_dim,
        float *probabilities, float *context, float *scratch))

/// out = LayerNorm(x) over n floats, as torch: (x - mean) / sqrt(biased variance + eps) * gamma + beta, in two
/// passes (mean, then the centred sum of squares). out may be x.
CBK_DECLARE(void, cbk_layer_norm,
    (const float *x, ptrdiff_t n, const float *gamma, const float *beta, float eps, float *out))

/// In-place softmax of one row of n floats, max-subtracted like torch.
CBK_DECLARE(void, cbk_softmax, (float *row, ptrdiff_t n))

/// out = (a + b) + c over n floats: BertEmbeddings' word + token type + position sum.
CBK_DECLARE(void, cbk_add3, (const float *a, const float *b, const float *c, ptrdiff_t n, float *out))

/// out[i] = e^x[i] for i in 0..<n (Cephes' reduction and polynomial, within 2 ulp).
CBK_DECLARE(void, cbk_exp, (const float *x, ptrdiff_t n, float *out))

/// out[i] = erf(x[i]) for i in 0..<n (within 2 ulp).
CBK_DECLARE(void, cbk_erf, (const float *x, ptrdiff_t n, float *out))

/// out[i] = gelu(x[i]) = x * 0.5 * (1 + erf(x / sqrt(2))) for i in 0..<n (the GEMM epilogue's GELU).
CBK_DECLARE(void, cbk_gelu, (const float *x, ptrdiff_t n, float *out))

#undef CBK_DECLARE

#endif
