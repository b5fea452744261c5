import Foundation
import Testing
import CardIO
import CardFileSystem
@testable import Recorders
import TestSupport

/// Dahua `.dav` files (issue 11, item 5): times from the first and last DHAV frames, the name as
/// the fallback, `.dav_` being recorded, hostile frames as problem lines.
@Suite struct DahuaTests {
    static func file(_ path: String, _ bytes: [UInt8]) -> RecorderCardFile {
        RecorderCardFile(path: path, size: UInt64(bytes.count)) { MemoryByteSource(bytes, name: path) }
    }

    @Test func startAndEndComeFromTheFirstAndLastFrames() throws {
        // 21:30:05 for 10 s at 5 frames a second: the last frame is 9.8 s after the first.
        let (bytes, _) = RecorderFrameWriters.davFile(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 5, seconds: 10)
        let span = try DahuaFile.read(MemoryByteSource(bytes)).get()
        #expect(span.start.iso == "2026-11-20T21:30:05")
        #expect(span.end?.iso == "2026-11-20T21:30:14.800000")
        #expect(span.dataEnd == UInt64(bytes.count))
        #expect(span.problems.isEmpty)
    }

    @Test func aTreeIsALayoutWithOneRecordingPerFile() throws {
        let (a, _) = RecorderFrameWriters.davFile(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0, seconds: 4)
        var (b, _) = RecorderFrameWriters.davFile(year: 2026, month: 11, day: 20, hour: 21, minute: 40, second: 0, seconds: 3)
        b += Array(b.prefix(100))  // the frame the camera was writing when the card was pulled
        let files = [
            Self.file("2026-11-20/001/dav/21/21.30.00-21.30.04[R][0@0][0].dav", a),
            Self.file("2026-11-20/001/dav/21/21.40.00-21.50.00[M][0@0][0].dav_", b),
            Self.file("2026-11-20/001/dav/21/notes.txt", [1, 2, 3]),
        ]
        let layout = try #require(RecorderLayouts.recognise(files: files).first)
        #expect(layout.kind == .dahua)
        #expect(layout.folder == "")
        #expect(layout.containerCount == 2)
        #expect(layout.recordings.count == 2)
        let first = layout.recordings[0], open = layout.recordings[1]
        #expect(first.state == .complete && first.timeSource == "dhav_frames" && first.kind == "continuous" && first.channel == 1)
        #expect(first.offset == 0 && first.length == UInt64(a.count))
        #expect(open.state == .recording && open.kind == "motion")
        // The name says 21:50:00; the frames say the recording stopped 2.8 s in.
        #expect(open.end?.iso == "2026-11-20T21:40:02.800000")
        #expect(open.length == UInt64(b.count - 100))
    }

    @Test func withoutFramesTheNameIsTheFallbackAndAnOpenFileHasNoEnd() throws {
        let junk = [UInt8](repeating: 0x20, count: 5000)
        let files = [Self.file("cam/2026-11-20/001/dav/23/23.50.00-00.10.00[R][0@0][0].dav", junk),
                     Self.file("cam/2026-11-20/001/dav/23/23.55.00-23.59.00[R][0@0][0].dav_", junk)]
        let layout = try #require(RecorderLayouts.recognise(files: files).first)
        #expect(layout.folder == "cam")
        let r = layout.recordings
        #expect(r.map(\.timeSource) == ["dahua_file_name", "dahua_file_name"])
        #expect(r[0].start.iso == "2026-11-20T23:50:00")
        #expect(r[0].end?.iso == "2026-11-21T00:10:00")
        #expect(r[1].state == .recording && r[1].end == nil)
        #expect(r.allSatisfy { $0.content == "proprietary" })
        #expect(layout.problems.count == 2)
    }

    @Test func encryptedContentIsSaidAndNotDamage() throws {
        var rng = SplitMix64(seed: 11)
        let bytes = rng.bytes(64 << 10)
        let layout = try #require(RecorderLayouts.recognise(files: [Self.file("2026-11-20/001/dav/21/21.30.00-21.40.00[R][0@0][0].dav", bytes)]).first)
        let r = try #require(layout.recordings.first)
        #expect(r.content == "encrypted")
        #expect(r.start.iso == "2026-11-20T21:30:00")
        #expect(layout.problems.first?.contains("encrypted: cannot be read without the camera's key") == true)
    }

    @Test func theMillisecondCounterWrapsAndIsCheckedAgainstTheDates() {
        // 70 s apart, counter wrapped once: 70,250 ms.
        let wrapped = DahuaFile.elapsedMilliseconds(firstSeconds: 0, firstCounter: 60_000, lastSeconds: 70, lastCounter: UInt16((60_000 + 70_250) % 65_536))
        #expect(wrapped.0 == 70_250 && wrapped.1 == nil)
        let off = DahuaFile.elapsedMilliseconds(firstSeconds: 0, firstCounter: 0, lastSeconds: 10, lastCounter: 30_000)
        #expect(off.0 == 10_000 && off.1 != nil)
    }

    @Test func hostileFramesGiveProblemLinesNotCrashes() throws {
        var rng = SplitMix64(seed: 0xDA)
        let (good, _) = RecorderFrameWriters.davFile(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0, seconds: 3)
        for _ in 0..<300 {
            var bytes = good
            for _ in 0..<Int(rng.next() % 12 + 1) {
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 4 == 0 { bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count)))) }
            switch DahuaFile.read(MemoryByteSource(bytes)) {
            case .success(let span):
                if let end = span.end { #expect(end >= span.start) }
                #expect(span.dataEnd <= UInt64(bytes.count))
            case .failure: break
            }
            _ = RecorderLayouts.recognise(files: [Self.file("2026-11-20/001/dav/21/21.30.00-21.30.03[R][0@0][0].dav_", bytes)])
        }
    }

    @Test func aFrameWithAnImpossibleDateIsSkipped() throws {
        let bad = RecorderFrameWriters.dhavFrame(key: true, number: 0, date: 0, milliseconds: 0, payload: [1, 2, 3])
        let good = RecorderFrameWriters.dhavFrame(key: true, number: 1, date: RecorderFrameWriters.packedDate(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5),
                                                  milliseconds: 0, payload: [1, 2, 3])
        let span = try DahuaFile.read(MemoryByteSource(bad + good)).get()
        #expect(span.start.iso == "2026-01-02T03:04:05")
        #expect(span.problems.count == 1)
    }

    /// FFmpeg's own `dhav` demuxer reads our files and counts the same frames.
    @Test(.requires("ffprobe")) func ffprobeReadsTheFramesWeWrite() throws {
        let (bytes, frames) = RecorderFrameWriters.davFile(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0, seconds: 6)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("21.30.00-21.30.06[R][0@0][0].dav")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try runProcess(["ffprobe", "-v", "error", "-f", "dhav", "-count_packets", "-select_streams", "v:0",
                                "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", path])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == String(frames))
    }
}
