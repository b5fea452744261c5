import CardIO
import Messages

/// A GUID partition table read from a source (UEFI spec §5.3): the primary header at LBA 1, the
/// backup at the last LBA, each with its partition entry array.
///
/// Both copies are checked and compared. Disagreements become warnings; nothing is repaired.
/// When the primary is unusable and the backup is good, the backup is used, with a warning.
struct GPTTable {
    var sectorSize: Int
    var header: GPTHeader
    /// Used entries with their 1-based index in the array.
    var entries: [(index: Int, entry: GPTPartitionEntry)]
    var usedBackup: Bool
    var warnings: [String]

    /// One header with the entry array it points at.
    struct Copy {
        var header: GPTHeader
        var entryArray: [UInt8]
    }

    /// Reads the table with logical blocks of `sectorSize` bytes.
    /// Throws `PartitionError.unreadableGPT` when neither copy is usable.
    init(source: ByteSource, sectorSize: Int, verifyChecksums: Bool = true) throws {
        self.sectorSize = sectorSize
        var warnings: [String] = []
        let blocks = source.size / UInt64(sectorSize)
        let lastLBA: UInt64 = blocks > 0 ? blocks - 1 : 0
        if source.size % UInt64(sectorSize) != 0 {
            warnings.append(tr(.pcTheSourceSSizeBytes, ["size": "\(source.size)", "sectorSize": "\(sectorSize)"]))
        }

        let primary = Self.load(source: source, lba: 1, sectorSize: sectorSize, verifyChecksums: verifyChecksums)
        // The backup belongs at the last LBA. If the primary names another place (a card imaged
        // short, or a table written for a different size), look there too, and say so.
        var backupLBAs: [UInt64] = [lastLBA]
        if case let .success(p) = primary, p.header.alternateLBA != lastLBA {
            warnings.append(tr(.pcThePrimaryGPTHeaderPuts, ["alternateLBA": "\(p.header.alternateLBA)", "lastLBA": "\(lastLBA)"]))
            if p.header.alternateLBA < blocks, p.header.alternateLBA > 1 { backupLBAs.append(p.header.alternateLBA) }
        }
        var backup: Result<Copy, GPTProblem> = .failure(.noSignature(lba: lastLBA))
        for lba in backupLBAs where lba > 1 {
            backup = Self.load(source: source, lba: lba, sectorSize: sectorSize, verifyChecksums: verifyChecksums)
            if case .success = backup { break }
        }

        let chosen: Copy
        switch (primary, backup) {
        case let (.success(p), .success(b)):
            chosen = p
            usedBackup = false
            warnings += Self.compare(primary: p, backup: b)
        case let (.success(p), .failure(problem)):
            chosen = p
            usedBackup = false
            warnings.append(tr(.pcTheBackupGPTHeaderIs, ["problem": "\(problem)"]))
        case let (.failure(problem), .success(b)):
            chosen = b
            usedBackup = true
            warnings.append(tr(.pcThePrimaryGPTHeaderIs, ["problem": "\(problem)", "myLBA": "\(b.header.myLBA)"]))
        case let (.failure(p), .failure(b)):
            throw PartitionError.unreadableGPT(source: source.name, primary: p.description, backup: b.description)
        }
        header = chosen.header

        if header.revision != GPTHeader.revision1_0 {
            warnings.append(tr(.pcTheGPTHeaderHasRevision, ["revision": "\(hex8(header.revision))"]))
        }
        // The entry array must not lie in the space partitions may use (§5.3.2: it sits between
        // the header and FirstUsableLBA, or between LastUsableLBA and the backup header).
        let arraySectors = (UInt64(header.entryArrayByteCount) + UInt64(sectorSize) - 1) / UInt64(sectorSize)
        let (arrayEnd, arrayOverflow) = header.partitionEntryLBA.addingReportingOverflow(arraySectors)
        if arraySectors > 0, arrayOverflow || (arrayEnd > header.firstUsableLBA && header.partitionEntryLBA <= header.lastUsableLBA) {
            warnings.append(tr(.pcTheGPTPartitionEntryArray, ["partitionEntryLBA": "\(header.partitionEntryLBA)", "arraySectors": "\(arraySectors)", "firstUsableLBA": "\(header.firstUsableLBA)", "lastUsableLBA": "\(header.lastUsableLBA)"]))
        }
        if header.lastUsableLBA > lastLBA {
            warnings.append(tr(.pcTheGPTSLastUsable, ["lastUsableLBA": "\(header.lastUsableLBA)", "lastLBA": "\(lastLBA)"]))
        }

        var found: [(index: Int, entry: GPTPartitionEntry)] = []
        let size = Int(header.sizeOfPartitionEntry)
        let array = LittleEndianReader(chosen.entryArray, what: tr(.pcGPTPartitionEntryArray))
        for i in 0..<Int(header.numberOfPartitionEntries) {
            // The array length is count × size (checked in GPTHeader), so every entry is inside.
            guard let r = try? array.sub(i * size, GPTPartitionEntry.layoutSize),
                  let entry = try? GPTPartitionEntry(r) else { break }
            if !entry.isUnused { found.append((i + 1, entry)) }
        }
        entries = found
        self.warnings = warnings
    }

