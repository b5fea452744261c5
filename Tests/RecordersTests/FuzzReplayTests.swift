import Foundation
import Recorders
import CardIO
import TestSupport
import Testing

/// Replays the FuzzHikvisionIndex seeds (and any crash reproducer tools/fuzz saves beside them)
/// through the entry point the libFuzzer target calls.
@Suite(.timeLimit(.minutes(1)))
struct RecorderFuzzReplayTests {
    @Test func replayCorpus() throws {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzHikvisionIndex")
        let files = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        #expect(!files.isEmpty, "no seeds in FuzzHikvisionIndex")
        for f in files {
            let data = try #require(FileManager.default.contents(atPath: url.appendingPathComponent(f).path))
            RecorderFuzzing.exerciseHikvisionIndex(Array(data))
        }
    }

    /// The seed reads back as what it is: one container, a complete segment and the live one.
    @Test func theSeedIsAValidIndex() throws {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzHikvisionIndex/one-container.bin")
        let bytes = [UInt8](try Data(contentsOf: url))
        let files = [RecorderCardFile(path: "index00.bin", size: UInt64(bytes.count)) { MemoryByteSource(bytes) }]
        let layout = try #require(RecorderLayouts.recognise(files: files).first)
        #expect(layout.recordings.map(\.state) == [.complete, .recording])
        #expect(layout.overwrittenRecords == 1)
    }
}
