import Codecs
import Foundation
import Records
import Testing
import TestSupport

/// The handover record `sdcustody-handover/1` (issue 14 item 2): the golden record (written by
/// `sdcustody handover` on the bundled FAT32 sample) reads and writes back byte for byte, and the
/// strict reader names what is wrong with a damaged one.
@Suite struct HandoverRecordTests {
    static func golden() throws -> [UInt8] {
        Array(try Data(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("Tests/RecordsTests/Golden/handover.json")))
    }

    @Test func goldenRecordReadsAndWritesBackByteForByte() throws {
        let bytes = try Self.golden()
        let record = try HandoverRecord.read(bytes)
        #expect(record.bytes() == bytes)
        #expect(try HandoverRecord.read(record.bytes()) == record)
        #expect(record.recordNumber.hasPrefix("H"))
        #expect(record.request.legalBasis == "刑事訴訟法第197条第2項")
        #expect(record.approval.route == "manager")
        #expect(record.original.handling == "taken")
        #expect(record.original.cardSHA256?.count == 64)
        #expect(record.bag.tagManifestSHA256?.count == 64)
        #expect(record.bag.payloadOxum == "87503.6")
        #expect(record.files.count == 6)
        #expect(record.signature?.hash.count == 64)
        // The signature covers everything but itself.
        let signed = String(decoding: record.signedBytes, as: UTF8.self)
        #expect(!signed.contains("\"signature\""))
        #expect(signed.contains("\"record_number\""))
    }

    /// Replaces the first occurrence of `a` in the golden text with `b`.
    static func damaged(_ a: String, _ b: String) throws -> [UInt8] {
        let text = String(decoding: try golden(), as: UTF8.self)
        let range = try #require(text.range(of: a))
        return Array(text.replacingCharacters(in: range, with: b).utf8)
    }

    @Test(arguments: [
        ("\"format\": \"sdcustody-handover/1\"", "\"format\": \"sdcustody-handover/2\"", "format sdcustody-handover/2 is not one this version reads"),
        ("\"agency\":", "\"agenzy\":", "request.agency is missing"),
        ("\"route\": \"manager\"", "\"route\": \"chairman\"", "approval.route is not manager, board or emergency"),
        ("\"handling\": \"taken\"", "\"handling\": \"lost\"", "original.handling is not kept, held or taken"),
        ("\"payload_files\": 6", "\"payload_files\": \"6\"", "bag.payload_files is not a whole number"),
        ("\"card_sha256\": \"1f4d", "\"card_sha256\": \"XX4d", "original.card_sha256 is not 64 lower-case hex digits"),
    ])
    func damagedRecordsAreRefusedNamingTheField(change: (String, String, String)) throws {
        let bytes = try Self.damaged(change.0, change.1)
        #expect {
            _ = try HandoverRecord.read(bytes)
        } throws: { error in
            "\(error)".contains(change.2)
        }
    }

    /// Property: any mutation of the golden record is read or refused, never a crash.
    @Test func mutatedRecordsNeverCrashTheReader() throws {
        let bytes = try Self.golden()
        var rng = SplitMix64(seed: 0x48414E44)
        var read = 0
        for _ in 0..<400 {
            var b = bytes
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 3 {
                case 0: b[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: b.remove(at: i)
                default: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                }
            }
            if (try? HandoverRecord.read(b)) != nil { read += 1 }
        }
        #expect(read < 400)
    }
}
