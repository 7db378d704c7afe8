import ArgumentParser
import BertKit

extension BertModel.Engine: ExpressibleByArgument {}

/// `--engine simd|blas`: which forward-pass engine runs (inspect and bench), so either can be checked on one machine.
struct EngineOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Forward-pass engine: simd (AVX2 or AVX-512 kernels) or blas (OpenBLAS); default simd where the CPU has AVX2 "
                + "and FMA.",
            valueName: "simd|blas"))
    var engine: BertModel.Engine?
}
