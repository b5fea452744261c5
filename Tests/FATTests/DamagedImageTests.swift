import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import FAT

/// Hostile and damaged volumes made by patching bytes of a valid FAT12 image (the committed
/// fuzz seed `Tests/Corpus/FuzzFAT/fat12-small.img`: DCIM/100MEDIA/駐車場カメラ_….mp4,
/// DCIM/Long name clip.avi, EMPTY.TXT, deleted GONE.TXT and "Deleted long.bin").
/// Each must give one clear error or a partial listing that names the problem.
@Suite(.timeLimit(.minutes(1))) struct DamagedImageTests {
    static let seedURL = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzFAT/fat12-small.img")

    static func seed() throws -> [UInt8] { [UInt8](try Data(contentsOf: seedURL)) }

    /// A patchable image plus the facts needed to patch it.
    struct Image {
        var bytes: [UInt8]
        let geometry: FATGeometry
        let entries: [CardEntry]

        init(_ bytes: [UInt8]) throws {
            self.bytes = bytes
            let v = try FATVolume(source: MemoryByteSource(bytes))
            geometry = v.geometry
            entries = try v.listing(includeDeleted: true).entries
        }

        func entry(_ path: String) throws -> CardEntry {
            try #require(entries.first { $0.path == path }, "no \(path) in the seed")
        }

        /// Offset of `path`'s 32-byte short entry (after any long-name slots).
        func shortEntryOffset(_ path: String) throws -> Int {
            var off = Int(try entry(path).entryOffset)
            while bytes[off + 11] & 0x3F == 0x0F { off += 32 }
            return off
        }

        mutating func setFAT(_ cluster: UInt32, _ value: UInt32, copies: [UInt32]? = nil) {
            for copy in copies ?? Array(0..<geometry.fatCount) {
                let base = Int(geometry.fatOffset(copy: copy))
                switch geometry.kind {
                case .fat12:
                    let off = base + Int(cluster + cluster / 2)
                    if cluster & 1 == 1 {
                        bytes[off] = bytes[off] & 0x0F | UInt8(truncatingIfNeeded: value << 4)
                        bytes[off + 1] = UInt8(truncatingIfNeeded: value >> 4)
                    } else {
                        bytes[off] = UInt8(truncatingIfNeeded: value)
                        bytes[off + 1] = bytes[off + 1] & 0xF0 | UInt8(truncatingIfNeeded: value >> 8) & 0x0F
                    }
                case .fat16:
                    put16(base + Int(cluster) * 2, UInt16(truncatingIfNeeded: value))
                default:
                    put32(base + Int(cluster) * 4, value)
                }
            }
        }

        mutating func put16(_ off: Int, _ v: UInt16) {
            bytes[off] = UInt8(v & 0xFF); bytes[off + 1] = UInt8(v >> 8)
        }

        mutating func put32(_ off: Int, _ v: UInt32) {
            for i in 0..<4 { bytes[off + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
        }

        /// Slot index of the first free slot of the fixed root directory.
        func firstFreeRootSlot() -> Int {
            let root = Int(geometry.rootDirOffset)
            var i = 0
            while bytes[root + i * 32] != 0 { i += 1 }
            return root + i * 32
        }

        /// Writes a long name (`units`) and its short entry into free root slots.
        mutating func addLongName(_ units: [UInt16], short: String, checksumDelta: UInt8 = 0, size: UInt32 = 0) {
            var shortName = Array(short.utf8)
            shortName += [UInt8](repeating: 0x20, count: max(0, 11 - shortName.count))
            let sum = ShortDirectoryEntry.checksum(shortName) &+ checksumDelta
            var padded = units + [0]
            while padded.count % 13 != 0 { padded.append(0xFFFF) }
            let slots = padded.count / 13
            var off = firstFreeRootSlot()
            for n in stride(from: slots, through: 1, by: -1) {
                let part = Array(padded[(n - 1) * 13..<(n * 13)])
                var slot = [UInt8](repeating: 0, count: 32)
                slot[0] = UInt8(n) | (n == slots ? 0x40 : 0)
                slot[11] = 0x0F
                slot[13] = sum
                let positions = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30]
                for (k, p) in positions.enumerated() {
                    slot[p] = UInt8(part[k] & 0xFF); slot[p + 1] = UInt8(part[k] >> 8)
                }
                bytes.replaceSubrange(off..<(off + 32), with: slot)
                off += 32
            }
            addShortEntry(shortName, at: off, size: size)
        }

        mutating func addShortEntry(_ name11: [UInt8], at off: Int? = nil, size: UInt32 = 0) {
            let off = off ?? firstFreeRootSlot()
            var e = [UInt8](repeating: 0, count: 32)
            e.replaceSubrange(0..<11, with: name11.prefix(11))
            e[11] = 0x20
            e[24] = 0x21; e[25] = 0x5B  // 2025-09-01
            bytes.replaceSubrange(off..<(off + 32), with: e)
            put32(off + 28, size)
        }

        func open() throws -> FATVolume { try FATVolume(source: MemoryByteSource(bytes)) }
    }

    static let clip = "DCIM/Long name clip.avi"
    static let japanese = "DCIM/100MEDIA/駐車場カメラ_20261120_213000.mp4"

    @Test func seedReadsCleanly() throws {
        let img = try Image(try Self.seed())
        let v = try img.open()
        #expect(v.description.kind == .fat12)
        #expect(v.description.label == "SEED12")
        #expect(v.description.warnings.isEmpty)
        let paths = img.entries.map(\.path)
        #expect(paths.contains(Self.japanese))
        #expect(paths.contains("Deleted long.bin"))
        #expect(paths.contains("_ONE.TXT"))
        #expect(try readAll(v, img.entry(Self.clip)) == Data(repeating: UInt8(ascii: "x"), count: 3000))
    }

    @Test func loopingChainIsAnError() throws {
        var img = try Image(try Self.seed())
        let first = try img.entry(Self.clip).firstCluster
        img.setFAT(first, first)
        let v = try img.open()
        #expect(throws: FileSystemError.chainLoop(firstCluster: first)) { try v.contentPlan(for: img.entry(Self.clip)) }
        #expect(try v.listing(includeDeleted: true).entries.count == img.entries.count)
    }

    @Test func chainPastTheVolumeIsAnError() throws {
        var img = try Image(try Self.seed())
        let first = try img.entry(Self.clip).firstCluster
        img.setFAT(first, img.geometry.maxCluster + 10)
        let v = try img.open()
        let error = try #require(throws: FileSystemError.self) { try v.contentPlan(for: img.entry(Self.clip)) }
        #expect("\(error)".contains("outside the volume"))
    }

    @Test func chainShorterThanTheSizeIsAnError() throws {
        var img = try Image(try Self.seed())
        let first = try img.entry(Self.clip).firstCluster
        img.setFAT(first, 0xFFF)
        let v = try img.open()
        let error = try #require(throws: FileSystemError.self) { try v.contentPlan(for: img.entry(Self.clip)) }
        #expect("\(error)".contains("ends after 1 clusters"))
    }

    @Test func folderContainingItselfIsAProblemNotAHang() throws {
        var img = try Image(try Self.seed())
        let media = try img.entry("DCIM/100MEDIA")
        let off = try img.shortEntryOffset(Self.japanese)
        img.bytes[off + 11] = 0x10
        img.put16(off + 26, UInt16(media.firstCluster))
        let listing = try img.open().listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("cycle") }, "\(listing.problems)")
        #expect(listing.entries.contains { $0.path == "EMPTY.TXT" })
    }

    @Test func folderPointingAtAnAncestorIsAProblem() throws {
        var img = try Image(try Self.seed())
        let dcim = try img.entry("DCIM")
        let off = try img.shortEntryOffset("DCIM/100MEDIA")
        img.put16(off + 26, UInt16(dcim.firstCluster))
        let listing = try img.open().listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("DCIM/100MEDIA") && $0.contains("cycle") })
        #expect(!listing.entries.contains { $0.path.hasPrefix("DCIM/100MEDIA/") })
    }

    @Test func folderPointingAtRootIsAProblem() throws {
        var img = try Image(try Self.seed())
        let off = try img.shortEntryOffset("DCIM")
        img.put16(off + 26, 0)
        let listing = try img.open().listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("folder DCIM") })
    }

    @Test func foldersSharingClustersAreListedOnce() throws {
        var img = try Image(try Self.seed())
        let dcim = try img.entry("DCIM")
        let off = try img.shortEntryOffset("EMPTY.TXT")
        img.bytes[off + 11] = 0x10
        img.put16(off + 26, UInt16(dcim.firstCluster))
        let listing = try img.open().listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("folder EMPTY.TXT shares its first cluster") }, "\(listing.problems)")
        #expect(!listing.entries.contains { $0.path.hasPrefix("EMPTY.TXT/") })
    }

    @Test func shortNamesAreShiftJIS() throws {
        var img = try Image(try Self.seed())
        // "カメラ" in Shift-JIS, and 0x05 standing for a leading 0xE5 lead byte ("蝕" is E5 40).
        img.addShortEntry([0x83, 0x4A, 0x83, 0x81, 0x83, 0x89, 0x20, 0x20] + Array("MP4".utf8))
        img.addShortEntry([0x05, 0x40, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20] + Array("JPG".utf8))
        let paths = try img.open().listing(includeDeleted: false).entries.map(\.path)
        #expect(paths.contains("カメラ.MP4"))
        #expect(paths.contains("\(String(bytes: [0xE5, 0x40], encoding: .shiftJIS) ?? "?").JPG"))
    }

    @Test func sizeLargerThanTheVolumeIsAnError() throws {
        var img = try Image(try Self.seed())
        let off = try img.shortEntryOffset(Self.clip)
        img.put32(off + 28, 0xFFFF_FF00)
        let v = try img.open()
        let error = try #require(throws: FileSystemError.self) { try v.contentPlan(for: v.listing(includeDeleted: false).entries.first { $0.path == Self.clip }!) }
        #expect("\(error)".contains("larger than the volume"))
    }

    @Test func sectorsPerClusterZero() throws {
        var bytes = try Self.seed()
        bytes[13] = 0
        #expect(throws: FileSystemError.corrupt(structure: "FAT boot sector", reason: "sectors per cluster is 0")) {
            try FATVolume(source: MemoryByteSource(bytes))
        }
    }

    @Test func fatLengthZero() throws {
        var bytes = try Self.seed()
        for i in [22, 23, 36, 37, 38, 39] { bytes[i] = 0 }
        #expect(throws: FileSystemError.corrupt(structure: "FAT boot sector", reason: "FAT length is 0")) {
            try FATVolume(source: MemoryByteSource(bytes))
        }
    }

    @Test(arguments: [
        (11, [UInt8]([0x00, 0x03]), "bytes per sector"),
        (13, [UInt8]([3]), "not a power of two"),
        (14, [UInt8]([0, 0]), "reserved sector count is 0"),
        (16, [UInt8]([0]), "FAT count is 0"),
        (17, [UInt8]([0, 0]), "root directory entry count is 0"),
        (19, [UInt8]([0, 0]), "total sector count is 0"),
        (19, [UInt8]([0x10, 0]), "do not fit"),
    ])
    func bootSectorInvariants(offset: Int, patch: [UInt8], reason: String) throws {
        var bytes = try Self.seed()
        bytes.replaceSubrange(offset..<(offset + patch.count), with: patch)
        let error = try #require(throws: FileSystemError.self) { try FATVolume(source: MemoryByteSource(bytes)) }
        #expect("\(error)".contains(reason), "\(error)")
    }

    @Test func notFATIsUnrecognised() throws {
        #expect(throws: FileSystemError.unrecognised(hint: nil)) {
            try FATVolume(source: MemoryByteSource([UInt8](repeating: 0, count: 4096)))
        }
        #expect(throws: FileSystemError.self) { try FATVolume(source: MemoryByteSource([1, 2, 3])) }
        #expect(FATVolume.looksLikeFAT(try Self.seed()))
        var exfat = try Self.seed()
        exfat.replaceSubrange(3..<11, with: Array("EXFAT   ".utf8))
        #expect(!FATVolume.looksLikeFAT(exfat))
    }

    @Test func truncatedInsideTheFATsIsAnError() throws {
        let bytes = Array(try Self.seed().prefix(1024))
        let error = try #require(throws: FileSystemError.self) { try FATVolume(source: MemoryByteSource(bytes)) }
        #expect("\(error)".contains("truncated"))
    }

    @Test func truncatedDataAreaGivesAPartialResult() throws {
        let img = try Image(try Self.seed())
        let clip = try img.entry(Self.clip)
        let cut = Int(img.geometry.offset(ofCluster: clip.firstCluster)) + 100
        let v = try FATVolume(source: MemoryByteSource(Array(img.bytes.prefix(cut))))
        #expect(v.description.warnings.contains { $0.contains("truncated") })
        let listing = try v.listing(includeDeleted: true)
        let e = try #require(listing.entries.first { $0.path == Self.clip })
        let error = try #require(throws: FileSystemError.self) { try v.contentPlan(for: e) }
        #expect("\(error)".contains("truncated"))
    }

    @Test(arguments: [
        ([UInt16]("a/b.mp4".utf16), "a%2Fb.mp4"),
        ([UInt16]("a\\b.mp4".utf16), "a%5Cb.mp4"),
        ([UInt16]("..".utf16), "%2E%2E"),
        ([UInt16](".".utf16), "%2E"),
        ([0x41, 0xD800, 0x42], "A\u{FFFD}B"),
        ([0x41, 0xDC00], "A\u{FFFD}"),
        ([UInt16]("ctl\u{1}.txt".utf16), "ctl%01.txt"),
    ])
    func hostileLongNames(units: [UInt16], shown: String) throws {
        var img = try Image(try Self.seed())
        img.addLongName(units, short: "HOSTILE TXT")
        let listing = try img.open().listing(includeDeleted: false)
        let e = try #require(listing.entries.first { $0.shortName == "HOSTILE.TXT" })
        #expect(e.path == shown)
        #expect(!e.notes.isEmpty)
    }

    @Test(arguments: [
        ([UInt8]("A/B     TXT".utf8), "A%2FB.TXT"),
        ([UInt8]("A\\B     TXT".utf8), "A%5CB.TXT"),
        ([0x41, 0x42, 0x00, 0x43, 0x20, 0x20, 0x20, 0x20, 0x54, 0x58, 0x54], "AB%00C.TXT"),
    ])
    func hostileShortNames(name: [UInt8], shown: String) throws {
        var img = try Image(try Self.seed())
        img.addShortEntry(name)
        let listing = try img.open().listing(includeDeleted: false)
        let e = try #require(listing.entries.first { $0.path == shown }, "\(listing.entries.map(\.path))")
        #expect(!e.notes.isEmpty)
    }

    /// Issue 12 item 3: a complete long name whose checksum fails is shown (as fls shows it) with
    /// a note naming the short name; this test pinned the short name before.
    @Test func brokenLongNameChecksumShowsTheLongNameWithANote() throws {
        var img = try Image(try Self.seed())
        img.addLongName(Array("A proper long name.mp4".utf16), short: "APROPE~1MP4", checksumDelta: 1)
        let listing = try img.open().listing(includeDeleted: false)
        let e = try #require(listing.entries.first { $0.shortName == "APROPE~1.MP4" })
        #expect(e.name == "A proper long name.mp4")
        #expect(e.path == "A proper long name.mp4")
        #expect(e.notes.contains { $0.contains("checksum") && $0.contains("long name shown") && $0.contains("APROPE~1.MP4") }, "\(e.notes)")
    }

    /// Long-name slots that are out of order still fall back to the short name.
    @Test func longNameOutOfOrderFallsBackToTheShortName() throws {
        var img = try Image(try Self.seed())
        img.addLongName(Array("A proper long name that needs three slots.mp4".utf16), short: "APROPE~1MP4")
        // Swap the first two long-name slots' order numbers (slots of the entry just added).
        let listing0 = try img.open().listing(includeDeleted: false)
        let e0 = try #require(listing0.entries.first { $0.shortName == "APROPE~1.MP4" })
        let first = Int(e0.entryOffset)
        let ord0 = img.bytes[first], ord1 = img.bytes[first + 32]
        img.bytes[first] = ord1 | 0x40
        img.bytes[first + 32] = ord0 & 0x1F
        let e = try #require(try img.open().listing(includeDeleted: false).entries.first { $0.shortName == "APROPE~1.MP4" })
        #expect(e.name == "APROPE~1.MP4")
        #expect(e.notes.contains { $0.contains("long name ignored") }, "\(e.notes)")
    }

    @Test func validLongNameIsUsed() throws {
        var img = try Image(try Self.seed())
        img.addLongName(Array("A proper long name that needs three slots.mp4".utf16), short: "APROPE~1MP4")
        let listing = try img.open().listing(includeDeleted: false)
        #expect(listing.entries.contains { $0.path == "A proper long name that needs three slots.mp4" && $0.notes.isEmpty })
    }

    @Test func differingFATCopiesAreReported() throws {
        var img = try Image(try Self.seed())
        let max = img.geometry.maxCluster
        for c in [max, max - 1, max - 2] { img.setFAT(c, 0xFF7, copies: [1]) }
        let v = try img.open()
        #expect(v.description.warnings.contains("FAT copies 1 and 2 differ in 3 entries"), "\(v.description.warnings)")
    }

    @Test func deletedFileIsRecoveredBestEffort() throws {
        let img = try Image(try Self.seed())
        let v = try img.open()
        let gone = try img.entry("Deleted long.bin")
        #expect(gone.deleted)
        #expect(gone.notes.contains { $0.contains("recovered") })
        let plan = try v.contentPlan(for: gone)
        #expect(plan.unrecoverableBytes == 0)
        #expect(plan.warnings.contains { $0.contains("best effort") })
        #expect(try readAll(v, gone) == Data(repeating: UInt8(ascii: "x"), count: 3000))
        let short = try img.entry("_ONE.TXT")
        #expect(short.notes.contains { $0.contains("shown as _") })
        #expect(try readAll(v, short) == Data("clip one\n".utf8))
    }

    @Test func deletedFileWhoseClustersWereReusedSaysWhatIsMissing() throws {
        var img = try Image(try Self.seed())
        let gone = try img.entry("Deleted long.bin")
        img.setFAT(gone.firstCluster + 1, 0xFFF)
        let v = try img.open()
        let plan = try v.contentPlan(for: gone)
        #expect(plan.unrecoverableBytes == 3000 - UInt64(img.geometry.clusterSize))
        #expect(plan.size == UInt64(img.geometry.clusterSize))
        #expect(plan.warnings.contains { $0.contains("in use") })
    }

    @Test func timesAreDecodedAndInvalidOnesAreNil() {
        let t = FATTime.timestamp(date: (46 << 9) | (11 << 5) | 20, time: (21 << 11) | (30 << 5) | 7, tenths: 150)
        #expect(t == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 15, nanosecond: 500_000_000))
        #expect(FATTime.timestamp(date: (46 << 9) | (0 << 5) | 20) == nil)
        #expect(FATTime.timestamp(date: 0) == nil)
        #expect(FATTime.timestamp(date: (46 << 9) | (2 << 5) | 30) == nil)
        #expect(FATTime.timestamp(date: (46 << 9) | (1 << 5) | 1, time: 31 << 11) == nil)
        #expect(FATTime.timestamp(date: (46 << 9) | (1 << 5) | 1, tenths: 200) == nil)
    }

    @Test func isAllocatedFollowsTheFAT() throws {
        let img = try Image(try Self.seed())
        let v = try img.open()
        #expect(try v.isAllocated(cluster: img.entry(Self.clip).firstCluster))
        #expect(try !v.isAllocated(cluster: img.entry("Deleted long.bin").firstCluster))
        #expect(throws: FileSystemError.self) { try v.isAllocated(cluster: 1) }
        #expect(throws: FileSystemError.self) { try v.isAllocated(cluster: img.geometry.maxCluster + 1) }
    }
}

