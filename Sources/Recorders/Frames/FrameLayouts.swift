import CardFileSystem
import Codecs
import CardIO
import Messages
import MediaTime

/// The recorder layouts whose recordings are whole files with their own frame times: Dahua
/// (`YYYY-MM-DD/NNN/dav/HH/HH.MM.SS-HH.MM.SS[T][a@b][c].dav`, `.mp4` with `.idx` sidecars) and
/// XM (`YYYY-MM-DD/NNN/HH.MM.SS-HH.MM.SS[T][@id][n].h264`). A trailing `_` on the extension
/// (`.dav_`, `.mp4_`) marks the file being recorded when the card was pulled.
public enum FrameLayouts {
    /// Where a file sits in one of these trees.
    struct Placement {
        let kind: RecorderLayoutKind
        /// The folder above the date folder (`""` at the volume root).
        let root: String
        let date: String
        let channelFolder: String
        let name: String
        let open: Bool
        let isSidecar: Bool
    }

    public static func recognise(files: [RecorderCardFile]) -> [RecorderLayout] {
        var groups: [String: (kind: RecorderLayoutKind, files: [(RecorderCardFile, Placement)])] = [:]
        var order: [String] = []
        for f in files {
            guard let p = placement(f.path) else { continue }
            let key = p.kind.rawValue + "\u{0}" + p.root
            if groups[key] == nil { groups[key] = (p.kind, []); order.append(key) }
            groups[key]?.files.append((f, p))
        }
        return order.sorted().compactMap { key in
            guard let g = groups[key], let root = g.files.first?.1.root else { return nil }
            return read(kind: g.kind, root: root, files: g.files)
        }
    }

