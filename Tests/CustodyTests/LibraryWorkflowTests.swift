import Custody
import Foundation
import Testing
import TestSupport

/// A front end written against `import Custody` alone (no command-line module, no binary): it
/// exports an incident's time window from the bundled FAT32 sample card into a bag, seals the bag
/// for an age recipient, checks the sealed archive against its sidecar without a key, and opens it
/// again. This is what the handover report and any other front end build on.
@Suite(.timeLimit(.minutes(2)))
struct LibraryWorkflowTests {
    /// The bundled FAT32 sample, decompressed into `dir`.
    static func sampleCard(in dir: TemporaryDirectory) throws -> String {
        let image = dir.path("card.img")
        let gz = TestEnvironment.samples.appendingPathComponent("fat32-mbr.img.gz").path
        let r = try runProcess(["sh", "-c", "gzip -dc \"$0\" > \"$1\"", gz, image])
        try #require(r.status == 0, "gzip: \(r.stderrText)")
        return image
    }

    @Test func exportATimeWindowThenSealVerifyAndUnseal() throws {
        let dir = try TemporaryDirectory("custody-library")
        defer { dir.remove() }
        let image = try Self.sampleCard(in: dir)
        let log = AccessLog(path: dir.path("access.jsonl"), keyPath: dir.path("key.pem"))

        // 21:30:00–21:30:05 on the card's clock: the three clips that start at 21:30:00, not the
        // stills taken at 21:30:06 and 21:30:08.
        let window = try TimeWindow.parse(from: "2026-11-20 21:30:00", to: "2026-11-20 21:30:05")
        let request = ExportRequest(sourcePath: image, output: dir.path("bag"), caseID: "K-1", exhibit: "E-1",
                                    operatorName: "officer", window: window, accessLog: log)
        let card = try CardSource(path: image)
        let exported = try Exporter(request).run(card: card)
        #expect(exported.files == 3)
        #expect(exported.tagManifestSHA256?.count == 64)
        let manifest = try String(contentsOfFile: dir.path("bag/manifest-sha256.txt"), encoding: .utf8)
        #expect(manifest.contains("data/card/DCIM/100MEDIA/20261120_213000.mp4"))
        #expect(manifest.contains("data/card/RECORD/20261120/21/20261120213000-20261120214000.mov"))
        #expect(!manifest.contains(".JPG"))
        // The tag manifest's hash the log will record is the hash of the file on disk.
        let tagManifest = try Digest.hash(.sha256, Array(try Data(contentsOf: URL(fileURLWithPath: dir.path("bag/tagmanifest-sha256.txt"))))).hex
        #expect(exported.tagManifestSHA256 == tagManifest)

        let identity = try X25519Identity.generate()
        let recipient = identity.recipient
        let sealed = try Sealing.seal(bag: dir.path("bag"), out: dir.path("bag.age"), recipients: [recipient],
                                      recipientLabels: Sealing.recipientLabels([recipient]))
        #expect(sealed.sidecar.payloadFiles == 3)
        #expect(sealed.sidecar.externalIdentifier == "case K-1, exhibit E-1")

        let check = try #require(SealedArchiveCheck.target(dir.path("bag.age")))
        let report = try check.run()
        #expect(report.isValid, "\(report.problems)")

        let opened = try Sealing.unseal(archive: dir.path("bag.age"), out: dir.path("opened"), identities: [identity])
        #expect(opened.report.verdict == .valid)
        #expect(opened.report.payloadFileCount == 3)
    }

    @Test func aWindowWithNoFootageIsAnErrorNotAnEmptyBag() throws {
        let dir = try TemporaryDirectory("custody-library")
        defer { dir.remove() }
        let image = try Self.sampleCard(in: dir)
        let window = try TimeWindow.parse(from: "2020-01-01 00:00:00", to: "2020-01-01 00:01:00")
        let request = ExportRequest(sourcePath: image, output: dir.path("bag"), caseID: "K-1", exhibit: "E-1",
                                    operatorName: "officer", window: window)
        #expect(throws: CustodyError.self) { try Exporter(request).run(card: try CardSource(path: image)) }
        #expect(!FileManager.default.fileExists(atPath: dir.path("bag")))
    }
}

/// `seal` reads each payload byte once and still refuses a bag whose bytes do not match.
@Suite(.timeLimit(.minutes(2)))
struct SealSingleReadTests {
    static func exportedBag(in dir: TemporaryDirectory) throws -> String {
        let image = try LibraryWorkflowTests.sampleCard(in: dir)
        let request = ExportRequest(sourcePath: image, output: dir.path("bag"), caseID: "K-1", exhibit: "E-1", operatorName: "officer")
        _ = try Exporter(request).run(card: try CardSource(path: image))
        return dir.path("bag")
    }