@Suite(.timeLimit(.minutes(1))) struct WalkBoundsTests {
    @Test func entryBudgetStopsTheWalkAndSaysSo() throws {
        let v = try FATVolume(source: MemoryByteSource(try DamagedImageTests.seed()))
        v.maxEntries = 3
        let listing = try v.listing(includeDeleted: true)
        #expect(listing.entries.count == 3)
        #expect(listing.problems.contains { $0.contains("stopped after 3 entries") })
    }

    @Test func depthLimitStopsDescendingAndSaysSo() throws {
        let v = try FATVolume(source: MemoryByteSource(try DamagedImageTests.seed()))
        v.maxDepth = 2
        let listing = try v.listing(includeDeleted: true)
        #expect(listing.entries.contains { $0.path == "DCIM/100MEDIA" })
        #expect(!listing.entries.contains { $0.path.hasPrefix("DCIM/100MEDIA/") })
        #expect(listing.problems.contains { $0.contains("DCIM/100MEDIA") && $0.contains("deeper") })
    }

    @Test func unreadableFolderSectorIsAProblemAndTheWalkGoesOn() throws {
        let img = try DamagedImageTests.Image(try DamagedImageTests.seed())
        let media = try img.entry("DCIM/100MEDIA")
        let sector = img.geometry.offset(ofCluster: media.firstCluster) / 512
        let faulty = FaultyByteSource(MemoryByteSource(img.bytes), badSectors: [sector])
        let v = try FATVolume(source: faulty)
        let listing = try v.listing(includeDeleted: true)
        #expect(listing.problems.contains { $0.contains("DCIM/100MEDIA") && $0.contains("could not be read") }, "\(listing.problems)")
        #expect(listing.entries.contains { $0.path == "EMPTY.TXT" })
        #expect(listing.entries.contains { $0.path == DamagedImageTests.clip })
    }
}
