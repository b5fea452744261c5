import CardIO
import CardFileSystem
import Messages

/// Finds when a footage file was recorded, from everything that records it: media headers,
/// the file and folder names, and the filesystem's modify time.
///
/// Precedence (the issue's): media metadata, then the name, then the filesystem. Every value
/// found is kept in `evidence`. Reads at most `BoundedReader.defaultBudget` bytes of the file
/// and never throws: what it cannot tell is said in `unknownBecause`.
public enum RecordingTimeReader {
    /// The container formats we read, from the first bytes or, failing that, the extension.
    public enum Format: String, Sendable {
        case isoBMFF = "iso_bmff", avi, mpegTS = "mpeg_ts", mpegPS = "mpeg_ps", jpeg, other
    }

    /// Bytes read from one file at most (the issue: under 1 MiB per clip).
    public static let byteBudget = 1 << 20

    static let isoTypes: Set<String> = ["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "styp", "sidx", "uuid"]
    /// `isoTypes` as bytes, for `format` (which runs for every file: no strings there).
    static let isoTypeBytes: [[UInt8]] = isoTypes.sorted().map { Array($0.utf8) }

    /// `fileName.split(separator: ".").last?.lowercased()`: the text after the last dot (trailing
    /// dots ignored; the whole name when it has no dot), lowercased. ASCII names, nearly all, are
    /// cut by bytes without building the array of parts.
    static func lastExtension(_ fileName: String) -> String? {
        let utf8 = fileName.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return fileName.split(separator: ".").last?.lowercased() }
        let dot = UInt8(ascii: ".")
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == dot { end = utf8.index(before: end) }
        guard end > utf8.startIndex else { return nil }
        var start = end
        while start > utf8.startIndex, utf8[utf8.index(before: start)] != dot { start = utf8.index(before: start) }
        return String(fileName[start..<end]).lowercased()
    }

