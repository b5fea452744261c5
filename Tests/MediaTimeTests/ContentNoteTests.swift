import CardFileSystem
import CardIO
@testable import MediaTime
import Testing
import TestSupport

/// Issue 11, item 8: footage no parser reads is called encrypted (no structure, high entropy
/// over a bounded sample) or proprietary, never damaged; other files are not judged.
struct ContentNoteTests {
    static func read(_ bytes: [UInt8], _ name: String, folders: [String] = []) -> RecordingTime {
        RecordingTimeReader.read(source: MemoryByteSource(bytes), fileName: name, folders: folders, modified: nil)
    }

    @Test func randomBytesUnderAFootageNameLookEncrypted() {
        var rng = SplitMix64(seed: 8)
        let r = Self.read(rng.bytes(64 << 10), "20261120_213000.mp4")
        #expect(r.content == .encrypted)
        #expect(r.unknownBecause.contains("encrypted: cannot be read without the camera's key"))
        // The name still gives the time, and nothing calls the file damaged.
        #expect(r.timeSource == .fileName("yyyymmdd_hhmmss"))
        #expect(!r.unfinalised)
    }

    @Test func structuredUnknownFootageIsProprietaryAndOtherFilesAreNotJudged() {
        let text = Array(String(repeating: "camera frame 0001 ", count: 400).utf8)
        #expect(Self.read(text, "1700000000_60.media", folders: ["DCIM", "CHAN0", "2026", "11", "20"]).content == .proprietary)
        var rng = SplitMix64(seed: 9)
        #expect(Self.read(rng.bytes(8192), "firmware.bin").content == nil)
        #expect(Self.read(rng.bytes(1000), "short.mp4").content == nil, "too short a sample to judge")
        // Known structure wins over entropy: a DHAV frame start is not "encrypted".
        #expect(Self.read(Array("DHAV".utf8) + rng.bytes(8192), "a.dav").content == nil)
    }

    @Test func entropyOfKnownSamples() {
        #expect(ContentSample.entropy([UInt8](repeating: 7, count: 4096)) == 0)
        #expect(abs(ContentSample.entropy((0..<4096).map { UInt8($0 & 0xFF) }) - 8) < 1e-9)
    }
}
