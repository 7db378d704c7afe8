/// A read-only row-major (rows, cols) view into shared Float storage: how every output tensor is handed out.
///
/// Views share their backing array (copy-on-write), so slicing an `Encoding` into matrices costs nothing.
public struct Matrix: Sendable {
    /// Number of rows (tokens, for every tensor an `Encoding` holds).
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    @usableFromInline let base: [Float]
    @usableFromInline let offset: Int

    /// A view of `rows * cols` elements of `base` starting at `offset`.
    public init(rows: Int, cols: Int, base: [Float], offset: Int = 0) {
        precondition(
            rows >= 0 && cols >= 0 && offset >= 0 && offset + rows * cols <= base.count, "Matrix view out of range")
        self.rows = rows
        self.cols = cols
        self.base = base
        self.offset = offset
    }

    /// The element at (`row`, `col`).
    @inlinable public subscript(row: Int, col: Int) -> Float {
        base[offset + row * cols + col]
    }

    /// One row as a slice of the shared storage.
    @inlinable public func row(_ r: Int) -> ArraySlice<Float> {
        base[(offset + r * cols)..<(offset + (r + 1) * cols)]
    }

    /// All elements, row-major.
    @inlinable public var scalars: ArraySlice<Float> {
        base[offset..<(offset + rows * cols)]
    }

    /// Shape as `[rows, cols]`.
    public var shape: [Int] { [rows, cols] }

    /// Calls `body` with a pointer to the row-major elements.
    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try base.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[offset..<(offset + rows * cols)]))
        }
    }
}
