import CardIO
import CardFileSystem
import Messages

/// Recording time from an AVI file (RIFF form `AVI `, with OpenDML `AVIX` continuation forms).
///
/// Walks chunk headers only and reads the payloads of `avih`, `strh`, `dmlh`, `IDIT`, `INFO/ICRD`
/// and an EXIF-carrying `strd`; `movi` is skipped by its size.
enum AVITimeReader {
    /// AVI main header `avih` (AVIMAINHEADER): the fields we use.
    struct MainHeader {
        let microSecPerFrame: UInt32
        let totalFrames: UInt32
        init(_ r: LittleEndianReader) throws {
            microSecPerFrame = try r.u32(0)
            totalFrames = try r.u32(16)
        }
    }

    /// AVI stream header `strh` (AVISTREAMHEADER): type, scale, rate, length.
    struct StreamHeader {
        let type: String
        let scale: UInt32
        let rate: UInt32
        let start: UInt32
        let length: UInt32
        init(_ r: LittleEndianReader) throws {
            type = RIFFChunk.fourCC(try r.slice(0, 4))
            scale = try r.u32(20)
            rate = try r.u32(24)
            start = try r.u32(28)
            length = try r.u32(32)
        }
    }

    static let exifCap = 64 * 1024

    static func read(_ reader: BoundedReader) -> MediaFindings {
        var f = MediaFindings()
        var problems: [String] = []
        // The writer fills in the RIFF size when it closes the file: 0 means it never did, and
        // nothing after the header can be placed (its headers are read from a size of 0).
        if let head = try? reader.read(at: 0, upTo: 12), head.count == 12, RecordingTimeReader.has(head, "RIFF"),
           RecordingTimeReader.has(head, "AVI ", at: 8), head[4..<8].allSatisfy({ $0 == 0 }) {
            f.unfinalised = true
            f.problem(tr(.mcRIFFSizeIs0The))
            return f
        }
        let forms = RIFFChunk.children(reader, from: 0, to: reader.size, maxChunks: 1024, problems: &problems)
        guard let first = forms.first, first.id == "RIFF", first.listType == "AVI " else {
            f.problem(tr(.mcNotAnAVIFileNo))
            return f
        }
        var avih: MainHeader?
        var odmlFrames: UInt32?
        var streams: [StreamHeader] = []
        var idit: [(CardTimestamp?, String)] = []
        var strdExif: [UInt8]?
        var avixCount = 0
        var sawIndex = false

        // Depth-first over the lists we know, chunk headers only.
        func walk(_ from: UInt64, _ to: UInt64, depth: Int) {
            guard depth < 4 else { return }
            for c in RIFFChunk.children(reader, from: from, to: to, maxChunks: 1024, problems: &problems) {
                do {
                    switch (c.id, c.listType) {
                    case ("LIST", "hdrl"?), ("LIST", "strl"?), ("LIST", "odml"?), ("LIST", "INFO"?):
                        walk(c.childrenStart, c.end, depth: depth + 1)
                    case ("idx1", _) where depth == 0:
                        sawIndex = true
                    case ("avih", _):
                        avih = try MainHeader(reader.read(at: c.dataOffset, exactly: min(56, Int(c.dataSize)), what: "avih"))
                    case ("strh", _):
                        if streams.count < 32 {
                            streams.append(try StreamHeader(reader.read(at: c.dataOffset, exactly: min(56, Int(c.dataSize)), what: "strh")))
                        }
                    case ("dmlh", _):
                        odmlFrames = try reader.read(at: c.dataOffset, exactly: min(4, Int(c.dataSize)), what: "dmlh").u32(0)
                    case ("IDIT", _), ("ICRD", _):
                        let text = try reader.read(at: c.dataOffset, upTo: Int(min(c.dataSize, 64)))
                        let shown = String(decoding: text.prefix(while: { $0 != 0 }).filter { $0 >= 0x20 && $0 < 0x7f }, as: UTF8.self)
                        if c.id == "IDIT" { idit.append((IDITDate.parse(text[...]), shown)) }
                        else if let t = IDITDate.parse(text[...]) {
                            f.evidence.append(TimeEvidence(source: .aviIDIT, start: t, note: "INFO ICRD \"\(shown)\" (creation date)"))
                        }
                    case ("strd", _):
                        if strdExif == nil, c.dataSize >= 12 {
                            let head = try reader.read(at: c.dataOffset, upTo: 16)
                            if head.starts(with: Array("AVIF".utf8)),
                               let tiff = (4..<max(4, head.count - 3)).first(where: { i in
                                   (head[i] == 0x49 && head[i + 1] == 0x49 && head[i + 2] == 0x2A && head[i + 3] == 0)
                                       || (head[i] == 0x4D && head[i + 1] == 0x4D && head[i + 2] == 0 && head[i + 3] == 0x2A)
                               }) {
                                let n = Int(min(c.dataSize - UInt64(tiff), UInt64(exifCap)))
                                strdExif = try reader.read(at: c.dataOffset + UInt64(tiff), upTo: n)
                            }
                        }
                    default: break
                    }
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        for form in forms where form.id == "RIFF" {
            if form.listType == "AVI " { walk(form.childrenStart, form.end, depth: 0) }
            else if form.listType == "AVIX" { avixCount += 1 }
        }
        for p in problems { f.problem(p) }
        // The writer fills in the RIFF size and appends idx1 when it closes the file; an
        // OpenDML file (dmlh) may index through its super index instead.
        f.unfinalised = first.dataSize == 0 || (!sawIndex && odmlFrames == nil)

        // Duration: avih, with the OpenDML total frame count where the file has one (avih
        // counts only the first RIFF form's frames).
        var duration: Double?
        if let avih {
            let frames = odmlFrames.map { max($0, avih.totalFrames) } ?? avih.totalFrames
            if avih.microSecPerFrame == 0 {
                f.problem(tr(.mcAvihMicrosecondsPerFrameIs))
            } else if frames == 0 {
                f.problem(tr(.mcAvihFrameCountIs0))
            } else {
                duration = Double(frames) * Double(avih.microSecPerFrame) / 1e6
                var note = "avih \(frames) frames × \(avih.microSecPerFrame) µs"
                if odmlFrames != nil { note += " (OpenDML dmlh total" + (avixCount > 0 ? ", \(avixCount) AVIX forms)" : ")") }
                f.evidence.append(TimeEvidence(source: .aviAvih, duration: duration, note: note))
            }
        } else {
            f.problem(tr(.mcNoAvihMainHeader))
        }
        for (i, s) in streams.enumerated() where s.rate > 0 && s.length > 0 {
            let d = Double(s.length) * Double(s.scale) / Double(s.rate)
            f.evidence.append(TimeEvidence(source: .aviAvih, duration: d,
                                           note: "strh stream \(i) '\(s.type)' \(s.length) × \(s.scale)/\(s.rate)"))
        }

        for (t, shown) in idit {
            if let t {
                f.evidence.append(TimeEvidence(source: .aviIDIT, start: t, end: duration.flatMap { t.adding(seconds: $0) },
                                               duration: duration, note: "IDIT \"\(shown)\""))
            } else {
                f.problem(tr(.mcIDITDateTextIsIn, ["shown": "\(shown)"]))
            }
        }
        if let tiff = strdExif {
            var block = Array("Exif".utf8) + [0, 0]
            block += tiff
            let exif = ExifDecoder.decode(block, tiffOffsetInFile: nil)
            for p in exif.problems { f.problem("strd EXIF: \(p)") }
            if let t = exif.fields.originalTime {
                f.evidence.append(TimeEvidence(source: .aviStrdExif, start: t, end: duration.flatMap { t.adding(seconds: $0) },
                                               duration: duration, note: "strd EXIF DateTimeOriginal"))
            }
            f.exif = exif.fields
        }
        return f
    }
}
