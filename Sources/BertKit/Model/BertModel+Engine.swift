extension BertModel {
    /// The forward pass's engine: `simd`, CBertKernels' panel kernels (x86-64 CPUs with AVX2 and FMA, or
    /// AVX-512), or `blas`, OpenBLAS on HF's weight layout (any CPU). Both give HF's numbers within the same
    /// tolerances.
    public enum Engine: String, CaseIterable, Sendable {
        case simd, blas

        /// The vector units the `simd` engine's kernels use on a CPU (the copy of CBertKernels that runs).
        public enum VectorCopy: String, Sendable {
            case avx512 = "AVX-512"
            case avx2 = "AVX2"
        }

        /// The copy the `simd` engine runs on this CPU, or nil where it cannot run.
        public static var vectorCopy: VectorCopy? { KernelSupport.vectorCopy }

        /// What this CPU runs when no engine is asked for: `simd` where it can, else `blas`.
        public static var preferred: Engine { KernelSupport.vectorKernels ? .simd : .blas }

        /// The weights' layout the engine reads.
        var layout: BertWeights.Layout { self == .simd ? .panels : .rowMajor }

        /// Throws when this CPU cannot run the engine (`simd` needs AVX2 and FMA).
        func check() throws {
            if self == .simd && !KernelSupport.vectorKernels {
                throw BertError.invalidInput(
                    reason: "the simd engine needs an x86-64 CPU with AVX2 and FMA (x86-64-v3) or AVX-512, which "
                        + "this one lacks; the blas engine runs everywhere")
            }
        }
    }

    /// The engine this model runs.
    public var engine: Engine { weights.layout == .panels ? .simd : .blas }

    /// The engine as a person reads it: "simd (AVX2)", "simd (AVX-512)" or "blas".
    public var engineDescription: String {
        guard engine == .simd, let copy = Engine.vectorCopy else { return engine.rawValue }
        return "\(engine.rawValue) (\(copy.rawValue))"
    }
}
