import CardIO

/// Recordings from the SQLite index (`HikvisionSQLiteIndex`) over the card's containers. The
/// database has no clock fields and no channel: a row is checked against the bytes by the
/// program-stream pack at its start offset, and its channel is left unknown.
enum HikvisionSQLiteRecorder {
    static func read(folder: String, database: RecorderCardFile, containers: [Int: RecorderCardFile]) -> RecorderLayout {
        var problems: [String] = []
        var layout = RecorderLayout(kind: .hikvision, folder: folder, containerCount: 0, recordings: [], overwritten: [],
                                    indexUsed: database.path, problems: [])
        let index: HikvisionSQLiteIndex
        do {
            index = try HikvisionSQLiteIndex(source: try database.open())
        } catch {
            layout.problems = ["\(database.path) cannot be read: \(error)"]
            return layout
        }
        if index.truncated { problems.append("\(database.path): more than \(HikvisionSQLiteIndex.maxRows) rows in use; the rest are not read") }
        let prefix = folder.isEmpty ? "" : folder + "/"
        var opened: [Int: (path: String, size: UInt64, source: ByteSource?)] = [:]
        var written: [Int: UInt64] = [:]
        var out: [Recording] = []
        let rows = index.rows.sorted { ($0.fileNumber, $0.startOffset, $0.rowID) < ($1.fileNumber, $1.startOffset, $1.rowID) }
        for row in rows {
            let at = "\(database.path) row \(row.rowID)"
            guard (0..<100_000).contains(row.fileNumber) else {
                problems.append("\(at): container number \(row.fileNumber) is not one a card can hold; not listed")
                continue
            }
            let n = Int(row.fileNumber)
            if opened[n] == nil { opened[n] = HikvisionRecorder.openContainer(n, prefix: prefix, containers: containers, problems: &problems) }
            guard let (path, size, source) = opened[n] else { continue }
            guard (1...Int64(UInt32.max)).contains(row.startSeconds) else {
                problems.append("\(at): no valid start time; not listed")
                continue
            }
            guard row.startOffset >= 0, UInt64(row.startOffset) < size else {
                problems.append("\(at): starts at byte \(row.startOffset), outside the container's \(size) bytes; not listed")
                continue
            }
            let offset = UInt64(row.startOffset)
            if offset < written[n, default: 0] {
                problems.append("\(at): starts at byte \(offset), inside the previous record of \(path); not listed")
                continue
            }
            let start = RecorderTime(wallClockSeconds: row.startSeconds, microseconds: 0)
            var r = Recording(container: path, offset: offset, length: 0, start: start, end: nil,
                              timeSource: HikvisionRecorder.timeSource, state: .complete, channel: nil,
                              containerNumber: n, slot: Int(truncatingIfNeeded: row.rowID), indexRecord: [], checkedAgainstBytes: false)
            if row.endSeconds == 0 || row.endOffset == 0 {
                HikvisionRecorder.findEnd(of: &r, source: source, size: size, at: at, problems: &problems)
            } else {
                guard (row.startSeconds...Int64(UInt32.max)).contains(row.endSeconds) else {
                    problems.append("\(at): ends before it starts, or at no valid time; not listed")
                    continue
                }
                guard row.endOffset > row.startOffset, UInt64(row.endOffset) <= size else {
                    problems.append("\(at): end offset \(row.endOffset) is not after \(row.startOffset) inside the container; not listed")
                    continue
                }
                r.end = RecorderTime(wallClockSeconds: row.endSeconds, microseconds: 0)
                r.length = UInt64(row.endOffset) - offset
                if let source {
                    if let head = try? source.read(at: offset, count: 14), ProgramStream.packSCR(head[...]) != nil {
                        r.checkedAgainstBytes = true
                    } else {
                        problems.append("\(at): no program-stream pack at byte \(offset) of \(path); listed from the index alone")
                    }
                }
            }
            written[n] = offset + r.length
            out.append(r)
        }
        out.sort { ($0.start, $0.containerNumber, $0.offset) < ($1.start, $1.containerNumber, $1.offset) }
        layout.recordings = out
        layout.containerCount = opened.count
        layout.problems = problems
        return layout
    }
}