    /// True when `bytes` start with `prefix` (bytes, no allocation).
    static func has(_ bytes: [UInt8], _ prefix: StaticString, at offset: Int = 0) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard bytes.count - offset >= n else { return false }
        return prefix.withUTF8Buffer { p in (0..<n).allSatisfy { bytes[offset + $0] == p[$0] } }
    }

    /// Recognises the format from the file's first bytes (and its name where the bytes say nothing).
    public static func format(head: [UInt8], fileName: String) -> Format {
        if let byBytes = formatFromBytes(head) { return byBytes }
        switch lastExtension(fileName) {
        case "mp4", "mov", "3gp", "3g2", "m4v", "mp4v": return .isoBMFF
        case "avi": return .avi
        case "ts", "mts", "m2ts", "m2t": return .mpegTS
        case "mpg", "mpeg", "vob", "ps": return .mpegPS
        case "jpg", "jpeg": return .jpeg
        default: return .other
        }
    }

    /// The format the first bytes show, nil when they show none we read.
    static func formatFromBytes(_ head: [UInt8]) -> Format? {
        if JPEGSegments.isJPEG(head) { return .jpeg }
        if head.count >= 12, has(head, "RIFF"), has(head, "AVI ", at: 8) { return .avi }
        // (`isoTypes` are printable, so comparing bytes is comparing `RIFFChunk.fourCC`s.)
        if head.count >= 8, isoTypeBytes.contains(where: { head[4..<8].elementsEqual($0) }) { return .isoBMFF }
        if MPEGPSTimeReader.isProgramStream(head) { return .mpegPS }
        if MPEGTSTimeReader.isTransportStream(head) { return .mpegTS }
        return nil
    }

    /// Item 8 of issue 11: a footage file whose first bytes show no structure we know is judged
    /// from bounded samples (its first 4 KiB and 4 KiB from its middle): encrypted when both are
    /// as dense as ciphertext, proprietary when it is of no format we read; nil otherwise.
    static func contentNote(head: [UInt8], format: Format, fileName: String, reader: BoundedReader, size: UInt64) -> ContentNote? {
        guard formatFromBytes(head) == nil, !ContentSample.hasRecorderFrameMagic(head),
              let ext = lastExtension(fileName), ContentSample.footageExtensions.contains(ext) else { return nil }
        var samples = [head]
        if size >= 3 * 4096, let middle = try? reader.read(at: size / 2, upTo: 4096) { samples.append(middle) }
        if ContentSample.looksEncrypted(samples) { return .encrypted }
        return format == .other ? .proprietary : nil
    }

    /// Reads `source` (a file's content) and combines what it says with its name, folders and
    /// modify time. `folders` are the folder names from the volume root to the file's folder.
    public static func read(source: ByteSource, fileName: String, folders: [String],
                            modified: CardTimestamp?, budget: Int = RecordingTimeReader.byteBudget) -> RecordingTime {
        let reader = BoundedReader(source, budget: budget)
        var findings = MediaFindings()
        let head = (try? reader.read(at: 0, upTo: 4096)) ?? []
        let fmt = format(head: head, fileName: fileName)
        let content = source.size == 0 ? nil : contentNote(head: head, format: fmt, fileName: fileName, reader: reader, size: source.size)
        if source.size == 0 {
            findings.problem(tr(.mcFileIsEmpty))
        } else if content == .encrypted {
            findings.problem(tr(.mcEncryptedCannotBeReadWithout))
        } else if content == .proprietary {
            findings.problem(tr(.mcProprietaryContentNotAFormat))
        } else {
            switch fmt {
            case .isoBMFF: findings = MP4TimeReader.read(reader)
            case .avi: findings = AVITimeReader.read(reader)
            case .mpegTS: findings = MPEGTSTimeReader.read(reader)
            case .mpegPS: findings = MPEGPSTimeReader.read(reader)
            case .jpeg: findings = JPEGTimeReader.read(reader)
            case .other: findings.problem(tr(.mcNoMediaHeaderWeRead))
            }
        }
        if fmt == .jpeg { findings.isStill = true }
        var result = combine(findings, fileName: fileName, folders: folders, modified: modified)
        result.unfinalised = findings.unfinalised
        result.content = content
        result.bytesRead = UInt64(reader.bytesRead)
        return result
    }

    /// Applies the precedence to what the parsers found.
    static func combine(_ findings: MediaFindings, fileName: String, folders: [String], modified: CardTimestamp?) -> RecordingTime {
        var r = RecordingTime()
        r.isStill = findings.isStill
        r.exif = findings.exif
        r.unknownBecause = findings.problems
        r.evidence = findings.evidence

        let name = NamePatternTable.match(fileName: fileName, folders: folders)
        let nameSource: TimeSource? = name.map { $0.fromFolderName ? .folderName($0.patternID) : .fileName($0.patternID) }
        if let name, let nameSource {
            var note = name.fromFolderName ? "event folder \(name.dateFolder ?? "") matches \(name.patternID): start and length in UTC"
                : "file name matches \(name.patternID)"
            if let folder = name.dateFolder, !name.fromFolderName { note += ", date from folder \(folder)" }
            if let utc = name.utc, !name.fromFolderName {
                note += "; Unix time in the name: \(utc.iso)"
                if let zone = name.utcOffsetMinutes {
                    var z = RecordingTime(); z.utcOffsetMinutes = zone
                    note += ", so the camera's clock was set to UTC\(z.utcOffset ?? "")"
                } else {
                    note += ", which differs from the local time by more than any time zone: the camera's zone is unknown"
                }
            }
            r.evidence.append(TimeEvidence(source: nameSource, start: name.start, end: name.end,
                                           duration: name.end.flatMap { name.start.seconds(until: $0) }, note: note))
            r.channel = name.channel
            r.utcOffsetMinutes = name.utcOffsetMinutes
        } else if fileName.utf8.last.map({ $0 | 0x20 == UInt8(ascii: "f") }) ?? false,
                  let ext = lastExtension(fileName), ext == "m4f" || ext == "jpf" {
            // Sony SNC: the layout is known even when the name has no date & time suffix.
            r.unknownBecause.append(tr(.mcSonySNCWithoutSuffix, ["ext": ext, "frames": ext == "m4f" ? "MPEG-4" : "JPEG"]))
        }
        let folder = name == nil ? NamePatternTable.folderTime(folders) : nil
        if let folder {
            r.evidence.append(TimeEvidence(source: .folderName(folder.patternID), start: folder.start,
                                           note: "folder \(folder.folder)" + (folder.hour.map { " hour \($0)" } ?? "") + ": date only, no minutes"))
        }
        if let modified {
            r.evidence.append(TimeEvidence(source: .filesystemModified, start: modified, note: "filesystem modify time (when the file was last written)"))
        }

        // Duration: media first, then a name that gives an end.
        let media = r.evidence.filter { $0.source.rank == 0 }
        if let d = media.first(where: { ($0.duration ?? 0) > 0 }) {
            r.duration = d.duration
            r.durationSource = d.source
        } else if let n = r.evidence.first(where: { $0.source == nameSource && ($0.duration ?? 0) > 0 }) {
            r.duration = n.duration
            r.durationSource = n.source
        }

        if let m = media.first(where: { $0.start != nil }), let start = m.start {
            r.start = start
            r.timeSource = m.source
            if let name, !name.fromFolderName, name.utc == nil, let zone = utcZone(movieHeader: m, nameStart: name.start),
               let i = r.evidence.firstIndex(where: { $0.source == m.source && $0.start == start }),
               let local = start.adding(seconds: Double(zone * 60)) {
                // ISO/IEC 14496-12 §8.2.2 puts UTC in mvhd; most cameras write their wall clock
                // there, some write true UTC. A name that says the same moment a whole number of
                // quarter hours later is the wall clock: so this header is UTC.
                let zoned = CardTimestamp(wallClockNanoseconds: local.wallClockNanoseconds ?? 0, utcOffsetMinutes: zone)
                var e = r.evidence[i]
                e.start = zoned
                e.end = e.duration.flatMap { zoned.adding(seconds: $0) }
                var z = RecordingTime(); z.utcOffsetMinutes = zone
                e.note += "; read as UTC after all: the file name gives the same moment in local time, so the camera's zone is UTC\(z.utcOffset ?? "")"
                r.evidence[i] = e
                r.start = zoned
                r.utcOffsetMinutes = zone
            }
        } else if let name, let nameSource {
            r.start = name.start
            r.timeSource = nameSource
            if r.duration == nil, let end = name.end { r.end = end }
        } else if let folder, !(modified.map { inside($0, folder) } ?? false) {
            r.start = folder.start
            r.timeSource = .folderName(folder.patternID)
        } else if let modified {
            // The camera closes a clip when it stops recording: the modify time is the end.
            if let d = r.duration, !r.isStill, let s = modified.adding(seconds: -d) {
                r.start = s
                r.end = modified
                r.evidence.append(TimeEvidence(source: .filesystemModified, start: s, end: modified, duration: d,
                                               note: "start = modify time − duration (the file is closed at the end of recording)"))
            } else {
                r.start = modified
            }
            r.timeSource = .filesystemModified
        } else {
            r.unknownBecause.append(tr(.mcNoRecordingTimeNoMedia))
        }
        if r.end == nil, let start = r.start, let d = r.duration, !r.isStill {
            r.end = start.adding(seconds: d)
        }
        if r.isStill { r.end = nil; r.duration = nil; r.durationSource = nil }
        return r
    }

    /// The camera's zone, in minutes, when an ISO BMFF header time (`mvhd`, `tkhd`, `mdhd`; one
    /// with no zone of its own) and the file name's local time are the same moment: they differ
    /// by a non-zero whole number of quarter hours within ±14 h (±2 s, as a name and a header are
    /// written a moment apart). Nil otherwise: a header that agrees with the name, or differs by
    /// anything else, is read as the camera's wall clock as before.
    static func utcZone(movieHeader m: TimeEvidence, nameStart: CardTimestamp) -> Int? {
        guard [.mp4Mvhd, .mp4Tkhd, .mp4Mdhd].contains(m.source), let start = m.start, start.utcOffsetMinutes == nil,
              nameStart.utcOffsetMinutes == nil, let gap = start.seconds(until: nameStart) else { return nil }
        let quarters = (gap / 900).rounded()
        guard quarters != 0, abs(quarters) <= 56, abs(gap - quarters * 900) <= 2 else { return nil }
        return Int(quarters) * 15
    }

    /// True when `t` falls on the folder's day (and hour, when it names one): then the modify
    /// time is the better-resolved of two values that agree.
    static func inside(_ t: CardTimestamp, _ folder: FolderTime) -> Bool {
        guard t.year == folder.date.year, t.month == folder.date.month, t.day == folder.date.day else { return false }
        return folder.hour.map { $0 == t.hour } ?? true
    }
}

extension RecordingTime {
    /// This time with a recorder's frame headers as its media evidence (issue 11: Dahua DHAV and
    /// XM frames outrank the name, which becomes the fallback): `start`, `end` and the duration
    /// come from the frames; every other value found stays in `evidence`. An `end` of nil (a
    /// file still being written whose last frame was not found) leaves the end unknown, never
    /// the name's, since the name of an open file does not give when it stopped.
    public func preferring(frames source: TimeSource, start: CardTimestamp, end: CardTimestamp?, note: String) -> RecordingTime {
        var r = self
        let duration = end.flatMap { start.seconds(until: $0) }
        r.evidence.insert(TimeEvidence(source: source, start: start, end: end, duration: duration, note: note), at: 0)
        r.start = start
        r.end = end
        r.duration = duration
        r.durationSource = duration == nil ? nil : source
        r.timeSource = source
        r.content = nil
        return r
    }
}
