extension BertConfig {
    /// Floating-point operations of one encoder layer over `tokens` tokens (multiply-adds count 2): the fused QKV
    /// projection, the two attention products, the attention output and the two FFN projections.
    public func layerFLOPs(tokens: Int) -> Double {
        let (t, h, i) = (Double(tokens), Double(hiddenSize), Double(intermediateSize))
        return 2 * t * h * 3 * h + 2 * 2 * t * t * h + 2 * t * h * h + 2 * 2 * t * h * i
    }

    /// Floating-point operations of a whole forward pass over `tokens` tokens: every layer and the pooler.
    public func forwardFLOPs(tokens: Int) -> Double {
        Double(numHiddenLayers) * layerFLOPs(tokens: tokens) + 2 * Double(hiddenSize) * Double(hiddenSize)
    }
}
