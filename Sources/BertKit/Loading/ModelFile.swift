import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the small files of a model folder (`config.json`, the shard index) with errors that say what is wrong:
/// a missing file, a folder, a FIFO or device in its place (never opened for reading, so it cannot hang or
/// stream forever), no permission, or a file too large to be what it claims.
public enum ModelFile {
    /// The bytes of the regular file at `url`; `what` names it in errors ("model config"), `limit` caps its size.
    public static func read(_ url: URL, what: String, limit: Int = 64 << 20) throws -> Data {
        let path = url.path
        // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting; fstat then refuses it.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw BertError.missingFile(path: path, what: what)
            case EACCES, EPERM: throw BertError.unreadable(path: path, reason: "permission denied")
            case ENOTDIR: throw BertError.unreadable(path: path, reason: "a part of the path is not a folder")
            default: throw BertError.unreadable(path: path, reason: String(cString: strerror(code)))
            }
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw BertError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw BertError.unreadable(path: path, reason: "is a folder, not the \(what) file")
        case S_IFIFO: throw BertError.unreadable(path: path, reason: "is a FIFO, not a regular file")
        case S_IFCHR, S_IFBLK: throw BertError.unreadable(path: path, reason: "is a device, not a regular file")
        default: throw BertError.unreadable(path: path, reason: "is not a regular file")
        }
        let size = Int(st.st_size)
        guard size <= limit else {
            throw BertError.invalidFile(
                path: path, reason: "is \(size) bytes, too large for a \(what) (at most \(limit))")
        }
        var data = Data(count: size)
        var done = 0
        let failure: Int32? = data.withUnsafeMutableBytes { buf -> Int32? in
            guard let base = buf.baseAddress else { return nil }
            while done < size {
                let n = systemRead(fd, base + done, size - done)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return errno
                }
                if n == 0 { break }
                done += n
            }
            return nil
        }
        if let failure { throw BertError.unreadable(path: path, reason: String(cString: strerror(failure))) }
        return done == size ? data : data.prefix(done)
    }

    private static func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, p, n)
        #else
        return Darwin.read(fd, p, n)
        #endif
    }
}
