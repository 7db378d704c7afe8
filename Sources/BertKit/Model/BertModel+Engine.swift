extension BertModel {
    /// The forward pass's engine: `simd`, CBertKernels' panel kernels (CPUs with AVX-512), or `blas`, OpenBLAS
    /// on HF's weight layout (any CPU). Both give HF's numbers within the same tolerances.
    public enum Engine: String, CaseIterable, Sendable {
        case simd, blas

        /// What this CPU runs when no engine is asked for: `simd` where it can, else `blas`.
        public static var preferred: Engine { KernelSupport.vectorKernels ? .simd : .blas }

        /// The weights' layout the engine reads.
        var layout: BertWeights.Layout { self == .simd ? .panels : .rowMajor }

        /// Throws when this CPU cannot run the engine (`simd` needs AVX-512).
        func check() throws {
            if self == .simd && !KernelSupport.vectorKernels {
                throw BertError.invalidInput(
                    reason: "the simd engine needs AVX-512 (x86-64-v4: avx512f, bw, cd, dq, vl), which this CPU "
                        + "lacks; the blas engine runs everywhere")
            }
        }
    }

    /// The engine this model runs.
    public var engine: Engine { weights.layout == .panels ? .simd : .blas }
}