    /// Reads and validates the header at `lba` and the entry array it points at.
    static func load(source: ByteSource, lba: UInt64, sectorSize: Int, verifyChecksums: Bool) -> Result<Copy, GPTProblem> {
        let (offset, overflow) = lba.multipliedReportingOverflow(by: UInt64(sectorSize))
        guard !overflow else { return .failure(.unreadable(lba: lba, reason: tr(.pcLBAOutOfRange))) }
        let block: [UInt8]
        do {
            block = try source.read(at: offset, count: sectorSize)
        } catch {
            return .failure(.unreadable(lba: lba, reason: "\(error)"))
        }
        let header: GPTHeader
        do {
            header = try GPTHeader(block: block, lba: lba, sectorSize: sectorSize, verifyChecksums: verifyChecksums)
        } catch let problem as GPTProblem {
            return .failure(problem)
        } catch {
            return .failure(.unreadable(lba: lba, reason: "\(error)"))
        }
        let count = header.entryArrayByteCount
        let (arrayOffset, arrayOverflow) = header.partitionEntryLBA.multipliedReportingOverflow(by: UInt64(sectorSize))
        guard !arrayOverflow else {
            return .failure(.entryArrayOutsideSource(lba: header.partitionEntryLBA, bytes: count))
        }
        let array: [UInt8]
        do {
            array = try source.read(at: arrayOffset, count: count)
        } catch CardIOError.truncated {
            return .failure(.entryArrayOutsideSource(lba: header.partitionEntryLBA, bytes: count))
        } catch {
            return .failure(.unreadable(lba: header.partitionEntryLBA, reason: "\(error)"))
        }
        if verifyChecksums {
            let computed = CRC32.checksum(array)
            guard computed == header.partitionEntryArrayCRC32 else {
                return .failure(.entryArrayCRCMismatch(stored: header.partitionEntryArrayCRC32, computed: computed))
            }
        }
        return .success(Copy(header: header, entryArray: array))
    }

    /// What a valid backup should repeat from a valid primary (§5.3.2: the backup is the primary
    /// with MyLBA and AlternateLBA swapped and its own PartitionEntryLBA).
    static func compare(primary p: Copy, backup b: Copy) -> [String] {
        var out: [String] = []
        func differ<T: Equatable>(_ field: String, _ x: T, _ y: T) {
            if x != y { out.append(tr(.pcTheBackupGPTHeaderDisagrees, ["field": "\(field)", "y": "\(y)", "x": "\(x)"])) }
        }
        let ph = p.header, bh = b.header
        differ("DiskGUID", ph.diskGUID.description, bh.diskGUID.description)
        differ("FirstUsableLBA", ph.firstUsableLBA, bh.firstUsableLBA)
        differ("LastUsableLBA", ph.lastUsableLBA, bh.lastUsableLBA)
        differ("NumberOfPartitionEntries", ph.numberOfPartitionEntries, bh.numberOfPartitionEntries)
        differ("SizeOfPartitionEntry", ph.sizeOfPartitionEntry, bh.sizeOfPartitionEntry)
        differ("AlternateLBA", ph.myLBA, bh.alternateLBA)
        if ph.alternateLBA != bh.myLBA {
            out.append(tr(.pcThePrimaryGPTHeaderPuts2, ["alternateLBA": "\(ph.alternateLBA)", "myLBA": "\(bh.myLBA)"]))
        }
        if p.entryArray != b.entryArray {
            out.append(tr(.pcTheBackupGPTPartitionEntry, ["partitionEntryArrayCRC32": "\(hex8(bh.partitionEntryArrayCRC32))", "partitionEntryArrayCRC322": "\(hex8(ph.partitionEntryArrayCRC32))"]))
        }
        return out
    }
}
