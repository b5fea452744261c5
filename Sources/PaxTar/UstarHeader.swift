import Messages
/// The 512-byte ustar header block (POSIX.1-2001 `pax` utility, "ustar Interchange Format").
/// Field offsets and sizes in the standard's order; numeric fields are octal text, or (a GNU
/// extension every modern tar reads) base-256 binary when the high bit of the first byte is set.
struct UstarHeader {
    static let blockSize = 512

    enum Field {
        static let name = 0..<100
        static let mode = 100..<108
        static let uid = 108..<116
        static let gid = 116..<124
        static let size = 124..<136
        static let mtime = 136..<148
        static let checksum = 148..<156
        static let typeflag = 156
        static let linkname = 157..<257
        static let magic = 257..<263
        static let version = 263..<265
        static let uname = 265..<297
        static let gname = 297..<329
        static let devmajor = 329..<337
        static let devminor = 337..<345
        static let prefix = 345..<500
    }

    /// POSIX ustar: "ustar\0" then version "00".
    static let magic: [UInt8] = Array("ustar".utf8) + [0]
    static let version: [UInt8] = Array("00".utf8)
    /// GNU tar's older format: "ustar  \0" across magic and version.
    static let gnuMagic: [UInt8] = Array("ustar  ".utf8) + [0]

    /// Type flags (POSIX `typeflag`, plus the pax and GNU ones we recognise).
    enum TypeFlag {
        static let regular: UInt8 = 0x30          // '0'
        static let regularOld: UInt8 = 0          // NUL: pre-POSIX regular file
        static let hardLink: UInt8 = 0x31         // '1'
        static let symbolicLink: UInt8 = 0x32     // '2'
        static let characterDevice: UInt8 = 0x33  // '3'
        static let blockDevice: UInt8 = 0x34      // '4'
        static let directory: UInt8 = 0x35        // '5'
        static let fifo: UInt8 = 0x36             // '6'
        static let contiguous: UInt8 = 0x37       // '7': treated as regular, as POSIX allows
        static let paxExtended: UInt8 = 0x78      // 'x': applies to the next entry
        static let paxGlobal: UInt8 = 0x67        // 'g': applies to all following entries
        static let gnuLongName: UInt8 = 0x4c      // 'L'
        static let gnuLongLink: UInt8 = 0x4b      // 'K'
    }

    var bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Reading

    var isZeroBlock: Bool { bytes.allSatisfy { $0 == 0 } }

    /// The stored checksum and the two sums it may be (unsigned as POSIX says; signed as some
    /// historic tars computed it).
    func checksumMatches() -> Bool {
        guard let stored = try? UstarHeader.parseNumber(bytes[Field.checksum]) else { return false }
        var unsigned: Int64 = 0, signed: Int64 = 0
        for (i, b) in bytes.enumerated() {
            let v = Field.checksum.contains(i) ? UInt8(0x20) : b
            unsigned += Int64(v)
            signed += Int64(Int8(bitPattern: v))
        }
        return stored == unsigned || stored == signed
    }

    var hasKnownMagic: Bool {
        let magicAndVersion = Array(bytes[257..<265])
        // POSIX "ustar\0" (version "00", though some writers leave it blank) or GNU "ustar  \0".
        return Array(bytes[Field.magic]) == UstarHeader.magic || magicAndVersion == UstarHeader.gnuMagic
    }

    var typeflag: UInt8 { bytes[Field.typeflag] }

    /// A NUL-terminated text field's bytes.
    func string(_ range: Range<Int>) -> [UInt8] {
        let field = bytes[range]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return Array(field[field.startIndex..<end])
    }

    /// The path from `prefix` and `name` (ustar splits long paths at a `/`).
    var path: [UInt8] {
        let name = string(Field.name)
        let prefix = string(Field.prefix)
        if prefix.isEmpty || Array(bytes[257..<265]) == UstarHeader.gnuMagic { return name }
        return prefix + [0x2f] + name
    }

    func number(_ range: Range<Int>) throws -> Int64 { try UstarHeader.parseNumber(bytes[range]) }

