import Foundation
import Testing
import TestSupport

/// Issue 12 end to end: a FAT16 card made with mkfs.fat and mtools, its FAT then patched as a
/// damaged card leaves it (a chain that ends early, one that loops), plus clips a camera never
/// finalised. `ls` names the damage, a plain `export` refuses naming every damaged file, and
/// `export --partial` writes a bag that bagit.py validates and that holds exactly what was read.
@Suite(.serialized, .timeLimit(.minutes(2))) struct DamagedCardTests {
    static let tools = ["mkfs.fat", "mcopy", "fsck.fat", "fls"]

    static func pattern(_ n: Int, seed: UInt8) -> Data {
        Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) })
    }

    /// ISO BMFF with `ftyp` and `mdat` but no `moov` (ISO/IEC 14496-12 §4.3, §8.1.1).
    static var unfinalisedMP4: Data {
        var d = Data([0, 0, 0, 24]) + Data("ftypisom".utf8) + Data([0, 0, 2, 0]) + Data("isommp41".utf8)
        d += Data([0, 0, 0x03, 0xF0]) + Data("mdat".utf8) + pattern(1000, seed: 3)
        return d
    }

    /// RIFF 'AVI ' whose RIFF size was never filled in.
    static var unfinalisedAVI: Data {
        Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("AVI ".utf8) + pattern(600, seed: 9)
    }

    struct Card {
        let path: String
        let files: [String: Data]
    }

    static func le16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }

    /// Makes the card, then points A.BIN's first FAT entry at end-of-chain and B.BIN's first
    /// entry at itself, in every FAT copy (fatgen103 §3.1 BPB, §4 FAT16 entries).
    static func makeCard(_ cli: CLI) throws -> Card {
        let img = cli.home.path("damaged.img")
        let env = ["MTOOLS_SKIP_CHECK": "1", "LC_ALL": "C.UTF-8"]
        let mk = try runProcess(["mkfs.fat", "-C", "-F", "16", "-s", "1", "-n", "DAMAGED", img, "8192"])
        try #require(mk.status == 0, "\(mk.stderrText)")
        let files: [String: Data] = [
            "A.BIN": pattern(5000, seed: 1), "B.BIN": pattern(5000, seed: 2), "C.TXT": pattern(100, seed: 4),
            "D.MP4": unfinalisedMP4, "E.AVI": unfinalisedAVI, "F.MP4": unfinalisedMP4,
        ]
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            let local = cli.home.path("src-" + name)
            try data.write(to: URL(fileURLWithPath: local))
            let r = try runProcess(["mcopy", "-i", img, local, "::/" + name], environment: env)
            try #require(r.status == 0, "\(r.stderrText)")
        }
        let listing = try cli.json(["ls", img, "--json"])
        let entries = try #require(listing["files"] as? [[String: Any]])
        func first(_ name: String) throws -> Int {
            let e = try #require(entries.first { $0["path"] as? String == name })
            return try #require((e["first_cluster"] as? NSNumber)?.intValue)
        }
        let a = try first("A.BIN"), b = try first("B.BIN")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: img)))
        let bps = le16(bytes, 11), reserved = le16(bytes, 14), fats = Int(bytes[16]), fatSize = le16(bytes, 22)
        for copy in 0..<fats {
            let base = (reserved + copy * fatSize) * bps
            bytes[base + 2 * a] = 0xFF; bytes[base + 2 * a + 1] = 0xFF
            bytes[base + 2 * b] = UInt8(b & 0xFF); bytes[base + 2 * b + 1] = UInt8(b >> 8)
        }
        // F.MP4's entry says 0 bytes while its chain stays allocated: the camera lost power
        // before it closed the clip (fatgen103 §6 DIR_FileSize).
        let root = (reserved + fats * fatSize) * bps
        let name = Array("F       MP4".utf8)
        let slot = try #require((0..<512).first { i in Array(bytes[(root + 32 * i)..<(root + 32 * i + 11)]) == name })
        for i in 0..<4 { bytes[root + 32 * slot + 28 + i] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: img))
        return Card(path: img, files: files)
    }

    static func byPath(_ listing: [String: Any]) throws -> [String: [String: Any]] {
        let files = try #require(listing["files"] as? [[String: Any]])
        return Dictionary(files.map { ($0["path"] as? String ?? "?", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test(.requires(tools: tools)) func lsNamesTheDamagePerFile() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = try Self.makeCard(cli)
        let before = try Fingerprint(card.path)
        // The independent readings: TSK still lists every file, dosfstools sees the broken chains.
        let fls = try runProcess(["fls", "-r", "-p", card.path])
        for name in card.files.keys { #expect(fls.stdoutText.contains(name), "fls: \(fls.stdoutText)") }
        let fsck = try runProcess(["fsck.fat", "-n", card.path])
        #expect(fsck.status != 0, "fsck.fat -n found nothing: \(fsck.stdoutText)")

        let files = try Self.byPath(try cli.json(["ls", card.path, "--json"]))
        #expect(files["A.BIN"]?["damage"] as? [String] == ["chain_short"])
        #expect(files["B.BIN"]?["damage"] as? [String] == ["chain_loop"])
        #expect(files["C.TXT"]?["damage"] as? [String] == [])
        #expect(files["D.MP4"]?["damage"] as? [String] == ["unfinalised"])
        #expect(files["E.AVI"]?["damage"] as? [String] == ["unfinalised"])
        #expect(files["F.MP4"]?["damage"] as? [String] == ["unclosed"])
        #expect((files["F.MP4"]?["size"] as? NSNumber)?.intValue == 0)

        let text = try cli.run(["ls", card.path])
        #expect(text.status == 0, "\(text.stderrText)")
        let lines = text.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("A.BIN  [damaged: chain_short]") }, "\(text.stdoutText)")
        #expect(lines.contains { $0.hasSuffix("C.TXT") }, "an undamaged file's row is unchanged")
        #expect(lines.contains("Damaged files: 5. What the marks mean:"), "\(text.stdoutText)")
        for code in ["unclosed", "chain_short", "chain_loop", "unfinalised"] {
            #expect(lines.filter { $0.hasPrefix("  \(code) ") }.count == 1, "\(code) is explained once")
        }
        #expect(!lines.contains { $0.hasPrefix("  chain_outside ") }, "only the codes seen are explained")
        let ja = try cli.run(["ls", card.path, "--lang", "ja"])
        #expect(ja.stdoutText.contains("［破損: chain_short］"))
        #expect(try Fingerprint(card.path) == before, "the source changed")
    }

    @Test(.requires(tools: tools + ["bagit.py"])) func exportRefusesThenPartialExportsWhatCanBeRead() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let card = try Self.makeCard(cli)
        let before = try Fingerprint(card.path)
        let bag = cli.home.path("bag")
        let plain = try cli.run(["export", card.path, "--out", bag, "--case", "C-12", "--exhibit", "SD-1"])
        #expect(plain.status == 2)
        let err = plain.stderrText
        #expect(err.contains("A.BIN") && err.contains("B.BIN") && err.contains("--partial"), "\(err)")
        #expect(err.split(separator: "\n").count == 1, "one line: \(err)")
        #expect(!err.contains("C.TXT") && !err.contains("D.MP4") && !err.contains("F.MP4"), "only files that lose data are refused: \(err)")
        #expect(!FileManager.default.fileExists(atPath: bag))
        let ja = try cli.run(["export", card.path, "--out", bag, "--case", "C-12", "--exhibit", "SD-1", "--lang", "ja"])
        #expect(ja.status == 2)
        #expect(ja.stderrText.contains("破損") && ja.stderrText.contains("--partial") && ja.stderrText.contains("A.BIN"), "\(ja.stderrText)")

        // A plain export of the files that are readable in full names the unclosed clip it left.
        let some = cli.home.path("bag-some")
        let plainSome = try cli.run(["export", card.path, "--out", some, "--case", "C-12", "--exhibit", "SD-1", "--include", "*.MP4"])
        #expect(plainSome.status == 0, "\(plainSome.stderrText)")
        #expect(plainSome.stderrText.contains("F.MP4: the camera never closed this recording"), "\(plainSome.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: some + "/data/recovered/F.MP4"))
        #expect(try String(contentsOfFile: some + "/sdcustody-provenance.json", encoding: .utf8).contains("F.MP4: unclosed recording"))

        let r = try cli.run(["export", card.path, "--out", bag, "--case", "C-12", "--exhibit", "SD-1", "--partial"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stderrText.contains("A.BIN: only 512 of 5000 bytes could be read"), "\(r.stderrText)")
        let v = try runProcess(["bagit.py", "--validate", bag])
        #expect(v.status == 0, "bagit.py: \(v.stderrText.suffix(500))")
        #expect(try cli.run(["verify", bag]).status == 0)

        // The bag holds exactly what the chains gave: A's first cluster, B's one cluster before
        // the loop, the rest whole.
        func stored(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: bag + "/data/card/" + name)) }
        #expect(try stored("A.BIN") == card.files["A.BIN"]?.prefix(512))
        #expect(try stored("B.BIN") == card.files["B.BIN"]?.prefix(512))
        for name in ["C.TXT", "D.MP4", "E.AVI"] { #expect(try stored(name) == card.files[name], "\(name)") }
        // The unclosed clip: the card's own 0-byte entry under data/card/, its whole chain
        // (three 512-byte clusters) under data/recovered/.
        #expect(try stored("F.MP4").isEmpty)
        let chain = try Data(contentsOf: URL(fileURLWithPath: bag + "/data/recovered/F.MP4"))
        let clip = try #require(card.files["F.MP4"])
        #expect(chain.count == 1536)
        #expect(chain.prefix(clip.count) == clip)

        let provenance = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bag + "/sdcustody-provenance.json"))) as? [String: Any])
        let files = Dictionary(((provenance["files"] as? [[String: Any]]) ?? []).map { ($0["card_path"] as? String ?? "?", $0) },
                               uniquingKeysWith: { a, _ in a })
        let a = try #require(files["A.BIN"])
        #expect(a["complete"] as? Bool == false)
        #expect((a["size"] as? NSNumber)?.intValue == 512)
        #expect((a["recorded_size"] as? NSNumber)?.intValue == 5000)
        #expect((a["unrecoverable_bytes"] as? NSNumber)?.intValue == 5000 - 512)
        #expect((a["incomplete_reason"] as? String)?.contains("ends after 1 clusters") == true)
        #expect(a["damage"] as? [String] == ["chain_short"])
        #expect(files["B.BIN"]?["complete"] as? Bool == false)
        #expect(files["C.TXT"]?["complete"] == nil, "a whole file's record is unchanged")
        #expect(files["C.TXT"]?["damage"] == nil)
        #expect(files["D.MP4"]?["damage"] as? [String] == ["unfinalised"])
        let records = (provenance["files"] as? [[String: Any]]) ?? []
        let unclosed = try #require(records.first { $0["stored_path"] as? String == "data/recovered/F.MP4" })
        #expect(unclosed["recovered"] as? Bool == true && unclosed["deleted"] as? Bool == false)
        #expect((unclosed["recorded_size"] as? NSNumber)?.intValue == 0)
        #expect((unclosed["size"] as? NSNumber)?.intValue == 1536)
        #expect(unclosed["damage"] as? [String] == ["unclosed", "unfinalised"])
        #expect(((unclosed["cluster_runs"] as? [[String: Any]]) ?? []).reduce(0) { $0 + ((($1["length"] as? NSNumber)?.intValue) ?? 0) } == 1536)
        #expect(((unclosed["warnings"] as? [String]) ?? []).contains { $0.hasPrefix("unclosed recording: its cluster chain was followed") })
        let own = try #require(records.first { $0["stored_path"] as? String == "data/card/F.MP4" })
        #expect(own["damage"] as? [String] == ["unclosed"] && (own["size"] as? NSNumber)?.intValue == 0)

        let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
        #expect(info.contains("SDCustody-Incomplete-File: A.BIN: 512 of 5000 bytes"), "\(info)")
        #expect(info.contains("SDCustody-Incomplete-File: B.BIN: 512 of 5000 bytes"), "\(info)")
        #expect(info.contains("SDCustody-Incomplete: 2 files could not be read completely"), "\(info)")
        #expect(try Fingerprint(card.path) == before, "the source changed")
    }

    /// exFAT whose main boot region fails its checksum, the backup intact: read with the backup,
    /// and `info` and the export's provenance say so.
    @Test(.requires(tools: ["bagit.py"])) func damagedMainBootRegionIsReadWithTheBackup() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let seed = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzExFAT/seed-small.img")
        var bytes = [UInt8](try Data(contentsOf: seed))
        bytes[300] ^= 0xFF
        let img = cli.home.path("boot.img")
        try Data(bytes).write(to: URL(fileURLWithPath: img))
        let info = try cli.run(["info", img])
        #expect(info.status == 0, "\(info.stderrText)")
        #expect(info.stdoutText.contains("read with the backup boot region"), "\(info.stdoutText)")
        let files = try Self.byPath(try cli.json(["ls", img, "--json"]))
        #expect((files["DCIM/100MEDIA/frag.txt"]?["size"] as? NSNumber)?.intValue == 3000)
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", img, "--out", bag, "--case", "C", "--exhibit", "E"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(try runProcess(["bagit.py", "--validate", bag]).status == 0)
        let provenance = try String(contentsOfFile: bag + "/sdcustody-provenance.json", encoding: .utf8)
        #expect(provenance.contains("read with the backup boot region"))
    }

    /// exFAT whose allocation bitmap is shorter than ClusterCount needs: live files export whole;
    /// with --deleted --partial, deleted files nothing of which can be recovered are empty files
    /// whose provenance says why, and the bag validates.
    @Test(.requires(tools: ["bagit.py"])) func shortBitmapExportsLiveFilesAndAccountsForDeletedOnes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let seed = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzExFAT/seed-small.img")
        var bytes = [UInt8](try Data(contentsOf: seed))
        // The root folder's Allocation Bitmap entry (EntryType 0x81) gets DataLength 1 (§7.1.1).
        let heap = Int(Self.le32(bytes, 88)) * 512, rootCluster = Int(Self.le32(bytes, 96))
        let bpc = 512 << Int(bytes[109])
        let root = heap + (rootCluster - 2) * bpc
        let slot = try #require((0..<16).first { bytes[root + 32 * $0] == 0x81 })
        for i in 0..<8 { bytes[root + 32 * slot + 24 + i] = i == 0 ? 1 : 0 }
        let img = cli.home.path("bitmap.img")
        try Data(bytes).write(to: URL(fileURLWithPath: img))
        let info = try cli.run(["info", img])
        #expect(info.stdoutText.contains("allocation bitmap: DataLength 1 is smaller"), "\(info.stdoutText)")
        let bag = cli.home.path("bag")
        let r = try cli.run(["export", img, "--out", bag, "--case", "C", "--exhibit", "E", "--deleted", "--partial"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(try runProcess(["bagit.py", "--validate", bag]).status == 0)
        let provenance = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bag + "/sdcustody-provenance.json"))) as? [String: Any])
        let files = (provenance["files"] as? [[String: Any]]) ?? []
        let frag = try #require(files.first { $0["card_path"] as? String == "DCIM/100MEDIA/frag.txt" && $0["deleted"] as? Bool == false })
        #expect((frag["size"] as? NSNumber)?.intValue == 3000 && frag["complete"] == nil)
        let deleted = files.filter { $0["deleted"] as? Bool == true && (($0["recorded_size"] as? NSNumber)?.intValue ?? 0) > 0 }
        try #require(!deleted.isEmpty)
        for d in deleted {
            #expect(d["complete"] as? Bool == false)
            #expect((d["size"] as? NSNumber)?.intValue == 0)
            #expect((d["incomplete_reason"] as? String)?.contains("free clusters cannot be told from used ones") == true, "\(d)")
        }
    }

    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}
