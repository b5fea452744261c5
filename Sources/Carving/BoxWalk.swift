import CardIO

/// The extent of an ISO base media file (ISO/IEC 14496-12 §4.2 box header, §4.3 `ftyp`):
/// `ftyp` first, then top-level boxes back to back, each with a printable four-character type and
/// a size of at least its header; the file ends after the last box before one that is not valid.
enum BoxWalk {
    /// Top-level box types a camera's MP4/MOV holds; a walk stops at any other (photorec's rule
    /// too: an unknown type after the boxes is the next file or old data).
    static let topLevel: Set<String> = ["ftyp", "moov", "mdat", "free", "skip", "wide", "uuid", "pnot", "meta",
                                        "moof", "mfra", "sidx", "styp", "pdin", "prft", "emsg", "junk"]

    struct Extent {
        var end: UInt64
        var isQuickTime: Bool
        var hasMoov: Bool
        var hasMdat: Bool
        var boxes: Int
        /// A box ran past the free clusters: the find holds only the boxes before it.
        var cutShort = false
    }

    static func type(_ reader: WindowReader, at offset: UInt64) -> String? {
        guard let t = reader.bytes(at: offset + 4, count: 4), t.allSatisfy({ (0x20..<0x7F).contains($0) }) else { return nil }
        return String(decoding: t, as: UTF8.self)
    }

    /// nil when `offset` does not start an `ftyp` box followed by at least one `moov` or `mdat`.
    static func extent(_ reader: WindowReader, at offset: UInt64) -> Extent? {
        guard type(reader, at: offset) == "ftyp", let size = reader.u32be(at: offset), size >= 16, size <= 4096,
              let brand = reader.bytes(at: offset + 8, count: 4) else { return nil }
        var ext = Extent(end: offset + UInt64(size), isQuickTime: brand.elementsEqual("qt  ".utf8), hasMoov: false, hasMdat: false, boxes: 1)
        guard ext.end <= reader.limit else { return nil }
        var p = ext.end
        // Each box is at least 8 bytes, so the walk ends; the count is a second guard.
        while ext.boxes < 100_000, let t = type(reader, at: p), topLevel.contains(t), let size32 = reader.u32be(at: p) {
            var size = UInt64(size32)
            if size32 == 1 {
                guard let large = reader.u64be(at: p + 8), large >= 16 else { break }
                size = large
            } else if size32 < 8 {
                // 0 means "to the end of the file", which a carver cannot know: stop before it.
                break
            }
            let (end, overflow) = p.addingReportingOverflow(size)
            guard !overflow, end <= reader.limit else { ext.cutShort = true; break }
            if t == "moov" { ext.hasMoov = true }
            if t == "mdat" { ext.hasMdat = true }
            if t == "ftyp" { break }
            ext.boxes += 1
            ext.end = end
            p = end
        }
        return ext.hasMoov || ext.hasMdat ? ext : nil
    }
}
