import CardIO

/// Turns a Hikvision/EZVIZ card's index and containers into recordings
/// (`shared/testdata/hikvision/README.md`, "What the sample shows").
///
/// The rules, each from the README:
/// - a container's current pass is slots 0 … its last valid slot; the container being written
///   takes its slot from the header's live record, since its own record still describes the
///   previous pass;
/// - slots above that hold earlier passes: a recording (`old`) only when its bytes lie beyond
///   what the current pass wrote and a pack whose clock agrees is still at its offset;
/// - `index00.bin` and `index01.bin` are mirrors: a difference is reported, never repaired, and
///   when one cannot be read the other is used.
public enum HikvisionRecorder {
    public static let timeSource = "hikvision_index"
    /// Every container is pre-allocated at exactly this size.
    public static let containerSize: UInt64 = 268_435_456
    /// How far a record's 45 kHz key-frame clock may sit from the SCR of the pack at its offset
    /// (the first pack precedes the key frame by the mux delay, well under a second on cameras).
    static let clockTolerance: UInt32 = 5 * 45_000

    /// The layout in one folder's files, or nil when the folder holds no Hikvision index.
    public static func read(folder: String, files: [RecorderCardFile]) -> RecorderLayout? {
        let index00 = files.first { $0.name.lowercased() == "index00.bin" }
        let index01 = files.first { $0.name.lowercased() == "index01.bin" }
        let database = files.first { $0.name.lowercased() == HikvisionSQLiteIndex.fileName }
        guard index00 != nil || index01 != nil || database != nil else { return nil }
        var containers: [Int: RecorderCardFile] = [:]
        for f in files {
            let n = f.name.lowercased()
            guard n.hasPrefix("hiv"), n.hasSuffix(".mp4") else { continue }
            let digits = n.dropFirst(3).dropLast(4)
            guard !digits.isEmpty, digits.count <= 8, digits.allSatisfy(\.isASCII), let number = Int(digits) else { continue }
            containers[number] = f
        }
        // Newer firmware: the SQLite index alone.
        if index00 == nil, index01 == nil, let database {
            return HikvisionSQLiteRecorder.read(folder: folder, database: database, containers: containers)
        }
        var problems: [String] = []
        func parse(_ f: RecorderCardFile?) -> HikvisionIndex? {
            guard let f else { return nil }
            do {
                return try HikvisionIndex(source: try f.open())
            } catch {
                problems.append("\(f.path) cannot be read: \(error)")
                return nil
            }
        }
        let first = parse(index00), second = parse(index01)
        let used: (RecorderCardFile, HikvisionIndex)
        if let index00, let first {
            used = (index00, first)
        } else if let index01, let second {
            used = (index01, second)
            if index00 != nil { problems.append("using \(index01.path) because \(index00?.path ?? "index00.bin") cannot be read") }
        } else {
            return RecorderLayout(kind: .hikvision, folder: folder, containerCount: 0, recordings: [], overwritten: [],
                                  indexUsed: nil, problems: problems)
        }
        problems += used.1.problems.map { "\(used.0.path): \($0)" }
        var result = recordings(index: used.1, containers: containers, folder: folder)
        if let first, let second, let index00, let index01 {
            let other = recordings(index: second, containers: containers, folder: folder)
            if let line = difference(first: (index00.path, first, result.recordings), second: (index01.path, second, other.recordings)) {
                problems.append(line)
            }
        } else if index00 != nil, index01 == nil {
            problems.append("\(folder.isEmpty ? "" : folder + "/")index01.bin (the mirror of index00.bin) is missing")
        }
        result.problems = problems + result.problems
        result.indexUsed = used.0.path
        return result
    }

    /// One line when the two index copies disagree, nil when they agree.
    static func difference(first: (String, HikvisionIndex, [Recording]), second: (String, HikvisionIndex, [Recording])) -> String? {
        let a = Set(first.2.map { Key($0) }), b = Set(second.2.map { Key($0) })
        let onlyA = a.subtracting(b).count, onlyB = b.subtracting(a).count
        guard onlyA > 0 || onlyB > 0 || first.1.modificationCounter != second.1.modificationCounter else { return nil }
        return "\(first.0) and \(second.0) differ (modification counter \(first.1.modificationCounter) and \(second.1.modificationCounter); "
            + "recordings only in the first: \(onlyA), only in the second: \(onlyB)); the recordings are read from \(first.0), nothing is repaired"
    }

    struct Key: Hashable {
        let container: Int, slot: Int, offset: UInt64, length: UInt64, start: Int64, end: Int64?, state: RecordingState
        init(_ r: Recording) {
            container = r.containerNumber; slot = r.slot; offset = r.offset; length = r.length; state = r.state
            start = r.start.wallClockSeconds; end = r.end?.wallClockSeconds
        }
    }

