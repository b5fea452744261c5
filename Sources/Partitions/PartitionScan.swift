import CardIO
import Messages

/// What a source's partition table says: the scheme, the partitions a user can choose from, and
/// every oddity found on the way. The single entry point of this module is `scan(_:)`.
public struct PartitionScan: Equatable, Sendable {
    public var scheme: PartitionScheme
    /// The partitions holding data, ordered by `index`. MBR extended containers are not listed
    /// (see `extendedPartition`). For `.none`, one partition spanning the whole source.
    public var partitions: [Partition]
    /// Damage and disagreements, one line each ("the backup GPT header disagrees…"). The scan
    /// never repairs anything; it reports and reads what it can.
    public var warnings: [String]
    /// The logical sector size the table is written in (512, or 4096 for a 4K GPT).
    public var sectorSize: Int
    /// The MBR disk signature ("0x12345678") or the GPT DiskGUID, as `sfdisk` shows them.
    public var diskIdentifier: String?
    /// The MBR extended partition whose chain holds the logical partitions, if any.
    public var extendedPartition: Partition?
    /// For `.none`: the filesystem whose boot sector is sector 0.
    public var wholeSourceFileSystem: FileSystemSignature?

    /// The partition the user calls `number` (`--partition N`), or nil.
    public func partition(number: Int) -> Partition? {
        partitions.first { $0.index == number }
    }

    /// Reads the partition table of `source` (a card or an image), or finds that sector 0 is a
    /// filesystem's boot sector (a card formatted whole).
    ///
    /// Order: a filesystem boot sector in sector 0 (FAT, exFAT, NTFS; before the MBR, because a
    /// FAT boot sector also ends in 0x55AA and its "partition entries" are boot code); then an MBR
    /// (0x55AA and valid boot indicators); a protective entry (0xEE) there means GPT; without
    /// 0x55AA, a GPT header at LBA 1 or an ext superblock is still recognised.
    ///
    /// Throws `PartitionError` when nothing is recognised or no GPT copy is usable, and
    /// `CardIOError` when sector 0 cannot be read. Damage further on becomes warnings.
    public static func scan(_ source: ByteSource) throws -> PartitionScan {
        try scan(source, verifyChecksums: true)
    }

    /// A hostile table can produce a warning per entry (thousands for GPT); keep the report short.
    static let maxWarnings = 50

    static func scan(_ source: ByteSource, verifyChecksums: Bool) throws -> PartitionScan {
        var result = try scanUncapped(source, verifyChecksums: verifyChecksums)
        if result.warnings.count > maxWarnings {
            let more = result.warnings.count - maxWarnings
            result.warnings = Array(result.warnings.prefix(maxWarnings)) + [tr(.pcMoreWarningsNotShown, ["more": "\(more)"])]
        }
        return result
    }

    static func scanUncapped(_ source: ByteSource, verifyChecksums: Bool) throws -> PartitionScan {
        let sectorSize = MasterBootRecord.sectorSize
        guard source.size >= UInt64(sectorSize) else {
            throw PartitionError.sourceTooSmall(source: source.name, size: source.size)
        }
        let sector0 = try source.read(at: 0, count: sectorSize)

        if let fs = FileSystemSignature.detectBootSector(sector0) {
            return wholeSource(source, fileSystem: fs)
        }

        guard MasterBootRecord.hasBootSignature(sector0) else {
            if let gptSize = gptSectorSize(source) {
                var scan = try gpt(source, sectorSize: gptSize, verifyChecksums: verifyChecksums)
                scan.warnings.insert(tr(.pcSector0HoldsNoProtective), at: 0)
                return scan
            }
            if try FileSystemSignature.detect(source) == .ext {
                return wholeSource(source, fileSystem: .ext)
            }
            throw PartitionError.unrecognised(source: source.name)
        }

        let mbr = try MasterBootRecord(sector: sector0)
        for (slot, entry) in mbr.entries.enumerated() where !entry.hasValidBootIndicator {
            throw PartitionError.invalidMBR(source: source.name,
                                            reason: tr(.pcEntryHasBootIndicator0x, ["v": "\(slot + 1)", "bootIndicator": "\(MBRPartitionType.hex2(entry.bootIndicator))"]))
        }
        if mbr.entries.contains(where: { $0.isGPTProtective && !$0.isUnused }) {
            var scan: PartitionScan
            if let size = gptSectorSize(source) {
                scan = try gpt(source, sectorSize: size, verifyChecksums: verifyChecksums)
            } else {
                // No primary header at either block size: look for a backup at the last LBA of each.
                do {
                    scan = try gpt(source, sectorSize: sectorSize, verifyChecksums: verifyChecksums)
                } catch {
                    guard let four = try? gpt(source, sectorSize: 4096, verifyChecksums: verifyChecksums) else { throw error }
                    scan = four
                }
            }
            if mbr.entries.contains(where: { !$0.isUnused && !$0.isGPTProtective }) {
                scan.warnings.insert(tr(.pcTheMBRIsAHybrid), at: 0)
            }
            return scan
        }
        var scan = self.mbr(source, mbr)
        if gptSectorSize(source) != nil {
            scan.warnings.append(tr(.pcAGPTHeaderExistsAt))
        }
        return scan
    }

