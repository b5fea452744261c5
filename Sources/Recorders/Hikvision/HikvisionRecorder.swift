import CardIO
import Messages

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

    /// True for a file named and sized as a pre-allocated container (`hiv00000.mp4`, exactly
    /// 256 MiB): its times are the index's, so a file listing need not read far into it.
    public static func isContainer(name: String, size: UInt64) -> Bool {
        guard size == containerSize, name.utf8.count == 12 else { return false }
        let n = name.lowercased()
        return n.hasPrefix("hiv") && n.hasSuffix(".mp4") && n.dropFirst(3).dropLast(4).allSatisfy { $0.isASCII && $0.isNumber }
    }

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
            containers[number] = f.openingOnce()
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
                problems.append(tr(.recorderProblemCannotRead, ["path": f.path, "error": "\(error)"]))
                return nil
            }
        }
        let first = parse(index00), second = parse(index01)
        let used: (RecorderCardFile, HikvisionIndex)
        if let index00, let first {
            used = (index00, first)
        } else if let index01, let second {
            used = (index01, second)
            if index00 != nil { problems.append(tr(.recorderProblemUsingMirror, ["used": index01.path, "other": index00?.path ?? "index00.bin"])) }
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
            problems.append(tr(.recorderProblemMirrorMissing, ["path": (folder.isEmpty ? "" : folder + "/") + "index01.bin"]))
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
        return tr(.recorderProblemIndexesDiffer, ["first": first.0, "second": second.0, "counter1": String(first.1.modificationCounter), "counter2": String(second.1.modificationCounter), "onlyFirst": String(onlyA), "onlySecond": String(onlyB)])
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
            problems.append(tr(.recorderProblemBeingWrittenUnknown, ["container": String(being), "count": String(index.containers.count)]))
        }
        for extra in index.liveRecords where Int(extra.container) >= index.containers.count {
            problems.append(tr(.recorderProblemLiveUnknown, ["container": String(extra.container)]))
        }
        for (i, container) in index.containers.enumerated() {
            guard !container.isEmpty else { continue }
            if Int(container.number) != i {
                problems.append(tr(.recorderProblemContainerNumber, ["i": String(i), "number": String(container.number)]))
            }
            let (path, size, source) = openContainer(i, prefix: prefix, containers: containers, problems: &problems)
            // A container with a live record is being written (one per channel on cameras that
            // record several): the live record, not the container's own, says how far it goes.
            let live = index.liveRecords.first { Int($0.container) == i }
            let isLive = live != nil
            var last = Int(live?.slot ?? container.lastValidSlot)
            if last >= HikvisionIndex.slotsPerContainer {
                problems.append(tr(.recorderProblemLastSlot, ["path": path, "last": String(last), "slots": String(HikvisionIndex.slotsPerContainer)]))
                last = HikvisionIndex.slotsPerContainer - 1
            }
            let slots: [HikvisionIndex.SegmentRecord]
            do { slots = try index.segments(i) } catch {
                problems.append(tr(.recorderProblemSegmentsUnreadable, ["path": path, "error": "\(error)"]))
                continue
            }
            guard slots.count == HikvisionIndex.slotsPerContainer else { continue }
            var written: UInt64 = 0
            for j in 0...last {
                let s = slots[j]
                if s.isEmpty {
                    problems.append(tr(.recorderProblemSlotEmpty, ["path": path, "slot": String(j)]))
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
                    problems.append(tr(.recorderProblemInsidePrevious, ["path": path, "slot": String(j), "offset": String(offset), "end": String(written)]))
                    continue
                }
                var recording = Recording(container: path, offset: offset, length: 0, start: start, end: HikvisionIndex.time(s.end),
                                          timeSource: timeSource, state: .complete, channel: Int(container.channel),
                                          containerNumber: i, slot: j, indexRecord: s.raw, checkedAgainstBytes: false)
                if s.end == 0 || s.endOffset == 0 {
                    findEnd(of: &recording, source: source, size: size, at: tr(.recorderProblemSlot, ["path": path, "slot": String(j)]), problems: &problems)
                } else {
                    recording.length = UInt64(s.endOffset) - offset
                    if let line = clockSpanDisagreement(s, at: tr(.recorderProblemSlot, ["path": path, "slot": String(j)])) { problems.append(line) }
                    if let source, !isRecordingSlot {
                        if !clockAgrees(s, source: source) {
                            problems.append(tr(.recorderProblemNoPack, ["path": path, "slot": String(j), "offset": String(offset)]))
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
                        reason = tr(.recorderProblemNotValidRecord, ["why": refused.line])
                    } else if UInt64(s.startOffset) < written {
                        reason = tr(.recorderProblemOverwrittenByPass, [:])
                    } else if source == nil {
                        reason = tr(.recorderProblemUncheckable, [:])
                    } else if let source, !clockAgrees(s, source: source) {
                        reason = tr(.recorderProblemClockGone, [:])
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
        let at = tr(.recorderProblemSlot, ["path": path, "slot": String(j)])
        guard let start = HikvisionIndex.time(s.start) else { return .failure(RecordRefused(tr(.recorderProblemNoStart, ["at": at]))) }
        if UInt64(s.startOffset) >= containerSize {
            return .failure(RecordRefused(tr(.recorderProblemStartPast, ["at": at, "offset": String(s.startOffset), "size": String(containerSize)])))
        }
        if open && (s.end == 0 || s.endOffset == 0) { return .success(()) }
        if s.end == 0 || s.endOffset == 0 {
            if open { return .success(()) }
            return .failure(RecordRefused(tr(.recorderProblemNoEnd, ["at": at])))
        }
        guard let end = HikvisionIndex.time(s.end) else { return .failure(RecordRefused(tr(.recorderProblemNoValidEnd, ["at": at]))) }
        if end < start { return .failure(RecordRefused(tr(.recorderProblemEndsBefore, ["at": at, "end": end.iso, "start": start.iso]))) }
        if s.endOffset <= s.startOffset {
            return .failure(RecordRefused(tr(.recorderProblemEndOffset, ["at": at, "end": String(s.endOffset), "start": String(s.startOffset)])))
        }
        if UInt64(s.endOffset) > containerSize {
            return .failure(RecordRefused(tr(.recorderProblemEndPast, ["at": at, "offset": String(s.endOffset), "size": String(containerSize)])))
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
        return tr(.recorderProblemClockSpan, ["at": at, "times": String(Int(times.rounded())), "clocks": String(Int(clocks.rounded()))])
    }

    /// Container `i`'s card path, size and bytes, with a problem line for each way it falls short.
    static func openContainer(_ i: Int, prefix: String, containers: [Int: RecorderCardFile],
                              problems: inout [String]) -> (path: String, size: UInt64, source: ByteSource?) {
        let name = prefix + "hiv" + pad5(i) + ".mp4"
        guard let file = containers[i] else {
            problems.append(tr(.recorderProblemNotOnCard, ["path": name]))
            return (name, containerSize, nil)
        }
        if file.size != containerSize {
            problems.append(tr(.recorderProblemWrongSize, ["path": file.path, "size": String(file.size), "expected": String(containerSize)]))
        }
        do {
            return (file.path, file.size, try file.open())
        } catch {
            problems.append(tr(.recorderProblemContainerUnreadable, ["path": file.path, "error": "\(error)"]))
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
            problems.append(tr(.recorderProblemEndNotFound, ["at": at]))
        }
    }

    static func pad5(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 5 - s.count)) + s
    }
}

extension HikvisionRecorder.RecordRefused: CustomStringConvertible { var description: String { line } }
