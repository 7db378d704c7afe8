// The kernels three times from one body (kernels_body.h), and the dispatch between the copies.
//
// No compiler flags: the AVX-512 and AVX2 copies get their instructions from per-function target attributes,
// so the library builds with the toolchain's defaults and can be a dependency of any package. The CPU check
// happens at run time, before the first AVX instruction.
#include "CBertKernels.h"

#include <stdint.h>

// A multiply followed by an add stays two roundings (C would otherwise let the compiler fuse them): the
// kernels fuse only where they call fma, so every copy, on every compiler, gives the same bits.
#pragma STDC FP_CONTRACT OFF
#ifdef __clang__
#pragma clang fp contract(off)
#endif

typedef float v16f __attribute__((vector_size(64)));
typedef int32_t v16i __attribute__((vector_size(64)));
typedef uint32_t v16u __attribute__((vector_size(64)));
// The same, at any alignment, for loads and stores (it may alias the floats it is read from).
typedef float v16f_unaligned __attribute__((vector_size(64), aligned(4), may_alias));
typedef float v8f __attribute__((vector_size(32)));
typedef uint32_t v8u __attribute__((vector_size(32)));
typedef float v4f __attribute__((vector_size(16)));
typedef uint32_t v4u __attribute__((vector_size(16)));
typedef float v2f __attribute__((vector_size(8)));
typedef uint32_t v2u __attribute__((vector_size(8)));

// The body's small helpers: inlined even in debug builds (-O0). The three of the GEMM's inner loop are macros:
// at -O0 an inlined function still copies each 64-byte argument through memcpy, ten times slower.
#define CBK_INLINE static inline __attribute__((always_inline))
/// Sixteen floats from p (any alignment).
#define LOAD(p) (*(const v16f_unaligned *)(p))
/// Stores v at p (any alignment).
#define STORE(v, p) (*(v16f_unaligned *)(p) = (v))
/// Lane-wise a * b + c, rounded once.
#define FMA(a, b, c) __builtin_elementwise_fma(a, b, c)

#if defined(__x86_64__)
#include <immintrin.h>

// The AVX-512 copy.
#define CBK_AVX512 1
#define CBK_AVX2 0
#define CBK_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma,avx2")))
#define CBK(name) name##_avx512
#include "kernels_body.h"
#undef CBK_AVX512
#undef CBK_AVX2
#undef CBK_TARGET
#undef CBK

// The AVX2 copy (x86-64-v3's vector units: 16 ymm registers, FMA), for the many CPUs without AVX-512. Its
// v16f values are pairs of ymm registers, so the ABI warning of the portable copy below applies here too.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#define CBK_AVX512 0
#define CBK_AVX2 1
#define CBK_TARGET __attribute__((target("avx2,fma")))
#define CBK(name) name##_avx2
#include "kernels_body.h"
#undef CBK_AVX512
#undef CBK_AVX2
#undef CBK_TARGET
#undef CBK
#pragma GCC diagnostic pop

int cbk_avx512_supported(void) {
    // Cached: __builtin_cpu_supports reads a table filled at load (and checks the OS saves the zmm state).
    static int supported = -1;
    int s = __atomic_load_n(&supported, __ATOMIC_RELAXED);
    if (s < 0) {
        __builtin_cpu_init();
        s = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
            && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        __atomic_store_n(&supported, s, __ATOMIC_RELAXED);
    }
    return s;
}

int cbk_avx2_supported(void) {
    // The runtime's AVX2 bit is set only where the OS saves the ymm state (it checks XGETBV).
    static int supported = -1;
    int s = __atomic_load_n(&supported, __ATOMIC_RELAXED);
    if (s < 0) {
        __builtin_cpu_init();
        s = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        __atomic_store_n(&supported, s, __ATOMIC_RELAXED);
    }
    return s;
}
#endif

// The portable copy: the same body for the compiler's baseline target. Its static helpers pass v16f values,
// which the baseline x86-64 ABI passes differently from an AVX-512 one; they are file-local and inlined, so no
// caller outside this file ever sees that ABI, and the warning about it does not apply.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#define CBK_AVX512 0
#define CBK_AVX2 0
#define CBK_TARGET
#define CBK(name) name##_portable
#include "kernels_body.h"
#undef CBK_AVX512
#undef CBK_AVX2
#undef CBK_TARGET
#undef CBK
#pragma GCC diagnostic pop

#if !defined(__x86_64__)
int cbk_avx512_supported(void) { return 0; }
int cbk_avx2_supported(void) { return 0; }

// Elsewhere the `_avx512` and `_avx2` names exist (the header declares them) and run the portable copy.
#define CBK_ALIAS(name, params, args)                         \
    void name##_avx512 params { name##_portable args; }      \
    void name##_avx2 params { name##_portable args; }
#else
#define CBK_ALIAS(name, params, args)
#endif

// Each entry point: the AVX-512 copy where the CPU runs it, else the AVX2 copy, else the portable one.
#define CBK_DISPATCH(name, params, args)                      \
    CBK_ALIAS(name, params, args)                             \
    void name params {                                        \
        if (cbk_avx512_supported()) {                         \
            name##_avx512 args;                               \
        } else if (cbk_avx2_supported()) {                    \
            name##_avx2 args;                                 \
        } else {                                              \
            name##_portable args;                             \
        }                                                     \
    }

CBK_DISPATCH(cbk_panel_gemm,
    (const float *a, ptrdiff_t lda, ptrdiff_t rows, const float *b, ptrdiff_t depth, ptrdiff_t columns,
        ptrdiff_t row_stride, ptrdiff_t panel_stride, ptrdiff_t first_panel, ptrdiff_t end_panel, float *c,
        ptrdiff_t ldc, int epilogue, float scale, const float *bias, const float *residual,
        ptrdiff_t residual_stride),
    (a, lda, rows, b, depth, columns, row_stride, panel_stride, first_panel, end_panel, c, ldc, epilogue, scale,
        bias, residual, residual_stride))
CBK_DISPATCH(cbk_attention_heads,
    (ptrdiff_t first, ptrdiff_t end, const float *qkv, ptrdiff_t tokens, ptrdiff_t hidden, ptrdiff_t head_dim,
        float *probabilities, float *context, float *scratch),
    (first, end, qkv, tokens, hidden, head_dim, probabilities, context, scratch))
CBK_DISPATCH(cbk_layer_norm,
    (const float *x, ptrdiff_t n, const float *gamma, const float *beta, float eps, float *out),
    (x, n, gamma, beta, eps, out))
CBK_DISPATCH(cbk_softmax, (float *row, ptrdiff_t n), (row, n))
CBK_DISPATCH(cbk_add3, (const float *a, const float *b, const float *c, ptrdiff_t n, float *out), (a, b, c, n, out))
CBK_DISPATCH(cbk_exp, (const float *x, ptrdiff_t n, float *out), (x, n, out))
CBK_DISPATCH(cbk_erf, (const float *x, ptrdiff_t n, float *out), (x, n, out))
CBK_DISPATCH(cbk_gelu, (const float *x, ptrdiff_t n, float *out), (x, n, out))
