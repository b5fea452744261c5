import CardFileSystem
import CardIO
import Messages

/// A file's directory entry set (exFAT specification §6.3, §7.4, §7.6, §7.7): a File entry,
/// its Stream Extension, File Name entries and any benign secondaries, checked against the
/// set's SetChecksum.
///
/// A deleted set (§6.2.1.4: InUse clear, 0x05/0x40/0x41) is checked with the InUse bits put
/// back, because deleting clears only those bits and leaves SetChecksum as it was.
struct FileEntrySet {
    var file: FileDirectoryEntry
    var stream: StreamExtensionEntry
    var nameUnits: [UInt16]
    var deleted: Bool
    /// Offset of the File entry in the volume.
    var volumeOffset: UInt64
    var computedChecksum: UInt16
    var checksumMatches: Bool { computedChecksum == file.setChecksum }

    /// §7.4.1: a Stream Extension plus 1 to 17 File Name entries.
    static let secondaryCountRange: ClosedRange<UInt8> = 2...18

    /// SetChecksum (§6.3.3) over every byte of the set except the checksum field itself.
    static func checksum(_ entries: [RawEntry], restoreInUse: Bool) -> UInt16 {
        var sum: UInt16 = 0
        for (i, entry) in entries.enumerated() {
            for (j, b) in entry.bytes.enumerated() {
                if i == 0 && (j == 2 || j == 3) { continue }
                let byte = (j == 0 && restoreInUse) ? b | EntryType.inUse : b
                sum = (sum & 1 != 0 ? 0x8000 : 0) &+ (sum >> 1) &+ UInt16(byte)
            }
        }
        return sum
    }
}

/// What one directory holds, as parsed: file entry sets in directory order, the root's
/// special entries, and a line for every stretch that could not be made sense of.
struct ParsedDirectory {
    var sets: [FileEntrySet] = []
    /// Allocation Bitmap entries (§7.1): BitmapFlags and the generic location fields.
    var bitmaps: [(flags: UInt8, entry: GenericPrimaryEntry)] = []
    /// Up-case Table entry (§7.2) with its TableChecksum.
    var upcase: (checksum: UInt32, entry: GenericPrimaryEntry)?
    /// Volume Label (§7.3) as UTF-16 units.
    var label: [UInt16]?
    /// Volume GUID (§7.5), 16 bytes as stored.
    var guid: [UInt8]?
    /// A remark on the label entry, for the volume's warnings.
    var labelNote: String?
    var problems: [String] = []
    /// True when the walk stopped at the entry budget.
    var budgetExhausted = false
}

/// Problem lines for one folder, capped so a folder of garbage cannot produce thousands of
/// lines (or spend its time formatting them).
struct ProblemLog {
    let place: String
    static let limit = 20
    private(set) var lines: [String] = []
    private var count = 0

    init(place: String) { self.place = place }

    mutating func add(_ text: @autoclosure () -> String) {
        count += 1
        if count <= Self.limit { lines.append("\(place): \(text())") }
        if count == Self.limit + 1 { lines.append(tr(.xcFurtherDamagedEntriesNotListed, ["place": "\(place)"])) }
    }

    mutating func always(_ text: String) { lines.append("\(place): \(text)") }
}

/// Parses a directory's entries into entry sets (§6), bounded by the directory's size and a
/// shared entry budget.
enum DirectoryParser {
    /// `deletedSets`: also return deleted file entry sets. `requireChecksum`: drop sets whose
    /// SetChecksum fails (inside a deleted folder, where the clusters may hold anything).
    static func parse(_ stream: inout DirectoryStream, deletedSets: Bool, requireChecksum: Bool,
                      budget: inout Int, where place: String) -> ParsedDirectory {
        var out = ParsedDirectory()
        var log = ProblemLog(place: place)
        do {
            while let entry = try stream.next() {
                let type = entry.type
                if type == EntryType.endOfDirectory { break }
                if budget <= 0 {
                    out.budgetExhausted = true
                    break
                }
                budget -= 1
                switch type {
                case EntryType.file:
                    if let set = try fileSet(entry, &stream, deleted: false, log: &log) {
                        if requireChecksum && !set.checksumMatches { continue }
                        out.sets.append(set)
                    }
                case EntryType.file & ~EntryType.inUse:
                    guard deletedSets else { continue }
                    if let set = try fileSet(entry, &stream, deleted: true, log: &log) {
                        if requireChecksum && !set.checksumMatches { continue }
                        out.sets.append(set)
                    }
                case EntryType.allocationBitmap:
                    out.bitmaps.append((flags: try entry.reader.u8(1), entry: try GenericPrimaryEntry(entry)))
                case EntryType.upcaseTable:
                    if out.upcase == nil {
                        out.upcase = (checksum: try entry.reader.u32(4), entry: try GenericPrimaryEntry(entry))
                    }
                case EntryType.volumeLabel:
                    // §7.3.1: at most 11 characters; some formatters write up to the 15 the
                    // entry can physically hold, and other readers show them, so we do too.
                    let count = Int(try entry.reader.u8(1))
                    if count > 11 {
                        out.labelNote = tr(.xcVolumeLabelEntryHoldsCharacters, ["count": "\(count)"])
                    }
                    out.label = try (0..<min(count, 15)).map { try entry.reader.u16(2 + 2 * $0) }
                case EntryType.volumeGUID:
                    out.guid = Array(try entry.reader.slice(6, 16))
                default:
                    guard EntryType.isInUse(type) else { continue } // unused or deleted entry
                    if EntryType.isSecondary(type) {
                        log.add(tr(.xcStraySecondaryEntry0xAt, ["v": "\(String(type, radix: 16, uppercase: true))", "volumeOffset": "\(entry.volumeOffset)"]))
                    } else if EntryType.isBenign(type) {
                        // §6.3: skip a benign primary we do not know, with its secondaries.
                        try skipSecondaries(count: Int(try entry.reader.u8(1)), &stream)
                    } else {
                        log.add(tr(.xcUnknownCriticalEntryType0x, ["v": "\(String(type, radix: 16, uppercase: true))", "volumeOffset": "\(entry.volumeOffset)"]))
                    }
                }
            }
        } catch {
            log.always(tr(.xcCannotReadFurtherTheRest, ["error": "\(error)"]))
        }
        out.problems = log.lines
        return out
    }