    /// Octal digits (leading spaces allowed, ended by NUL or space, all-NUL is 0) or base-256
    /// binary. Throws on other bytes and on overflow; never traps.
    static func parseNumber(_ field: ArraySlice<UInt8>) throws -> Int64 {
        guard let first = field.first else { return 0 }
        if first & 0x80 != 0 {
            // Base-256: big-endian binary with the marker bit cleared. A set sign bit means a
            // negative number, which no size needs; refused rather than guessed at.
            guard first & 0x40 == 0 else { throw TarError(.overflow, tr(.tcNegativeBinaryNumberField)) }
            var value: Int64 = 0
            for (i, b) in field.enumerated() {
                let byte = i == 0 ? b & 0x3f : b
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 256)
                if overflow { throw TarError(.overflow, tr(.tcBinaryNumberFieldOverflows)) }
                value = shifted | Int64(byte)
            }
            return value
        }
        var value: Int64 = 0
        var i = field.startIndex
        while i < field.endIndex && field[i] == 0x20 { i += 1 }
        while i < field.endIndex {
            let b = field[i]
            if b == 0 || b == 0x20 { break }
            guard b >= 0x30 && b <= 0x37 else { throw TarError(.badHeader, tr(.tcNumberFieldHasANon, ["v": "\(String(b, radix: 16))"])) }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 8)
            let (added, o2) = shifted.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { throw TarError(.overflow, tr(.tcOctalNumberFieldOverflows)) }
            value = added
            i += 1
        }
        // After the terminator only NULs and spaces may follow.
        while i < field.endIndex {
            guard field[i] == 0 || field[i] == 0x20 else { throw TarError(.badHeader, tr(.tcNumberFieldHasBytesAfter)) }
            i += 1
        }
        return value
    }

    // MARK: Writing

    /// A fresh header with ustar magic, the given fields, and a fixed, sane owner.
    static func make(name: [UInt8], mode: Int64, size: UInt64, mtime: Int64, typeflag: UInt8) -> UstarHeader {
        var h = UstarHeader(bytes: [UInt8](repeating: 0, count: blockSize))
        h.put(name, Field.name)
        h.putOctal(mode, Field.mode)
        h.putOctal(0, Field.uid)
        h.putOctal(0, Field.gid)
        if size <= maxOctal(Field.size.count) {
            h.putOctal(Int64(size), Field.size)
        } else {
            h.putBase256(size, Field.size)
        }
        h.putOctal(min(max(mtime, 0), Int64(maxOctal(Field.mtime.count))), Field.mtime)
        h.bytes[Field.typeflag] = typeflag
        h.put(magic, Field.magic)
        h.put(version, Field.version)
        h.put(Array("root".utf8), Field.uname)
        h.put(Array("root".utf8), Field.gname)
        h.putOctal(0, Field.devmajor)
        h.putOctal(0, Field.devminor)
        h.sealChecksum()
        return h
    }

    /// The largest value an octal field of `width` bytes holds (width-1 digits and a NUL).
    static func maxOctal(_ width: Int) -> UInt64 { (UInt64(1) << (3 * UInt64(width - 1))) - 1 }

    mutating func put(_ value: [UInt8], _ range: Range<Int>) {
        for (i, b) in value.prefix(range.count).enumerated() { bytes[range.lowerBound + i] = b }
    }

    mutating func putOctal(_ value: Int64, _ range: Range<Int>) {
        let digits = String(value, radix: 8)
        let padded = String(repeating: "0", count: max(0, range.count - 1 - digits.count)) + digits
        put(Array(padded.utf8), range)
        bytes[range.upperBound - 1] = 0
    }

    mutating func putBase256(_ value: UInt64, _ range: Range<Int>) {
        var v = value
        for i in stride(from: range.upperBound - 1, through: range.lowerBound, by: -1) {
            bytes[i] = UInt8(truncatingIfNeeded: v)
            v >>= 8
        }
        bytes[range.lowerBound] = 0x80
    }

    /// Computes and stores the checksum: six octal digits, NUL, space (as GNU and POSIX tars write).
    mutating func sealChecksum() {
        for i in Field.checksum { bytes[i] = 0x20 }
        let sum = bytes.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        put(Array(padded.utf8), 148..<154)
        bytes[154] = 0
        bytes[155] = 0x20
    }
}