    // MARK: - No table

    static func wholeSource(_ source: ByteSource, fileSystem: FileSystemSignature) -> PartitionScan {
        let sectorSize = MasterBootRecord.sectorSize
        let whole = Partition(index: 1, role: .wholeSource, startByte: 0, length: source.size,
                              startSector: 0, sectorCount: source.size / UInt64(sectorSize), sectorSize: sectorSize,
                              // A fixed English description, as the MBR and GPT type names are: it is a field of
                              // `info --json` and of the provenance. `info`'s text words it (`wholeCardDescription`).
                              typeDescription: "\(fileSystem) (whole card, no partition table)",
                              mbrType: nil, typeGUID: nil, uniqueGUID: nil, name: nil, bootable: false,
                              attributes: 0, extendsPastEnd: false, availableLength: source.size)
        return PartitionScan(scheme: .none, partitions: [whole], warnings: [], sectorSize: sectorSize,
                             diskIdentifier: nil, extendedPartition: nil, wholeSourceFileSystem: fileSystem)
    }

    // MARK: - MBR

    static func mbr(_ source: ByteSource, _ mbr: MasterBootRecord) -> PartitionScan {
        let sectorSize = MasterBootRecord.sectorSize
        var warnings: [String] = []
        var partitions: [Partition] = []
        var extended: Partition?

        func make(_ index: Int, _ role: Partition.Role, _ entry: MBRPartitionEntry, start: UInt64) -> Partition? {
            bounded(source, index: index, role: role, startSector: start, sectorCount: UInt64(entry.sizeInLBA),
                    sectorSize: sectorSize, typeDescription: MBRPartitionType.describe(entry.osType),
                    mbrType: entry.osType, bootable: entry.bootIndicator == 0x80, warnings: &warnings)
        }

        for (slot, entry) in mbr.entries.enumerated() where !entry.isUnused {
            if entry.startingLBA == 0 {
                warnings.append(tr(.pcPartitionStartsAtSector0, ["v": "\(slot + 1)"]))
            }
            if entry.isExtended {
                if extended != nil {
                    warnings.append(tr(.pcPartitionIsASecondExtended, ["v": "\(slot + 1)"]))
                    continue
                }
                guard let container = make(slot + 1, .primary, entry, start: UInt64(entry.startingLBA)) else { continue }
                extended = container
                let chain = ExtendedBootRecordChain(source: source, extended: entry)
                warnings += chain.warnings
                for (n, logical) in chain.logicals.enumerated() {
                    if let p = make(5 + n, .logical, logical.entry, start: logical.startSector) { partitions.append(p) }
                }
            } else if let p = make(slot + 1, .primary, entry, start: UInt64(entry.startingLBA)) {
                partitions.append(p)
            }
        }
        if partitions.isEmpty && extended == nil {
            warnings.append(tr(.pcTheMBRListsNoPartitions))
        }
        partitions.sort { $0.index < $1.index }
        warnings += overlapWarnings(partitions)
        return PartitionScan(scheme: .mbr, partitions: partitions, warnings: warnings, sectorSize: sectorSize,
                             diskIdentifier: "0x" + hex8(mbr.diskSignature).dropFirst(2).lowercased(),
                             extendedPartition: extended, wholeSourceFileSystem: nil)
    }

    // MARK: - GPT

    /// 512 or 4096, whichever block size puts "EFI PART" at LBA 1; nil when neither does.
    static func gptSectorSize(_ source: ByteSource) -> Int? {
        for size in [512, 4096] {
            if let sig = try? source.read(at: UInt64(size), count: 8), sig == GPTHeader.signature { return size }
        }
        return nil
    }

