import CPNG
import Foundation

/// What went wrong turning a raster into PNG bytes or back.
public enum PNGError: Error, Equatable, CustomStringConvertible {
    /// libpng refused to encode (its own message attached).
    case encodeFailed(reason: String)
    /// The bytes (or the file at `path`) are not a PNG libpng can read.
    case decodeFailed(path: String?, reason: String)

    /// A one-line message for the user.
    public var description: String {
        switch self {
        case .encodeFailed(let reason): return "cannot encode PNG: \(reason)"
        case .decodeFailed(let path?, let reason): return "cannot read PNG \(path): \(reason)"
        case .decodeFailed(nil, let reason): return "cannot read PNG: \(reason)"
        }
    }
}

/// PNG encoding and decoding through libpng's simplified `png_image` API (libpng 1.6), which reports errors
/// by return value and message instead of `longjmp`, so no C error handler is needed.
///
/// The output is deterministic: no time chunk, no text chunks, fixed compression settings.
public enum PNGCodec {
    /// The PNG bytes of `raster`.
    public static func encode(_ raster: Raster) throws -> Data {
        guard raster.width > 0, raster.height > 0 else {
            throw PNGError.encodeFailed(
                reason: "an image needs at least one pixel (got \(raster.width)x\(raster.height))")
        }
        guard raster.width <= 1 << 24, raster.height <= 1 << 24 else {
            throw PNGError.encodeFailed(reason: "image of \(raster.width)x\(raster.height) pixels is too large")
        }
        var image = png_image()
        image.version = cpng_image_version()
        image.width = png_uint_32(raster.width)
        image.height = png_uint_32(raster.height)
        image.format = raster.channels == .rgba ? cpng_format_rgba() : cpng_format_rgb()
        defer { png_image_free(&image) }
        let stride = png_int_32(raster.rowStride)
        return try raster.bytes.withUnsafeBytes { pixels -> Data in
            var size: png_alloc_size_t = 0
            // First call measures, second writes.
            guard png_image_write_to_memory(&image, nil, &size, 0, pixels.baseAddress, stride, nil) != 0, size > 0
            else {
                throw PNGError.encodeFailed(reason: message(of: image))
            }
            var out = Data(count: Int(size))
            let ok = out.withUnsafeMutableBytes { buf in
                png_image_write_to_memory(&image, buf.baseAddress, &size, 0, pixels.baseAddress, stride, nil)
            }
            guard ok != 0 else { throw PNGError.encodeFailed(reason: message(of: image)) }
            out.count = Int(size)
            return out
        }
    }

    /// Decodes PNG bytes into a raster with the given channels (libpng converts any PNG colour type).
    public static func decode(_ data: Data, channels: Raster.Channels = .rgba) throws -> Raster {
        var image = png_image()
        image.version = cpng_image_version()
        defer { png_image_free(&image) }
        let began = data.withUnsafeBytes { buf in
            png_image_begin_read_from_memory(&image, buf.baseAddress, buf.count)
        }
        guard began != 0 else { throw PNGError.decodeFailed(path: nil, reason: message(of: image)) }
        return try finishRead(&image, channels: channels, path: nil)
    }

    /// Reads and decodes the PNG file at `path`.
    public static func read(contentsOf path: String, channels: Raster.Channels = .rgba) throws -> Raster {
        var image = png_image()
        image.version = cpng_image_version()
        defer { png_image_free(&image) }
        guard png_image_begin_read_from_file(&image, path) != 0 else {
            throw PNGError.decodeFailed(path: path, reason: message(of: image))
        }
        return try finishRead(&image, channels: channels, path: path)
    }

    private static func finishRead(_ image: inout png_image, channels: Raster.Channels, path: String?) throws -> Raster
    {
        image.format = channels == .rgba ? cpng_format_rgba() : cpng_format_rgb()
        let width = Int(image.width)
        let height = Int(image.height)
        var bytes = [UInt8](repeating: 0, count: width * height * channels.rawValue)
        let ok = bytes.withUnsafeMutableBytes { buf in
            png_image_finish_read(&image, nil, buf.baseAddress, png_int_32(width * channels.rawValue), nil)
        }
        guard ok != 0 else { throw PNGError.decodeFailed(path: path, reason: message(of: image)) }
        guard let raster = Raster(width: width, height: height, channels: channels, bytes: bytes) else {
            throw PNGError.decodeFailed(path: path, reason: "unexpected image size")
        }
        return raster
    }

    /// libpng's message for the last failure, or a generic one.
    private static func message(of image: png_image) -> String {
        var image = image
        var buf = [CChar](repeating: 0, count: 64)
        cpng_image_message(&image, &buf)
        let text = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? "libpng reported an error" : text
    }
}
