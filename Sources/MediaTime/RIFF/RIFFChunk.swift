import CardIO
import Messages

/// A RIFF chunk header (Microsoft "Resource Interchange File Format"): four-character id,
/// 32-bit little-endian size of the data, data padded to an even length. `RIFF` and `LIST`
/// chunks carry a four-character form or list type first.
struct RIFFChunk {
    let id: String
    let offset: UInt64
    /// Size of the data as recorded (without the 8-byte header or the pad byte).
    let dataSize: UInt64
    /// For RIFF and LIST: the form/list type ("AVI ", "AVIX", "hdrl", "movi").
    let listType: String?
    /// The chunk claims more bytes than the file has left (`dataSize` is what is there).
    var cutOff = false

    var dataOffset: UInt64 { offset + 8 }
    /// Where the next chunk starts: data, plus one pad byte for an odd size.
    var next: UInt64 { offset + 8 + dataSize + (dataSize & 1) }
    /// Children of a RIFF or LIST chunk start after the list type.
    var childrenStart: UInt64 { offset + 12 }
    var end: UInt64 { offset + 8 + dataSize }

    static func fourCC(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { (0x20...0x7e).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    static func read(_ reader: BoundedReader, at offset: UInt64, limit: UInt64) throws -> RIFFChunk {
        guard limit > offset, limit - offset >= 8 else {
            throw MediaParseError(tr(.mcChunkAtByteHasNo, ["offset": "\(offset)", "limit": "\(limit)"]))
        }
        let r = try reader.read(at: offset, exactly: Int(min(12, limit - offset)), what: tr(.mcRIFFChunkHeader))
        let id = fourCC(try r.slice(0, 4))
        var size = UInt64(try r.u32(4))
        var cut = false
        if size > limit - offset - 8 {
            // Past the end of the file: a recording cut off (power loss, a full card) keeps its
            // headers; read what is there. Past the end of an intact parent: damage.
            guard limit == reader.size else {
                throw MediaParseError(tr(.mcChunkAtByteHasSize, ["id": "\(id)", "offset": "\(offset)", "size": "\(size)", "limit": "\(limit)"]))
            }
            size = limit - offset - 8
            cut = true
        }
        var listType: String?
        if id == "RIFF" || id == "LIST" {
            guard size >= 4, r.count >= 12 else {
                throw MediaParseError(tr(.mcChunkAtByteHasSize2, ["id": "\(id)", "offset": "\(offset)", "size": "\(size)"]))
            }
            listType = fourCC(try r.slice(8, 4))
        }
        return RIFFChunk(id: id, offset: offset, dataSize: size, listType: listType, cutOff: cut)
    }

    /// The chunks in `[start, end)`, at most `maxChunks`; a damaged chunk ends the walk.
    static func children(_ reader: BoundedReader, from start: UInt64, to end: UInt64, maxChunks: Int = 1024,
                         problems: inout [String]) -> [RIFFChunk] {
        var chunks: [RIFFChunk] = []
        var offset = start
        while offset < end, end - offset >= 8, chunks.count < maxChunks {
            do {
                let c = try read(reader, at: offset, limit: end)
                chunks.append(c)
                if c.cutOff, !problems.contains(where: { $0.hasPrefix(tr(.mcFileIsCutOff)) }) {
                    problems.append(tr(.mcFileIsCutOffChunk, ["id": "\(c.id)", "offset": "\(c.offset)"]))
                }
                offset = c.next
            } catch {
                problems.append("\(error)")
                break
            }
        }
        if chunks.count >= maxChunks, offset < end {
            problems.append(tr(.mcMoreThanChunksBetweenBytes, ["maxChunks": "\(maxChunks)", "start": "\(start)", "end": "\(end)"]))
        }
        return chunks
    }
}
