import CardIO
import Messages

/// ISO/IEC 14496-12 §4.2 box header: 32-bit size and four-character type, a 64-bit `largesize`
/// when size is 1, "to the end of the enclosing container" when size is 0.
struct BoxHeader {
    let type: String
    let offset: UInt64
    /// 8 or 16 (24/32 with `uuid`, which we never descend into).
    let headerSize: UInt64
    /// Total size including the header, after resolving size 0.
    let size: UInt64
    /// True when size was 0 ("extends to the end of the file").
    let toEnd: Bool

    var payloadOffset: UInt64 { offset + headerSize }
    var end: UInt64 { offset + size }
    var payloadSize: UInt64 { size - headerSize }

    /// Reads the header at `offset`, which must lie in `[offset, limit)`; checks that the box fits.
    static func read(_ reader: BoundedReader, at offset: UInt64, limit: UInt64) throws -> BoxHeader {
        guard limit > offset, limit - offset >= 8 else {
            throw MediaParseError(tr(.mcBoxAtByteHasNo, ["offset": "\(offset)", "limit": "\(limit)"]))
        }
        let want = Int(min(16, limit - offset))
        let r = try reader.read(at: offset, exactly: want, what: tr(.mcBoxHeader))
        let size32 = try r.u32be(0)
        let typeBytes = try r.slice(4, 4)
        let type = String(decoding: typeBytes.map { (0x20...0x7e).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        var header: UInt64 = 8
        var size = UInt64(size32)
        var toEnd = false
        switch size32 {
        case 0:
            toEnd = true
            size = limit - offset
        case 1:
            guard want >= 16 else {
                throw MediaParseError(tr(.mcBoxAtByteHasA, ["type": "\(type)", "offset": "\(offset)"]))
            }
            size = try r.u64be(8)
            header = 16
        default:
            break
        }
        guard size >= header else {
            throw MediaParseError(tr(.mcBoxAtByteHasSize, ["type": "\(type)", "offset": "\(offset)", "size": "\(size)", "header": "\(header)"]))
        }
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow else {
            throw MediaParseError(tr(.mcBoxAtByteHasSize2, ["type": "\(type)", "offset": "\(offset)", "size": "\(size)"]))
        }
        guard end <= limit else {
            throw MediaParseError(tr(.mcBoxAtByteHasSize3, ["type": "\(type)", "offset": "\(offset)", "size": "\(size)", "limit": "\(limit)"]))
        }
        return BoxHeader(type: type, offset: offset, headerSize: header, size: size, toEnd: toEnd)
    }

    /// The children of the container `[start, end)`, header by header: never more than
    /// `maxBoxes`, never a box that does not fit. A damaged child ends the walk with a problem.
    static func children(_ reader: BoundedReader, from start: UInt64, to end: UInt64, maxBoxes: Int = 4096,
                         problems: inout [String]) -> [BoxHeader] {
        var boxes: [BoxHeader] = []
        var offset = start
        while offset < end, boxes.count < maxBoxes {
            // Up to 7 trailing bytes are padding some writers leave; not a box.
            if end - offset < 8 { break }
            do {
                let box = try read(reader, at: offset, limit: end)
                boxes.append(box)
                offset = box.end
            } catch {
                problems.append("\(error)")
                break
            }
        }
        if boxes.count >= maxBoxes, offset < end {
            problems.append(tr(.mcMoreThanBoxesBetweenBytes, ["maxBoxes": "\(maxBoxes)", "start": "\(start)", "end": "\(end)"]))
        }
        return boxes
    }
}
