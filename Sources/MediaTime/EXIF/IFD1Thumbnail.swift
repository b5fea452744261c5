import CardIO

/// TIFF 6.0 §2 image file directories, just far enough to find IFD1's JPEGInterchangeFormat
/// (0x0201) and JPEGInterchangeFormatLength (0x0202): the EXIF thumbnail (EXIF 2.32 §4.5.8).
/// Reads two IFDs at fixed places in a bounded block; no chain is followed, so no loop.
enum IFD1Thumbnail {
    /// `block` is `Exif\0\0` + TIFF. Returns the offset (from the TIFF header) and the length.
    static func locate(_ block: [UInt8]) -> (UInt64, UInt64)? {
        let tiff = LittleEndianReader(block.dropFirst(6), what: "TIFF header")
        guard let order = try? tiff.u16(0) else { return nil }
        let big: Bool
        switch order {
        case 0x4949: big = false
        case 0x4D4D: big = true
        default: return nil
        }
        func u16(_ at: Int) -> Int? { (try? big ? tiff.u16be(at) : tiff.u16(at)).map(Int.init) }
        func u32(_ at: Int) -> UInt32? { try? big ? tiff.u32be(at) : tiff.u32(at) }
        guard let ifd0 = u32(4).map(Int.init), let n0 = u16(ifd0) else { return nil }
        guard let ifd1 = u32(ifd0 + 2 + n0 * 12).map(Int.init), ifd1 != 0, ifd1 != ifd0, let n1 = u16(ifd1) else { return nil }
        var offset: UInt32?, length: UInt32?
        for i in 0..<min(n1, 64) {
            let e = ifd1 + 2 + i * 12
            guard let tag = u16(e) else { return nil }
            if tag == 0x0201 { offset = u32(e + 8) }
            if tag == 0x0202 { length = u32(e + 8) }
        }
        guard let offset, let length, length > 0,
              UInt64(offset) + UInt64(length) <= UInt64(tiff.count) else { return nil }
        return (UInt64(offset), UInt64(length))
    }
}