    private static func skipSecondaries(count: Int, _ stream: inout DirectoryStream) throws {
        for _ in 0..<count {
            guard let e = try stream.next() else { return }
            if !(EntryType.isSecondary(e.type) && EntryType.isInUse(e.type)) {
                stream.pushBack(e)
                return
            }
        }
    }

    /// Gathers the set that starts with `primary`. Returns nil (after naming the problem for a
    /// live set) when the set is incomplete or malformed; the entry that broke it is pushed
    /// back so it is read as the start of whatever follows.
    private static func fileSet(_ primary: RawEntry, _ stream: inout DirectoryStream, deleted: Bool,
                                log: inout ProblemLog) throws -> FileEntrySet? {
        let file = try FileDirectoryEntry(primary)
        // Remnants of deleted sets are common and not damage: only live sets are reported.
        func problem(_ text: @autoclosure () -> String) {
            if !deleted { log.add(tr(.xcEntrySetAtByte, ["volumeOffset": "\(primary.volumeOffset)"]) + text()) }
        }
        guard FileEntrySet.secondaryCountRange.contains(file.secondaryCount) else {
            problem(tr(.xcSecondaryCountIsNot2To, ["secondaryCount": "\(file.secondaryCount)"]))
            return nil
        }
        var entries = [primary]
        let wantInUse = !deleted
        for _ in 0..<file.secondaryCount {
            guard let e = try stream.next() else {
                problem(tr(.xcTheFolderEndsInsideThe))
                return nil
            }
            guard EntryType.isSecondary(e.type), EntryType.isInUse(e.type) == wantInUse else {
                stream.pushBack(e)
                problem(tr(.xcOnlyOfSecondaryEntriesPresent, ["v": "\(entries.count - 1)", "secondaryCount": "\(file.secondaryCount)"]))
                return nil
            }
            entries.append(e)
        }
        // §6.3: the Stream Extension comes first, then the File Name entries.
        guard entries[1].type | EntryType.inUse == EntryType.streamExtension else {
            problem(tr(.xcFirstSecondaryEntryIsNot))
            return nil
        }
        let stream = try StreamExtensionEntry(entries[1])
        let nameLength = Int(stream.nameLength)
        let nameEntries = (nameLength + FileNameEntry.unitsPerEntry - 1) / FileNameEntry.unitsPerEntry
        guard nameLength > 0 else {
            problem(tr(.xcNameLengthIs0Skipped))
            return nil
        }
        guard nameEntries <= entries.count - 2 else {
            problem(tr(.xcNameLengthNeedsFileNameEntries, ["nameLength": "\(nameLength)", "nameEntries": "\(nameEntries)", "v": "\(entries.count - 2)"]))
            return nil
        }
        var units: [UInt16] = []
        for e in entries[2..<(2 + nameEntries)] {
            guard e.type | EntryType.inUse == EntryType.fileName else {
                problem(tr(.xcEntryAtByteShouldBe, ["volumeOffset": "\(e.volumeOffset)"]))
                return nil
            }
            units += try FileNameEntry.units(e)
        }
        return FileEntrySet(file: file, stream: stream, nameUnits: Array(units.prefix(nameLength)), deleted: deleted,
                            volumeOffset: primary.volumeOffset,
                            computedChecksum: FileEntrySet.checksum(entries, restoreInUse: deleted))
    }
}