    static func gpt(_ source: ByteSource, sectorSize: Int, verifyChecksums: Bool) throws -> PartitionScan {
        let table = try GPTTable(source: source, sectorSize: sectorSize, verifyChecksums: verifyChecksums)
        var warnings = table.warnings
        var partitions: [Partition] = []
        let h = table.header
        for (index, e) in table.entries {
            guard e.startingLBA <= e.endingLBA else {
                warnings.append(tr(.pcGPTEntryEndsLBABefore, ["index": "\(index)", "endingLBA": "\(e.endingLBA)", "startingLBA": "\(e.startingLBA)"]))
                continue
            }
            if e.startingLBA < h.firstUsableLBA || e.endingLBA > h.lastUsableLBA {
                warnings.append(tr(.pcGPTEntryLBALiesOutside, ["index": "\(index)", "startingLBA": "\(e.startingLBA)", "endingLBA": "\(e.endingLBA)", "firstUsableLBA": "\(h.firstUsableLBA)", "lastUsableLBA": "\(h.lastUsableLBA)"]))
            }
            let (count, overflow) = (e.endingLBA - e.startingLBA).addingReportingOverflow(1)
            guard !overflow else {
                warnings.append(tr(.pcGPTEntryIsTooLarge, ["index": "\(index)"]))
                continue
            }
            guard var p = bounded(source, index: index, role: .gpt, startSector: e.startingLBA, sectorCount: count,
                                  sectorSize: sectorSize, typeDescription: GPTPartitionType.describe(e.typeGUID),
                                  mbrType: nil, bootable: e.attributes & GPTPartitionEntry.legacyBIOSBootable != 0,
                                  warnings: &warnings) else { continue }
            p.typeGUID = e.typeGUID.description
            p.uniqueGUID = e.uniqueGUID.description
            p.name = e.name.isEmpty ? nil : e.name
            p.attributes = e.attributes
            partitions.append(p)
        }
        warnings += overlapWarnings(partitions)
        return PartitionScan(scheme: .gpt, partitions: partitions, warnings: warnings, sectorSize: sectorSize,
                             diskIdentifier: h.diskGUID.description, extendedPartition: nil, wholeSourceFileSystem: nil)
    }

    // MARK: - Checks shared by both schemes

    /// Builds a partition from table sectors, checking the byte arithmetic and that it lies
    /// inside the source. Overflow: nil and a warning. Past the end: kept, flagged, warned.
    static func bounded(_ source: ByteSource, index: Int, role: Partition.Role, startSector: UInt64, sectorCount: UInt64,
                        sectorSize: Int, typeDescription: String, mbrType: UInt8?, bootable: Bool,
                        warnings: inout [String]) -> Partition? {
        let (start, o1) = startSector.multipliedReportingOverflow(by: UInt64(sectorSize))
        let (length, o2) = sectorCount.multipliedReportingOverflow(by: UInt64(sectorSize))
        let (end, o3) = start.addingReportingOverflow(length)
        guard !o1, !o2, !o3 else {
            warnings.append(tr(.pcPartitionSectorSectorsLiesBeyond, ["index": "\(index)", "startSector": "\(startSector)", "sectorCount": "\(sectorCount)"]))
            return nil
        }
        let available: UInt64 = start >= source.size ? 0 : min(length, source.size - start)
        if start >= source.size {
            warnings.append(tr(.pcPartitionStartsAtBytePast, ["index": "\(index)", "start": "\(start)", "size": "\(source.size)"]))
        } else if end > source.size {
            warnings.append(tr(.pcPartitionEndsAtBytePast, ["index": "\(index)", "end": "\(end)", "size": "\(source.size)", "v": "\(end - source.size)"]))
        }
        return Partition(index: index, role: role, startByte: start, length: length, startSector: startSector,
                         sectorCount: sectorCount, sectorSize: sectorSize, typeDescription: typeDescription,
                         mbrType: mbrType, typeGUID: nil, uniqueGUID: nil, name: nil, bootable: bootable,
                         attributes: 0, extendsPastEnd: end > source.size, availableLength: available)
    }

    /// One warning per pair of neighbours (by start) that overlap.
    static func overlapWarnings(_ partitions: [Partition]) -> [String] {
        let byStart = partitions.sorted { ($0.startByte, $0.index) < ($1.startByte, $1.index) }
        var out: [String] = []
        var furthest: Partition?
        for p in byStart {
            if let f = furthest, p.startByte < f.startByte + f.length {
                out.append("partitions \(f.index) and \(p.index) overlap")
            }
            if furthest.map({ p.startByte + p.length > $0.startByte + $0.length }) ?? true { furthest = p }
        }
        return out
    }
}

extension PartitionScan {
    /// The whole-card partition's description in the run's language, for people.
    public var wholeCardDescription: String? {
        guard scheme == .none, let fs = wholeSourceFileSystem else { return nil }
        return tr(.pcWholeCardNoPartitionTable, ["fileSystem": "\(fs)"])
    }
}
