import CardIO
import Messages

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
            layout.problems = [tr(.recorderProblemDbUnreadable, ["path": database.path, "error": "\(error)"])]
            return layout
        }
        if index.truncated { problems.append(tr(.recorderProblemDbTruncated, ["path": database.path, "max": String(HikvisionSQLiteIndex.maxRows)])) }
        let prefix = folder.isEmpty ? "" : folder + "/"
        var opened: [Int: (path: String, size: UInt64, source: ByteSource?)] = [:]
        var written: [Int: UInt64] = [:]
        var out: [Recording] = []
        let rows = index.rows.sorted { ($0.fileNumber, $0.startOffset, $0.rowID) < ($1.fileNumber, $1.startOffset, $1.rowID) }
        for row in rows {
            let at = tr(.recorderProblemRow, ["path": database.path, "row": String(row.rowID)])
            guard (0..<100_000).contains(row.fileNumber) else {
                problems.append(tr(.recorderProblemDbContainer, ["at": at, "number": String(row.fileNumber)]))
                continue
            }
            let n = Int(row.fileNumber)
            if opened[n] == nil { opened[n] = HikvisionRecorder.openContainer(n, prefix: prefix, containers: containers, problems: &problems) }
            guard let (path, size, source) = opened[n] else { continue }
            guard (1...Int64(UInt32.max)).contains(row.startSeconds) else {
                problems.append(tr(.recorderProblemDbNoStart, ["at": at]))
                continue
            }
            guard row.startOffset >= 0, UInt64(row.startOffset) < size else {
                problems.append(tr(.recorderProblemDbStartOutside, ["at": at, "offset": String(row.startOffset), "size": String(size)]))
                continue
            }
            let offset = UInt64(row.startOffset)
            if offset < written[n, default: 0] {
                problems.append(tr(.recorderProblemDbInsidePrevious, ["at": at, "offset": String(offset), "path": path]))
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
                    problems.append(tr(.recorderProblemDbEndsBefore, ["at": at]))
                    continue
                }
                guard row.endOffset > row.startOffset, UInt64(row.endOffset) <= size else {
                    problems.append(tr(.recorderProblemDbEndOffset, ["at": at, "end": String(row.endOffset), "start": String(row.startOffset)]))
                    continue
                }
                r.end = RecorderTime(wallClockSeconds: row.endSeconds, microseconds: 0)
                r.length = UInt64(row.endOffset) - offset
                if let source {
                    if let head = try? source.read(at: offset, count: 14), ProgramStream.packSCR(head[...]) != nil {
                        r.checkedAgainstBytes = true
                    } else {
                        problems.append(tr(.recorderProblemDbNoPack, ["at": at, "offset": String(offset), "path": path]))
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
