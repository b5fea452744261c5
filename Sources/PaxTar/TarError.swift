#if canImport(Glibc)
import Glibc
#endif
import SystemIO

/// Why writing or extracting an archive failed: one line naming the entry where there is one.
/// Extraction stops at the first error; the caller removes the partial output.
public struct TarError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        /// A header's checksum does not match its bytes.
        case badChecksum
        /// Not a ustar/pax header (v7 tar and unknown magic are refused).
        case badHeader
        /// A pax extended header record is malformed (bad length, no `=`, bad value).
        case badPaxHeader
        /// A size or time does not fit, or padding arithmetic overflows.
        case overflow
        /// The archive ends inside an entry, or without the two zero blocks that end it.
        case truncated
        /// An entry type we refuse: symlink, hardlink, device, fifo, sparse, unknown.
        case refusedType
        /// A path that is absolute, has `..`/empty components, NUL, or is too long/deep.
        case unsafePath
        /// The same name twice, or a file where a folder is (or the reverse).
        case duplicate
        /// A header or the archive is larger than the limits allow.
        case limit
        /// A system call failed.
        case io
        /// The writer was used out of order.
        case misuse
    }

    public let kind: Kind
    public let message: String
    /// The entry's path as the archive spells it, where known.
    public let entry: String?

    public init(_ kind: Kind, _ message: String, entry: String? = nil) {
        self.kind = kind
        self.message = message
        self.entry = entry
    }

    static func io(_ operation: String, _ path: String) -> TarError {
        io(operation, path, errno: errno)
    }

    static func io(_ operation: String, _ path: String, errno code: Int32) -> TarError {
        TarError(.io, "\(operation): \(errnoText(code))", entry: path)
    }

    public var description: String {
        if let entry { return "\(Self.quoted(entry)): \(message)" }
        return message
    }

    /// Entry names are quoted with control characters escaped so a hostile name cannot forge
    /// output lines (`quotedName`, the one rendering every module uses).
    static func quoted(_ s: String) -> String { quotedName(s) }

    static func display(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