    /// The recordings of one parsed index over the card's containers.
    public static func recordings(index: HikvisionIndex, containers: [Int: RecorderCardFile], folder: String) -> RecorderLayout {
        var problems: [String] = []
        var out: [Recording] = []
        var overwritten: [OverwrittenRecord] = []
        let prefix = folder.isEmpty ? "" : folder + "/"
        let being = Int(index.containerBeingWritten)
        if index.containerBeingWritten != 0xFFFF_FFFF, being >= index.containers.count {
            problems.append("the index says container \(being) is being written, but it describes only \(index.containers.count)")
        }
        for extra in index.liveRecords where Int(extra.container) >= index.containers.count {
            problems.append("a live record names container \(extra.container), which the index does not describe")
        }
        for (i, container) in index.containers.enumerated() {
            guard !container.isEmpty else { continue }
            if Int(container.number) != i {
                problems.append("container record \(i) names container \(container.number); its segments are read as container \(i)'s")
            }
            let (path, size, source) = openContainer(i, prefix: prefix, containers: containers, problems: &problems)
            // A container with a live record is being written (one per channel on cameras that
            // record several): the live record, not the container's own, says how far it goes.
            let live = index.liveRecords.first { Int($0.container) == i }
            let isLive = live != nil
            var last = Int(live?.slot ?? container.lastValidSlot)
            if last >= HikvisionIndex.slotsPerContainer {
                problems.append("\(path): the index gives last slot \(last), past the \(HikvisionIndex.slotsPerContainer) a container has; reading up to 255")
                last = HikvisionIndex.slotsPerContainer - 1
            }
            let slots: [HikvisionIndex.SegmentRecord]
            do { slots = try index.segments(i) } catch {
                problems.append("\(path): its segment records cannot be read: \(error)")
                continue
            }
            guard slots.count == HikvisionIndex.slotsPerContainer else { continue }
            var written: UInt64 = 0
            for j in 0...last {
                let s = slots[j]
                if s.isEmpty {
                    problems.append("\(path) slot \(j): empty, though the index counts it as recorded")
                    continue
                }
                let isRecordingSlot = isLive && j == last
                switch check(s, slot: j, path: path, containerSize: size, open: isRecordingSlot) {
                case .failure(let refused): problems.append(refused.line); continue
                case .success: break
                }
                guard let start = HikvisionIndex.time(s.start) else { continue }
                let offset = UInt64(s.startOffset)
                if offset < written {
                    problems.append("\(path) slot \(j): starts at byte \(offset), inside the previous record (which ends at \(written)); not listed")
                    continue
                }
                var recording = Recording(container: path, offset: offset, length: 0, start: start, end: HikvisionIndex.time(s.end),
                                          timeSource: timeSource, state: .complete, channel: Int(container.channel),
                                          containerNumber: i, slot: j, indexRecord: s.raw, checkedAgainstBytes: false)
                if s.end == 0 || s.endOffset == 0 {
                    findEnd(of: &recording, source: source, size: size, at: "\(path) slot \(j)", problems: &problems)
                } else {
                    recording.length = UInt64(s.endOffset) - offset
                    if let line = clockSpanDisagreement(s, at: "\(path) slot \(j)") { problems.append(line) }
                    if let source, !isRecordingSlot {
                        if !clockAgrees(s, source: source) {
                            problems.append("\(path) slot \(j): no program-stream pack with the record's clock at byte \(offset); listed from the index alone")
                        } else {
                            recording.checkedAgainstBytes = true
                        }
                    }
                }
                written = offset + recording.length
                out.append(recording)
            }
            // Earlier passes: listed as old only where the current pass has not reached and the
            // bytes still carry the record's clock.
            if last + 1 < HikvisionIndex.slotsPerContainer {
                for j in (last + 1)..<HikvisionIndex.slotsPerContainer {
                    let s = slots[j]
                    guard !s.isEmpty else { continue }
                    let reason: String?
                    if case .failure(let refused) = check(s, slot: j, path: path, containerSize: size, open: false) {
                        reason = "not a valid record: " + refused.line
                    } else if UInt64(s.startOffset) < written {
                        reason = "its bytes lie where the current pass has written"
                    } else if source == nil {
                        reason = "the container could not be read to check it"
                    } else if let source, !clockAgrees(s, source: source) {
                        reason = "the bytes at its offset do not carry its clock"
                    } else {
                        reason = nil
                    }
                    guard reason == nil, let start = HikvisionIndex.time(s.start) else {
                        overwritten.append(OverwrittenRecord(container: path, slot: j, start: HikvisionIndex.time(s.start),
                                                             offset: UInt64(s.startOffset), reason: reason ?? "no valid start time"))
                        continue
                    }
                    let offset = UInt64(s.startOffset)
                    out.append(Recording(container: path, offset: offset, length: UInt64(s.endOffset) - offset, start: start,
                                         end: HikvisionIndex.time(s.end), timeSource: timeSource, state: .old,
                                         channel: Int(container.channel), containerNumber: i, slot: j, indexRecord: s.raw,
                                         checkedAgainstBytes: true))
                    written = UInt64(s.endOffset)
                }
            }
        }
        out.sort { ($0.start, $0.containerNumber, $0.slot) < ($1.start, $1.containerNumber, $1.slot) }
        return RecorderLayout(kind: .hikvision, folder: folder, containerCount: index.containers.count, recordings: out,
                              overwritten: overwritten, indexUsed: nil, problems: problems)
    }