    @Test func aSameSizeChangeStopsTheSealAndLeavesNothing() throws {
        let dir = try TemporaryDirectory("custody-seal")
        defer { dir.remove() }
        let bag = try Self.exportedBag(in: dir)
        let clip = bag + "/data/card/DCIM/100MEDIA/20261120_213000.mp4"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: clip)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: clip))
        let recipient = try X25519Identity.generate().recipient
        do {
            _ = try Sealing.seal(bag: bag, out: dir.path("bag.age"), recipients: [recipient], recipientLabels: [])
            Issue.record("a bag whose payload changed must not be sealed")
        } catch let failure as Sealing.BagCheckFailure {
            #expect(failure.report.verdict == .invalid)
            #expect(failure.report.problems.contains(.changed(path: "data/card/DCIM/100MEDIA/20261120_213000.mp4", algorithm: "sha256")))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
        #expect(left == ["bag", "card.img"], "no archive, sidecar or temporary file may be left: \(left)")
    }

    /// strace counts the opens: every payload file is opened exactly once by `seal` (its bytes go
    /// through the hash and the encryptor in one read), where a validate-then-archive seal opens it twice.
    @Test(.requires("strace"), .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func sealOpensEachPayloadFileOnce() throws {
        let dir = try TemporaryDirectory("custody-seal")
        defer { dir.remove() }
        let bag = try Self.exportedBag(in: dir)
        let binary = try #require(TestEnvironment.sdcustodyBinary)
        let recipient = try X25519Identity.generate().recipient.encoded
        let trace = dir.path("trace.txt")
        // -xx -s: every path in full, as \xHH escapes (card names are Japanese, long, bracketed).
        let r = try runProcess(["strace", "-f", "-qq", "-xx", "-s", "65535", "-e", "trace=open,openat,openat2", "-o", trace,
                                binary.path, "seal", bag, "--out", dir.path("bag.age"), "-r", recipient],
                               environment: ["SDCUSTODY_LOG": dir.path("log.jsonl"), "SDCUSTODY_KEY": dir.path("key.pem")])
        #expect(r.status == 0, "\(r.stderrText)")
        let opens = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        let manifest = try String(contentsOfFile: bag + "/manifest-sha256.txt", encoding: .utf8)
        let payload = manifest.split(separator: "\n").compactMap { $0.split(separator: " ", maxSplits: 1).last.map { String($0).trimmingCharacters(in: .whitespaces) } }
        #expect(payload.count > 10)
        for path in payload {
            let name = String(path.split(separator: "/").last ?? "")
            let escaped = name.utf8.map { "\\x" + String($0, radix: 16).leftPadded(2) }.joined()
            // openat(dirfd, "name", …): the archiver and the validator open files beneath a folder.
            let count = opens.filter { $0.contains("\"\(escaped)\"") && !$0.contains("ENOENT") }.count
            #expect(count == 1, "\(path) was opened \(count) times")
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// The export's progress counts what is copied: on a ring card that is mostly recordings, and a
/// windowed export of one must not sit at 0 % while they are written.
@Suite(.timeLimit(.minutes(2)))
struct ExportProgressTests {
    @Test(.requires("xz")) func progressCountsTheRecordingsBytes() throws {
        let dir = try TemporaryDirectory("custody-progress")
        defer { dir.remove() }
        let xz = TestEnvironment.samples.appendingPathComponent("recorders/hikvision-ring.img.xz").path
        let image = dir.path("ring.img")
        #expect(try runProcess(["sh", "-c", "xz -dc \"$1\" > \"$2\"", "sh", xz, image]).status == 0)
        let window = try TimeWindow.parse(from: "2026-11-20 21:29:00", to: "2026-11-20 21:31:00")
        let request = ExportRequest(sourcePath: image, output: dir.path("bag"), caseID: "K-1", exhibit: "E-1",
                                    operatorName: "officer", window: window)
        let exporter = Exporter(request)
        final class Seen: @unchecked Sendable { var calls: [(UInt64, UInt64)] = [] }
        let seen = Seen()
        exporter.progress = { done, total in seen.calls.append((done, total)) }
        _ = try exporter.run(card: try CardSource(path: image))
        let recordings = try FileManager.default.contentsOfDirectory(atPath: dir.path("bag/data/recordings"))
        let bytes = try recordings.reduce(UInt64(0)) { sum, name in
            sum + ((try FileManager.default.attributesOfItem(atPath: dir.path("bag/data/recordings/" + name))[.size] as? UInt64) ?? 0)
        }
        let last = try #require(seen.calls.last)
        #expect(bytes > 0 && last.1 >= bytes, "total \(last.1), recordings \(bytes)")
        #expect(last.0 == last.1, "the bar ends at \(last.0) of \(last.1)")
        #expect(zip(seen.calls, seen.calls.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    }
}