    /// The last extension's bytes decide first (most cards hold neither layout), then the folders.
    static func placement(_ path: String) -> Placement? {
        // Every file of every card passes here (ls reads each file's time): the last byte of the
        // extensions below (`v`, `_`, `4`, `5`, `x`) turns nearly all others away before any
        // string is made.
        guard let last = path.utf8.last, [0x76, 0x56, 0x5F, 0x34, 0x35, 0x78, 0x58].contains(last),
              let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let ext = String(path[path.index(after: dot)...]).lowercased()
        let kind: RecorderLayoutKind
        var open = false, sidecar = false
        switch ext {
        case "dav", "dav_": kind = .dahua; open = ext.hasSuffix("_")
        case "mp4", "mp4_", "idx":
            guard ByteSearch.contains(path, "/dav/") || path.hasPrefix("dav/") || ByteSearch.contains(path, "/DAV/") else { return nil }
            kind = .dahua; open = ext.hasSuffix("_"); sidecar = ext == "idx"
        case "h264", "h264_", "h265", "h265_": kind = .xm; open = ext.hasSuffix("_")
        default: return nil
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name = parts.last ?? ""
        guard name.utf8.count <= 255, spanOfName(name) != nil else { return nil }
        let dateIndex: Int
        if kind == .dahua {
            guard parts.count >= 5, parts[parts.count - 3].lowercased() == "dav", isDigits(parts[parts.count - 2], 2...2),
                  isDigits(parts[parts.count - 4], 1...3) else { return nil }
            dateIndex = parts.count - 5
        } else {
            guard parts.count >= 3, isDigits(parts[parts.count - 2], 1...3) else { return nil }
            dateIndex = parts.count - 3
        }
        guard isDateFolder(parts[dateIndex]) else { return nil }
        return Placement(kind: kind, root: parts[..<dateIndex].joined(separator: "/"), date: parts[dateIndex],
                         channelFolder: parts[dateIndex + 1], name: name, open: open, isSidecar: sidecar)
    }

    static func isDigits(_ s: String, _ counts: ClosedRange<Int>) -> Bool {
        counts.contains(s.utf8.count) && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `YYYY-MM-DD`.
    static func isDateFolder(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 0x30 && u[$0] <= 0x39 }
    }

    /// `HH.MM.SS-HH.MM.SS` at the start of a name, as seconds of the day, and the first
    /// bracketed tag (`R`, `M`, `A`…) after it.
    static func spanOfName(_ name: String) -> (start: Int, end: Int, tag: String?)? {
        let u = Array(name.utf8)
        guard u.count >= 17, u[2] == 0x2E, u[5] == 0x2E, u[8] == 0x2D, u[11] == 0x2E, u[14] == 0x2E else { return nil }
        func two(_ i: Int) -> Int? {
            guard u[i] >= 0x30, u[i] <= 0x39, u[i + 1] >= 0x30, u[i + 1] <= 0x39 else { return nil }
            return Int(u[i] - 0x30) * 10 + Int(u[i + 1] - 0x30)
        }
        guard let h = two(0), let m = two(3), let s = two(6), let eh = two(9), let em = two(12), let es = two(15),
              h < 24, m < 60, s < 60, eh < 24, em < 60, es < 60 else { return nil }
        var tag: String?
        if u.count > 19, u[17] == UInt8(ascii: "["), let close = u[18...].firstIndex(of: UInt8(ascii: "]")), close - 18 <= 8 {
            tag = String(decoding: u[18..<close], as: UTF8.self)
        }
        return (h * 3600 + m * 60 + s, eh * 3600 + em * 60 + es, tag)
    }

    /// The recording kind a name's tag stands for, where it is known: `R` regular recording,
    /// `M` motion detection, `A` alarm input.
    static func kind(tag: String?) -> String? {
        switch tag?.uppercased() {
        case "R": return "continuous"
        case "M": return "motion"
        case "A": return "alarm"
        default: return nil
        }
    }

    static func read(kind: RecorderLayoutKind, root: String, files: [(RecorderCardFile, Placement)]) -> RecorderLayout {
        var recordings: [Recording] = []
        var problems: [String] = []
        let media = files.filter { !$0.1.isSidecar }.sorted { $0.0.path < $1.0.path }
        for (number, (file, p)) in media.enumerated() {
            var lines: [String] = []
            if let r = recording(file, p, number: number, problems: &lines) { recordings.append(r) }
            problems += lines.map { "\(file.path): \($0)" }
        }
        // A Dahua `.mp4` comes with an `.idx` sidecar; one missing is said, never invented.
        if kind == .dahua {
            let sidecars = Set(files.filter(\.1.isSidecar).map { stem($0.0.path).lowercased() })
            for (file, _) in media where file.path.lowercased().hasSuffix(".mp4") && !sidecars.contains(stem(file.path).lowercased()) {
                problems.append(tr(.recorderProblemSidecarMissing, ["path": file.path]))
            }
        }
        recordings.sort { ($0.start, $0.container) < ($1.start, $1.container) }
        return RecorderLayout(kind: kind, folder: root, containerCount: media.count, recordings: recordings, overwritten: [],
                              indexUsed: nil, problems: problems)
    }

    static func stem(_ path: String) -> Substring {
        guard let dot = path.lastIndex(of: ".") else { return path[...] }
        return path[..<dot]
    }

    /// One file's recording: its frames' times where they can be read, else its name's.
    static func recording(_ file: RecorderCardFile, _ p: Placement, number: Int, problems: inout [String]) -> Recording? {
        let state: RecordingState = p.open ? .recording : .complete
        let source: ByteSource
        do { source = try file.open() } catch {
            problems.append(tr(.recorderProblemFrameUnreadable, ["error": "\(error)"]))
            return fromName(file, p, number: number, state: state, content: nil)
        }
        let result = frames(p.kind, source)
        switch result {
        case .success(let span):
            problems += span.problems
            var r = Recording(container: file.path, offset: 0, length: p.open ? span.dataEnd : file.size, start: span.start, end: span.end,
                              timeSource: p.kind == .dahua ? DahuaFile.timeSource : XMFile.timeSource, state: state,
                              channel: channel(p, frames: span.channel), kind: kind(tag: spanOfName(p.name)?.tag),
                              containerNumber: number, slot: 0, indexRecord: [], checkedAgainstBytes: true)
            if p.open && span.end == nil { r.end = nil }
            return r
        case .failure(.encrypted):
            problems.append(tr(.recorderProblemFrameEncrypted, [:]))
            return fromName(file, p, number: number, state: state, content: ContentNote.encrypted.rawValue)
        case .failure(.noFrames):
            // A Dahua `.mp4` is ISO BMFF, not DHAV: MediaTime reads its header.
            let media = RecordingTimeReader.read(source: source, fileName: p.name, folders: [p.date, p.channelFolder], modified: nil)
            if let start = media.start, media.timeSource.rank == 0 {
                return Recording(container: file.path, offset: 0, length: file.size, start: time(start), end: p.open ? nil : media.end.map(time),
                                 timeSource: media.timeSource.rawName, state: state, channel: channel(p, frames: nil),
                                 kind: kind(tag: spanOfName(p.name)?.tag), containerNumber: number, slot: 0, indexRecord: [],
                                 checkedAgainstBytes: true)
            }
            problems.append(tr(.recorderProblemFrameProprietary, ["frames": p.kind == .dahua ? "DHAV" : "XM"]))
            return fromName(file, p, number: number, state: state, content: ContentNote.proprietary.rawValue)
        case .failure(.damaged(let why)):
            problems.append(tr(.recorderProblemFrameDamaged, ["why": why]))
            return fromName(file, p, number: number, state: state, content: nil)
        }
    }

    /// The frame reader of a layout.
    public static func frames(_ kind: RecorderLayoutKind, _ source: ByteSource) -> Result<FrameFileSpan, FrameFileFailure> {
        switch kind {
        case .dahua: return DahuaFile.read(source)
        case .xm: return XMFile.read(source)
        case .hikvision: return .failure(.noFrames)
        }
    }

    static func time(_ t: CardTimestamp) -> RecorderTime {
        RecorderTime(wallClockSeconds: t.wallClockSeconds, microseconds: t.nanosecond / 1000)
    }

    /// The channel folder's number (`001` is channel 1); the frames' 0-based channel + 1 where
    /// the folder is not a number.
    static func channel(_ p: Placement, frames: Int?) -> Int? {
        if let n = Int(p.channelFolder) { return n }
        return frames.map { $0 + 1 }
    }

    /// The name's times on the date folder's day (an end before the start ran past midnight);
    /// for a file still being written the name's end is not an end.
    static func fromName(_ file: RecorderCardFile, _ p: Placement, number: Int, state: RecordingState, content: String?) -> Recording? {
        guard let span = spanOfName(p.name), let day = dateSeconds(p.date) else { return nil }
        let start = day + Int64(span.start)
        var end = day + Int64(span.end)
        if end < start { end += 86_400 }
        return Recording(container: file.path, offset: 0, length: file.size, start: RecorderTime(wallClockSeconds: start, microseconds: 0),
                         end: state == .recording ? nil : RecorderTime(wallClockSeconds: end, microseconds: 0),
                         timeSource: nameTimeSource(p.kind), state: state, channel: channel(p, frames: nil),
                         kind: kind(tag: span.tag), containerNumber: number, slot: 0, indexRecord: [], checkedAgainstBytes: false,
                         content: content)
    }

    public static func nameTimeSource(_ kind: RecorderLayoutKind) -> String { kind == .dahua ? "dahua_file_name" : "xm_file_name" }

    static func dateSeconds(_ folder: String) -> Int64? {
        let parts = folder.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let t = CardTimestamp(year: parts[0], month: parts[1], day: parts[2])
        guard t.isValid, (1980...2099).contains(t.year) else { return nil }
        return t.wallClockSeconds
    }
}

extension FrameLayouts {
    /// What one file's frames say, for the file listing (`Footage`): the frame span of a file in
    /// a Dahua or XM tree with the JSON name of its time source and whether it is still being
    /// recorded; nil for any other file or one whose frames give no time.
    public static func frameTime(path: String, source: ByteSource) -> (timeSource: String, span: FrameFileSpan, open: Bool)? {
        guard let p = placement(path), !p.isSidecar, case .success(let span) = frames(p.kind, source) else { return nil }
        return (p.kind == .dahua ? DahuaFile.timeSource : XMFile.timeSource, span, p.open)
    }

    /// True for a path a Dahua or XM tree holds (recording or sidecar): cheap, no bytes read.
    public static func isInTree(_ path: String) -> Bool { placement(path) != nil }
}