    /// One check per invariant of a segment record; the first that fails is the problem line.
    static func check(_ s: HikvisionIndex.SegmentRecord, slot j: Int, path: String, containerSize: UInt64, open: Bool) -> Result<Void, RecordRefused> {
        let at = "\(path) slot \(j)"
        guard let start = HikvisionIndex.time(s.start) else { return .failure(RecordRefused("\(at): no valid start time")) }
        if UInt64(s.startOffset) >= containerSize {
            return .failure(RecordRefused("\(at): starts at byte \(s.startOffset), past the container's \(containerSize) bytes; not listed"))
        }
        if open && (s.end == 0 || s.endOffset == 0) { return .success(()) }
        if s.end == 0 || s.endOffset == 0 {
            if open { return .success(()) }
            return .failure(RecordRefused("\(at): has no end, but it is not the segment being recorded; not listed"))
        }
        guard let end = HikvisionIndex.time(s.end) else { return .failure(RecordRefused("\(at): no valid end time")) }
        if end < start { return .failure(RecordRefused("\(at): ends (\(end.iso)) before it starts (\(start.iso)); not listed")) }
        if s.endOffset <= s.startOffset {
            return .failure(RecordRefused("\(at): end offset \(s.endOffset) is not after start offset \(s.startOffset); not listed"))
        }
        if UInt64(s.endOffset) > containerSize {
            return .failure(RecordRefused("\(at): ends at byte \(s.endOffset), past the container's \(containerSize) bytes; not listed"))
        }
        return .success(())
    }

    struct RecordRefused: Error { let line: String; init(_ line: String) { self.line = line } }

    /// True when the container holds a pack header at the record's start offset whose SCR, halved
    /// to the index's 45 kHz, lies within `clockTolerance` of the record's first key-frame clock
    /// (both wrap, so the difference is taken modulo 2³²).
    static func clockAgrees(_ s: HikvisionIndex.SegmentRecord, source: ByteSource) -> Bool {
        guard let head = try? source.read(at: UInt64(s.startOffset), count: 14), let scr = ProgramStream.packSCR(head[...]) else { return false }
        let clock = UInt32(truncatingIfNeeded: scr >> 1)
        let d = clock &- s.firstKeyFrameClock
        return min(d, 0 &- d) <= clockTolerance
    }

    /// The 45 kHz clock fields span the segment as its times do (within a second in the real
    /// sample, all 2,131 records); a record where they disagree by more than two seconds is
    /// listed with this line, since its times or its clocks were not written by one recording.
    static func clockSpanDisagreement(_ s: HikvisionIndex.SegmentRecord, at: String) -> String? {
        guard let start = HikvisionIndex.time(s.start), let end = HikvisionIndex.time(s.end) else { return nil }
        let times = end.seconds - start.seconds
        let clocks = Double(s.lastFrameClock &- s.firstKeyFrameClock) / 45_000
        guard abs(times - clocks) > 2 else { return nil }
        return "\(at): its times span \(Int(times.rounded())) s but its 45 kHz clocks \(Int(clocks.rounded())) s"
    }

    /// Container `i`'s card path, size and bytes, with a problem line for each way it falls short.
    static func openContainer(_ i: Int, prefix: String, containers: [Int: RecorderCardFile],
                              problems: inout [String]) -> (path: String, size: UInt64, source: ByteSource?) {
        let name = prefix + "hiv" + pad5(i) + ".mp4"
        guard let file = containers[i] else {
            problems.append("\(name) is in the index but not on the card")
            return (name, containerSize, nil)
        }
        if file.size != containerSize {
            problems.append("\(file.path) is \(file.size) bytes, not the \(containerSize) a Hikvision container has")
        }
        do {
            return (file.path, file.size, try file.open())
        } catch {
            problems.append("\(file.path) cannot be read (\(error)); its records are listed from the index alone")
            return (file.path, file.size, nil)
        }
    }

    /// A segment being recorded: its length and end from the stream at its offset, else up to
    /// the container's end with a problem line.
    static func findEnd(of recording: inout Recording, source: ByteSource?, size: UInt64, at: String, problems: inout [String]) {
        recording.state = .recording
        recording.end = nil
        let offset = recording.offset, start = recording.start
        if let source, let extent = ProgramStream.extent(of: source, from: offset, limit: size) {
            recording.length = extent.end - offset
            recording.checkedAgainstBytes = true
            // The index's start is the first key frame's time; the stream says how long after it the last frame came.
            let micros = Int64(extent.ticks * 1_000_000 / ProgramStream.clockRate)
            let total = start.wallClockSeconds * 1_000_000 + Int64(start.microseconds) + micros
            recording.end = RecorderTime(wallClockSeconds: total / 1_000_000, microseconds: Int(total % 1_000_000))
        } else {
            recording.length = size - offset
            problems.append("\(at) is being recorded and its end could not be found in the bytes; listed up to the container's end")
        }
    }

    static func pad5(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 5 - s.count)) + s
    }
}

extension HikvisionRecorder.RecordRefused: CustomStringConvertible { var description: String { line } }
