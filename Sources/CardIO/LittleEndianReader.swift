/// A bounds-checked little-endian view of bytes read from a card or an archive.
///
/// Every accessor throws `CardIOError.truncated` instead of trapping, so a parser can be written
/// in spec order without guarding each offset by hand.
public struct LittleEndianReader {
    public let bytes: ArraySlice<UInt8>
    /// Names the structure in errors ("FAT boot sector"). Worded only when an error needs it:
    /// readers are made per directory slot and per box, and the name is a catalogue lookup.
    private let describe: () -> String
    public var what: String { describe() }

    public init(_ bytes: [UInt8], what: @autoclosure @escaping () -> String) {
        self.bytes = bytes[...]
        self.describe = what
    }

    public init(_ bytes: ArraySlice<UInt8>, what: @autoclosure @escaping () -> String) {
        self.bytes = bytes
        self.describe = what
    }

    public var count: Int { bytes.count }

    @inline(__always)
    private func check(_ offset: Int, _ length: Int) throws {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
            throw CardIOError.truncated(source: what, offset: UInt64(max(offset, 0)),
                                        wanted: UInt64(max(length, 0)), available: UInt64(max(0, bytes.count - max(offset, 0))))
        }
    }

    public func u8(_ offset: Int) throws -> UInt8 {
        try check(offset, 1)
        return bytes[bytes.startIndex + offset]
    }

    public func u16(_ offset: Int) throws -> UInt16 {
        try check(offset, 2)
        let b = bytes.startIndex + offset
        return UInt16(bytes[b]) | UInt16(bytes[b + 1]) << 8
    }

    public func u32(_ offset: Int) throws -> UInt32 {
        try check(offset, 4)
        let b = bytes.startIndex + offset
        var v: UInt32 = 0
        for i in (0..<4).reversed() { v = v << 8 | UInt32(bytes[b + i]) }
        return v
    }

    public func u64(_ offset: Int) throws -> UInt64 {
        try check(offset, 8)
        let b = bytes.startIndex + offset
        var v: UInt64 = 0
        for i in (0..<8).reversed() { v = v << 8 | UInt64(bytes[b + i]) }
        return v
    }

    /// Big-endian accessors, for the formats that use them (ISO BMFF, MPEG-TS).
    public func u16be(_ offset: Int) throws -> UInt16 {
        try check(offset, 2)
        let b = bytes.startIndex + offset
        return UInt16(bytes[b]) << 8 | UInt16(bytes[b + 1])
    }

    public func u32be(_ offset: Int) throws -> UInt32 {
        try check(offset, 4)
        let b = bytes.startIndex + offset
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(bytes[b + i]) }
        return v
    }

    public func u64be(_ offset: Int) throws -> UInt64 {
        try check(offset, 8)
        let b = bytes.startIndex + offset
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[b + i]) }
        return v
    }

    public func slice(_ offset: Int, _ length: Int) throws -> ArraySlice<UInt8> {
        try check(offset, length)
        let b = bytes.startIndex + offset
        return bytes[b..<(b + length)]
    }

    public func sub(_ offset: Int, _ length: Int, what: String? = nil) throws -> LittleEndianReader {
        let slice = try slice(offset, length)
        if let what { return LittleEndianReader(slice, what: what) }
        return LittleEndianReader(slice, describe: describe)
    }

    private init(_ bytes: ArraySlice<UInt8>, describe: @escaping () -> String) {
        self.bytes = bytes
        self.describe = describe
    }
}
