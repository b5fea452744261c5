import CardIO
import Messages

/// The chain of extended boot records (EBRs) inside an MBR extended partition (types 0x05, 0x0F,
/// 0x85), which describes the logical partitions.
///
/// Each EBR has the MBR layout. Its first entry is the logical partition, with a start relative to
/// that EBR's own sector; its second entry, when it is of an extended type, points at the next EBR,
/// with a start relative to the extended partition's first sector. Entries 3 and 4 are unused.
///
/// The chain is on-disk data, so the walk is bounded: at most `maxLogicalPartitions` partitions
/// and `maxRecords` EBRs, each EBR visited once (a chain that loops ends with a warning), each next
/// EBR inside the extended partition.
struct ExtendedBootRecordChain {
    static let maxLogicalPartitions = 128
    static let maxRecords = 256

    /// A logical partition as the chain describes it, in 512-byte sectors from the source's start.
    struct Logical {
        var entry: MBRPartitionEntry
        var startSector: UInt64
    }

    var logicals: [Logical] = []
    var warnings: [String] = []

    /// Walks the chain of the extended partition `extended` (a primary entry). Read errors and
    /// damage end the walk with a warning and keep what was found before.
    init(source: ByteSource, extended: MBRPartitionEntry) {
        let sectorSize = UInt64(MasterBootRecord.sectorSize)
        let extStart = UInt64(extended.startingLBA)
        let extEnd = extStart + UInt64(extended.sizeInLBA)  // both from UInt32: cannot overflow UInt64
        var ebrSector = extStart
        var visited = Set<UInt64>()

        for _ in 0..<Self.maxRecords {
            if !visited.insert(ebrSector).inserted {
                warnings.append(tr(.pcTheExtendedPartitionChainLoops, ["ebrSector": "\(ebrSector)", "count": "\(logicals.count)"]))
                return
            }
            let sector: [UInt8]
            do {
                sector = try source.read(at: ebrSector * sectorSize, count: MasterBootRecord.sectorSize)
            } catch {
                warnings.append(tr(.pcTheEBRAtSectorCannot, ["ebrSector": "\(ebrSector)", "error": "\(error)"]))
                return
            }
            guard let ebr = try? MasterBootRecord(sector: sector, what: tr(.pcEBRAtSector, ["ebrSector": "\(ebrSector)"])),
                  ebr.hasBootSignature else {
                warnings.append(tr(.pcTheEBRAtSectorHas, ["ebrSector": "\(ebrSector)"]))
                return
            }

            let data = ebr.entries[0]
            if !data.isUnused {
                if data.isExtended {
                    warnings.append(tr(.pcTheEBRAtSectorNames, ["ebrSector": "\(ebrSector)"]))
                } else if logicals.count >= Self.maxLogicalPartitions {
                    warnings.append(tr(.pcMoreThanLogicalPartitionsThe, ["maxLogicalPartitions": "\(Self.maxLogicalPartitions)"]))
                    return
                } else {
                    let start = ebrSector + UInt64(data.startingLBA)
                    let end = start + UInt64(data.sizeInLBA)
                    if start < extStart || end > extEnd {
                        warnings.append(tr(.pcLogicalPartitionSectorsReachesOutside, ["v": "\(5 + logicals.count)", "start": "\(start)", "end": "\(end)", "extStart": "\(extStart)", "extEnd": "\(extEnd)"]))
                    }
                    logicals.append(Logical(entry: data, startSector: start))
                }
            }

            let link = ebr.entries[1]
            guard !link.isUnused, link.isExtended else { return }  // the normal end of the chain
            let next = extStart + UInt64(link.startingLBA)
            guard next >= extStart, next < extEnd else {
                warnings.append(tr(.pcTheEBRAtSectorLinks, ["ebrSector": "\(ebrSector)", "next": "\(next)"]))
                return
            }
            ebrSector = next
        }
        warnings.append(tr(.pcTheExtendedPartitionChainHas, ["maxRecords": "\(Self.maxRecords)"]))
    }
}
