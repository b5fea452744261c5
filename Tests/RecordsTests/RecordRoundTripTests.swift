import Codecs
import Foundation
import Records
import Testing
import TestSupport

/// Every record: a random one written and read back is the same record and the same bytes; a
/// document of another format version, or missing a field it needs, is refused with a line that
/// names the document and the field.
@Suite struct RecordRoundTripTests {
    // MARK: random records

    struct Maker {
        var rng: SplitMix64

        mutating func text() -> String {
            let alphabet = Array("abcXYZ019 _-./:%％\"\\\t\n\u{7}テスト映像🎥")
            return String((0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        mutating func maybe<T>(_ make: (inout Maker) -> T) -> T? { rng.next() % 3 == 0 ? nil : make(&self) }
        mutating func flag() -> Bool { rng.next() % 2 == 0 }
        mutating func number() -> UInt64 { rng.next() % 4 == 0 ? rng.next() : rng.next() % 100_000 }
        mutating func texts() -> [String] { (0..<Int(rng.next() % 4)).map { _ in text() } }
        mutating func seconds() -> Double { Double(rng.next() % 1_000_000) / 1000 }
        mutating func hex() -> String {
            String((0..<64).map { _ in Array("0123456789abcdef")[Int(rng.next() % 16)] })
        }

        mutating func recording() -> RecordingRecord {
            RecordingRecord(
                start: maybe { $0.text() }, end: maybe { $0.text() }, timeSource: text(), duration: maybe { $0.seconds() },
                durationSource: maybe { $0.text() }, still: flag(),
                correction: maybe { m in RecordingRecord.Correction(clockOffset: m.text(), correctedStart: m.maybe { $0.text() },
                                                                    correctedEnd: m.maybe { $0.text() }) },
                channel: maybe { $0.text() },
                evidence: (0..<Int(rng.next() % 3)).map { _ in
                    RecordingRecord.Evidence(source: text(), start: maybe { $0.text() }, end: maybe { $0.text() },
                                             duration: maybe { $0.seconds() }, note: text())
                },
                unknownBecause: texts(),
                exif: maybe { m in .object([("make", .from(m.maybe { $0.text() })), ("orientation", .int(Int64(m.rng.next() % 8)))]) })
        }

        mutating func file() -> ProvenanceDocument.File {
            ProvenanceDocument.File(
                cardPath: text(), storedPath: "data/card/" + text(), storedNameReason: maybe { $0.text() }, size: number(),
                recordedSize: number(), sha256: maybe { $0.hex() }, deleted: flag(), recovered: flag(),
                unrecoverableBytes: maybe { $0.number() }, zeroFilledAfter: maybe { $0.number() },
                clusterRuns: maybe { m in
                    (0..<Int(m.rng.next() % 3)).map { _ in
                        ProvenanceDocument.ClusterRun(firstCluster: m.number(), clusterCount: m.number(), volumeOffset: m.number(),
                                                      sourceOffset: m.number(), length: m.number())
                    }
                },
                filesystemTimes: .init(created: maybe { $0.text() }, modified: maybe { $0.text() }, accessed: maybe { $0.text() }),
                attributes: "----A", shortName: maybe { $0.text() }, firstCluster: number(), directoryEntryOffset: number(),
                notes: texts(), warnings: texts(), recording: maybe { $0.recording() })
        }

        mutating func provenance() -> ProvenanceDocument {
            ProvenanceDocument(
                tool: "sdcustody 0.1.0", exportedAt: text(), commandLine: texts(), operatorName: text(), caseID: text(),
                exhibit: text(), organization: maybe { $0.text() }, cameraID: maybe { $0.text() }, location: maybe { $0.text() },
                source: .init(path: text(), kind: text(), size: maybe { $0.number() }, sha256: maybe { $0.hex() },
                              sha256Note: text(), copy: text(),
                              device: maybe { m in .init(vendor: m.maybe { $0.text() }, model: m.maybe { $0.text() },
                                                         serial: m.maybe { $0.text() }, readOnlyFlag: m.maybe { $0.flag() },
                                                         cid: m.maybe { $0.hex() }, csd: m.maybe { $0.hex() }) },
                              acquisition: maybe { m in .object([("sha256", .string(m.hex())), ("verified", .bool(m.flag()))]) }),
                volume: .init(partition: maybe { Int64($0.rng.next() % 4) }, partitionStart: maybe { $0.number() },
                              partitionLength: maybe { $0.number() }, partitionType: maybe { $0.text() },
                              filesystem: maybe { m in .object([("filesystem", .string(m.text())), ("cluster_size", .uint(m.number()))]) },
                              partitionTable: maybe { $0.text() }),
                selection: .init(from: maybe { $0.text() }, to: maybe { $0.text() }, date: maybe { $0.text() },
                                 windowTrueTime: maybe { m in (m.maybe { $0.text() }, m.maybe { $0.text() }) },
                                 clockOffset: maybe { $0.text() }, clockOffsetMeaning: text(), include: texts(), deleted: flag()),
                listingComplete: flag(), listingProblems: texts(), warnings: texts(),
                files: (0..<Int(rng.next() % 5)).map { _ in file() })
        }

        mutating func sidecar() -> SealedArchiveSidecar {
            SealedArchiveSidecar(
                tool: text(), archive: text(), ciphertextSHA256: hex(), ciphertextSize: number(), bagName: text(),
                payloadOxum: maybe { $0.text() }, payloadFiles: Int(rng.next() % 1000), payloadBytes: number(),
                bagInfo: SealedArchiveSidecar.bagInfoLabels.filter { _ in flag() }.map { ($0, text()) },
                recipients: texts(), sealed: text())
        }

        mutating func bagInfo() -> ExportBagInfo {
            // Values are single lines, as bag-info.txt holds them.
            func line(_ m: inout Maker) -> String { m.text().replacingOccurrences(of: "\n", with: " ") }
            return ExportBagInfo(
                sourceOrganization: line(&self), contactName: line(&self), externalIdentifier: line(&self),
                externalDescription: line(&self), caseID: line(&self), exhibit: line(&self),
                sourceSHA256: maybe { $0.hex() }, cameraID: maybe { line(&$0) }, location: maybe { line(&$0) },
                clockOffset: line(&self), sourceWarnings: (0..<Int(rng.next() % 3)).map { _ in line(&self) },
                incomplete: maybe { line(&$0) }, timeWindow: maybe { line(&$0) })
        }
    }

    @Test func provenanceRoundTrips() throws {
        var maker = Maker(rng: SplitMix64(seed: 0x5EED_0001))
        for _ in 0..<300 {
            let doc = maker.provenance()
            let bytes = doc.bytes()
            let back = try ProvenanceDocument.read(bytes)
            #expect(back == doc)
            #expect(back.bytes() == bytes)
        }
    }

    @Test func sidecarRoundTrips() throws {
        var maker = Maker(rng: SplitMix64(seed: 0x5EED_0002))
        for _ in 0..<300 {
            let sidecar = maker.sidecar()
            let back = try SealedArchiveSidecar.parse(sidecar.bytes())
            #expect(back == sidecar)
            #expect(back.bytes() == sidecar.bytes())
        }
    }

    @Test func exportBagInfoRoundTrips() throws {
        var maker = Maker(rng: SplitMix64(seed: 0x5EED_0003))
        for _ in 0..<300 {
            let info = maker.bagInfo()
            #expect(try ExportBagInfo.read(info.elements) == info)
        }
    }

    @Test func acquisitionRecordRoundTrips() throws {
        var maker = Maker(rng: SplitMix64(seed: 0x5EED_0004))
        for _ in 0..<100 {
            let record = AcquisitionRecord(
                tool: maker.text(),
                source: .init(path: maker.text(), kind: "block_device", vendor: maker.maybe { $0.text() },
                              model: maker.maybe { $0.text() }, serial: maker.maybe { $0.text() }, readOnlyFlag: maker.maybe { $0.flag() }),
                sourceSize: maker.number(), sectorSize: 512, images: maker.texts(), splitSize: maker.maybe { $0.number() },
                hashes: ["sha256": maker.hex()], rereadHashes: ["sha256": maker.hex()], started: maker.text(),
                finished: maker.text(), bytesRead: maker.number(), unreadableBytes: maker.number(),
                badSectors: [.init(firstSector: maker.number(), sectorCount: 1, byteOffset: maker.number(), byteCount: 512)],
                complete: maker.flag(), verified: maker.flag(), verdict: maker.text(), operatorName: maker.maybe { $0.text() },
                caseID: maker.maybe { $0.text() }, exhibit: maker.maybe { $0.text() })
            let bytes = try record.encoded()
            let back = try AcquisitionRecord.read(bytes)
            #expect(try back.encoded() == bytes)
        }
    }

    // MARK: refusals

    @Test func anotherFormatVersionIsRefusedByEveryReader() throws {
        var maker = Maker(rng: SplitMix64(seed: 0x5EED_0005))
        let provenance = String(decoding: maker.provenance().bytes(), as: UTF8.self)
            .replacingOccurrences(of: "sdcustody-provenance/1", with: "sdcustody-provenance/2")
        #expect(throws: RecordError.unknownFormat(document: "provenance", found: "sdcustody-provenance/2",
                                                  expected: "sdcustody-provenance/1")) {
            try ProvenanceDocument.read(Array(provenance.utf8))
        }
        let sidecar = String(decoding: maker.sidecar().bytes(), as: UTF8.self)
            .replacingOccurrences(of: "sdcustody-sealed-archive/1", with: "sdcustody-sealed-archive/9")
        #expect(throws: RecordError.unknownFormat(document: "sealed-archive sidecar", found: "sdcustody-sealed-archive/9",
                                                  expected: "sdcustody-sealed-archive/1")) {
            try SealedArchiveSidecar.parse(Array(sidecar.utf8))
        }
        let acquisition = String(decoding: try GoldenDocumentTests.golden("acquisition.json"), as: UTF8.self)
            .replacingOccurrences(of: "sdcustody-acquisition/1", with: "sdcustody-acquisition/2")
        #expect(throws: RecordError.unknownFormat(document: "acquisition record", found: "sdcustody-acquisition/2",
                                                  expected: "sdcustody-acquisition/1")) {
            try AcquisitionRecord.read(Data(acquisition.utf8))
        }
    }

    @Test func aMissingOrMistypedFieldIsNamed() throws {
        let golden = String(decoding: try GoldenDocumentTests.golden("provenance-fat32.json"), as: UTF8.self)
        let noSize = golden.replacingOccurrences(of: "\"recorded_size\"", with: "\"recorded_bytes\"")
        do {
            _ = try ProvenanceDocument.read(Array(noSize.utf8))
            Issue.record("a provenance without recorded_size must be refused")
        } catch let e as RecordError {
            #expect(e == .missing(document: "provenance", field: "files[0].recorded_size"))
            #expect(e.description == "provenance: files[0].recorded_size is missing")
        }
        let stringSize = golden.replacingOccurrences(of: "\"recorded_size\": 17484", with: "\"recorded_size\": \"17484\"")
        #expect(stringSize != golden)
        #expect(throws: RecordError.self) { try ProvenanceDocument.read(Array(stringSize.utf8)) }
        #expect(throws: RecordError.self) { try ProvenanceDocument.read(Array("[]".utf8)) }
        #expect(throws: RecordError.self) { try ProvenanceDocument.read(Array("{\"format\": ".utf8)) }
        #expect(throws: RecordError.self) { try SealedArchiveSidecar.parse(Array("{\"format\":\"sdcustody-sealed-archive/1\",\"ciphertext\":{\"sha256\":\"00\",\"size\":1}}".utf8)) }
        #expect(throws: RecordError.missing(document: "bag-info.txt", field: "Contact-Name")) {
            try ExportBagInfo.read([("Source-Organization", "x")])
        }
    }
}
