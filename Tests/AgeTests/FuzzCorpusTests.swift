import Foundation
import Testing
import TestSupport
import OpenSSL
@testable import Age
import SystemIO

/// Replays the committed fuzz seeds (Tests/Corpus/FuzzAgeHeader, Tests/Corpus/FuzzAgeDecrypt) through
/// the fuzz entry points. Seeds named `valid-*` must decrypt. Regenerate the seeds with
/// `SDCUSTODY_REGENERATE_CORPUS=1 swift test --filter FuzzCorpusTests`.
@Suite("age fuzz corpus", .timeLimit(.minutes(1)))
struct FuzzCorpusTests {
    static let corpus = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus")

    static func files(_ target: String) -> [URL] {
        let dir = corpus.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test("Header seeds parse consistently")
    func headerSeeds() throws {
        let files = FuzzCorpusTests.files("FuzzAgeHeader")
        #expect(!files.isEmpty)
        for f in files {
            #expect(AgeFuzzing.exerciseHeader([UInt8](try Data(contentsOf: f))), "\(f.lastPathComponent)")
        }
    }

    @Test("Decrypt seeds end in success or an AgeError; valid ones succeed")
    func decryptSeeds() throws {
        let files = FuzzCorpusTests.files("FuzzAgeDecrypt")
        #expect(!files.isEmpty)
        for f in files {
            let result = AgeFuzzing.exerciseDecrypt([UInt8](try Data(contentsOf: f)))
            if f.lastPathComponent.hasPrefix("valid-") {
                #expect(result == nil, "\(f.lastPathComponent): \(String(describing: result))")
            } else {
                #expect(result != nil, "\(f.lastPathComponent)")
            }
        }
    }

    @Test("Regenerate seeds", .enabled(if: ProcessInfo.processInfo.environment["SDCUSTODY_REGENERATE_CORPUS"] == "1", "set SDCUSTODY_REGENERATE_CORPUS=1 to rewrite the seeds"))
    func regenerate() throws {
        let fm = FileManager.default
        let headerDir = FuzzCorpusTests.corpus.appendingPathComponent("FuzzAgeHeader")
        let decryptDir = FuzzCorpusTests.corpus.appendingPathComponent("FuzzAgeDecrypt")
        try fm.createDirectory(at: headerDir, withIntermediateDirectories: true)
        try fm.createDirectory(at: decryptDir, withIntermediateDirectories: true)
        let id = try X25519Identity(parsing: AgeFuzzing.identityText)
        let other = try X25519Identity.generate()
        let pass = try ScryptRecipient(passphrase: SecureBytes(Array(AgeFuzzing.passphrase.utf8)), workFactor: 2)

        func encrypt(_ recipients: [AgeRecipient], _ size: Int, armor: Bool) throws -> [UInt8] {
            let sink = BufferSink()
            let e = try AgeEncryptor(recipients: recipients, armor: armor, output: sink)
            try e.write([UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
            try e.finish()
            return sink.bytes
        }
        let seeds: [(String, [UInt8])] = [
            ("valid-x25519", try encrypt([id.recipient], 100, armor: false)),
            ("valid-two-recipients", try encrypt([other.recipient, id.recipient], 300, armor: false)),
            ("valid-armored", try encrypt([id.recipient], 200, armor: true)),
            ("valid-empty", try encrypt([id.recipient], 0, armor: false)),
            ("valid-two-chunks", try encrypt([id.recipient], 64 * 1024 + 10, armor: false)),
            ("valid-scrypt", try encrypt([pass], 50, armor: false)),
            ("nomatch-other", try encrypt([other.recipient], 20, armor: false)),
        ]
        for (name, bytes) in seeds {
            try Data(bytes).write(to: decryptDir.appendingPathComponent(name))
            // The header seed is the file up to the end of its MAC line.
            if !name.contains("armored"), let header = try? HeaderFormat.parse(BufferedInput(MemoryInput(bytes))) {
                try Data(header.marshal()).write(to: headerDir.appendingPathComponent(name))
            }
        }
        let grease = AgeHeader(stanzas: [Stanza(arguments: ["x-grease", "a", "b!"], body: [1, 2, 3]),
                                         Stanza(arguments: ["X25519", "AAAA"], body: [UInt8](repeating: 9, count: 48))],
                               mac: [UInt8](repeating: 0, count: 32))
        try Data(grease.marshal()).write(to: headerDir.appendingPathComponent("grease"))
    }
}
