import CardFileSystem
import CardIO
import Messages

/// The Main and Backup Boot Regions (exFAT specification §3): twelve sectors each — boot sector,
/// eight extended boot sectors, OEM parameters, a reserved sector and the Boot Checksum sector.
enum BootRegion {
    /// Sectors in one boot region (§3, table 2).
    static let sectorCount = 12

    /// The boot checksum (§3.4) over the first eleven sectors of a region, skipping VolumeFlags
    /// (bytes 106–107) and PercentInUse (byte 112), which change while mounted.
    static func checksum(_ region: ArraySlice<UInt8>, bytesPerSector: Int) -> UInt32 {
        var sum: UInt32 = 0
        var index = 0
        let covered = min(region.count, bytesPerSector * 11)
        for byte in region.prefix(covered) {
            if index != 106 && index != 107 && index != 112 {
                sum = (sum & 1 != 0 ? 0x8000_0000 : 0) &+ (sum >> 1) &+ UInt32(byte)
            }
            index += 1
        }
        return sum
    }

    /// Checks the twelfth sector: the checksum repeated in every four bytes (§3.4).
    /// Returns nil when it holds, else a one-line reason.
    static func checksumProblem(_ region: [UInt8], bytesPerSector: Int) -> String? {
        guard region.count >= bytesPerSector * sectorCount else { return tr(.xcRegionIsIncomplete) }
        let computed = checksum(region[...], bytesPerSector: bytesPerSector)
        let r = LittleEndianReader(region, what: tr(.xcBootChecksumSector))
        let start = bytesPerSector * 11
        var offset = start
        while offset < start + bytesPerSector {
            guard let stored = try? r.u32(offset) else { return tr(.xcChecksumSectorIsIncomplete) }
            if stored != computed {
                return tr(.xcBootChecksumSectorHoldsAt, ["stored": "\(hex32(stored))", "v": "\(offset - start)", "computed": "\(hex32(computed))"])
            }
            offset += 4
        }
        return nil
    }

    /// Compares the backup region with the main one, byte by byte outside the fields that change
    /// while mounted. Returns the warnings to show (never repairs anything).
    static func compareBackup(main: [UInt8], backup: [UInt8], bytesPerSector: Int) -> [String] {
        var warnings: [String] = []
        if let problem = checksumProblem(backup, bytesPerSector: bytesPerSector) {
            warnings.append(tr(.xBackupProblem, ["problem": "\(problem)"]))
        }
        let length = min(main.count, backup.count)
        var differing = 0
        var first: Int?
        for i in 0..<length where i != 106 && i != 107 && i != 112 && main[i] != backup[i] {
            differing += 1
            if first == nil { first = i }
        }
        if let first {
            warnings.append(tr(.xBackupDiffers, ["count": String(differing), "first": String(first)]))
        }
        return warnings
    }
}
