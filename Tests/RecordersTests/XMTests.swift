import Foundation
import Testing
import CardIO
import CardFileSystem
import Recorders
import TestSupport

/// XM (Xiongmai) `.h264` files (issue 11, item 6): start and end from the key frames' packed dates.
@Suite struct XMTests {
    static func file(_ path: String, _ bytes: [UInt8]) -> RecorderCardFile {
        RecorderCardFile(path: path, size: UInt64(bytes.count)) { MemoryByteSource(bytes, name: path) }
    }

    @Test func startAndEndComeFromTheFirstAndLastKeyFrames() throws {
        let bytes = RecorderFrameWriters.xmFile(year: 2026, month: 11, day: 20, hour: 21, minute: 59, second: 58, seconds: 5)
        let span = try XMFile.read(MemoryByteSource(bytes)).get()
        #expect(span.start.iso == "2026-11-20T21:59:58")
        #expect(span.end?.iso == "2026-11-20T22:00:02")
        #expect(span.dataEnd == UInt64(bytes.count))
    }

    /// The header fields as python-dvr's `dvrip.py` reads them (s4): codec, frame rate, size/8,
    /// packed date and payload length; `FE` is a JPEG picture that is dated but no key frame.
    @Test func headerFieldsAsAnIndependentReaderReadsThem() throws {
        let date = PackedFrameDate.encode(CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 5))
        let key = RecorderFrameWriters.xmFrame(key: true, date: date, payload: [0, 0, 0, 1, 0x65, 1, 2], fps: 15, width: 1920, height: 1080)
        let k = try #require(XMFrame.parse(key[...]))
        #expect(k.isKeyFrame && k.isDated && k.codec == 2 && k.frameRate == 15 && k.headerSize == 16 && k.payloadLength == 7)
        #expect(k.wallClockSeconds == CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 5).wallClockSeconds)
        // Bit layout by hand, as python-dvr's internal_to_datetime takes it apart.
        #expect(date & 0x3F == 5 && (date & 0xFC0) >> 6 == 30 && (date & 0x1F000) >> 12 == 21)
        #expect((date & 0x3E0000) >> 17 == 20 && (date & 0x3C00000) >> 22 == 11 && (date & 0xFC00_0000) >> 26 == 26)
        var jpeg = key
        jpeg[3] = 0xFE
        jpeg[4] = 0
        let j = try #require(XMFrame.parse(jpeg[...]))
        #expect(!j.isKeyFrame && j.isDated && j.codec == 0 && j.headerSize == 16)
        let p = try #require(XMFrame.parse([0, 0, 1, 0xFD, 9, 0, 0, 0][...]))
        #expect(!p.isDated && p.headerSize == 8 && p.payloadLength == 9 && p.codec == nil)
        let a = try #require(XMFrame.parse([0, 0, 1, 0xFA, 0x0E, 2, 0x40, 0x01][...]))
        #expect(a.headerSize == 8 && a.payloadLength == 0x140)
    }

    /// A file that begins with a JPEG picture frame is dated by it.
    @Test func aPictureFrameDatesAFile() throws {
        let date = PackedFrameDate.encode(CardTimestamp(year: 2026, month: 11, day: 20, hour: 7, minute: 0, second: 0))
        var picture = RecorderFrameWriters.xmFrame(key: true, date: date, payload: [0xFF, 0xD8, 0xFF, 0xD9])
        picture[3] = 0xFE
        picture[4] = 0
        let span = try XMFile.read(MemoryByteSource(picture)).get()
        #expect(span.start.iso == "2026-11-20T07:00:00")
    }

    @Test func aTreeIsALayout() throws {
        let a = RecorderFrameWriters.xmFile(year: 2026, month: 11, day: 20, hour: 8, minute: 0, second: 0, seconds: 3)
        let files = [Self.file("2026-11-20/001/08.00.00-08.00.03[R][@3f1][0].h264", a),
                     Self.file("2026-11-20/001/08.10.00-08.20.00[A][@3f2][0].h264", [UInt8](repeating: 0, count: 3000)),
                     Self.file("2026-11-20/001/readme.h264x", [])]
        let layout = try #require(RecorderLayouts.recognise(files: files).first)
        #expect(layout.kind == .xm)
        #expect(layout.recordings.count == 2)
        #expect(layout.recordings[0].timeSource == "xm_frames")
        #expect(layout.recordings[0].kind == "continuous")
        #expect(layout.recordings[1].timeSource == "xm_file_name")
        #expect(layout.recordings[1].kind == "alarm")
        #expect(layout.recordings[1].end?.iso == "2026-11-20T08:20:00")
    }

    @Test func namesOutsideTheTreeAreNotALayout() {
        let files = [Self.file("DCIM/08.00.00-08.00.03[R][@3f1][0].h264", [1]),
                     Self.file("2026-11-20/x1/08.00.00-08.00.03.h264", [1]),
                     Self.file("2026-11-20/001/dav/21/clip.dav", [1])]
        #expect(RecorderLayouts.recognise(files: files).isEmpty)
    }

    /// Property: whatever is done to a good file, the reader returns a span inside the file whose
    /// end is not before its start, or a failure; never a trap or a hang.
    @Test func mutatedFilesAreReadWithinBounds() {
        var rng = SplitMix64(seed: 0x5A)
        let good = RecorderFrameWriters.xmFile(year: 2026, month: 11, day: 20, hour: 21, minute: 30, second: 0, seconds: 4)
        for _ in 0..<400 {
            var bytes = good
            for _ in 0..<Int(rng.next() % 16 + 1) {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 3 == 0 { bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count)))) }
            if case .success(let span) = XMFile.read(MemoryByteSource(bytes)) {
                if let end = span.end { #expect(end >= span.start) }
                #expect(span.dataEnd <= UInt64(bytes.count))
            }
        }
        // Random bytes of every length up to a few KiB.
        for n in stride(from: 0, to: 5000, by: 37) {
            _ = XMFile.read(MemoryByteSource(rng.bytes(n)))
            _ = DahuaFile.read(MemoryByteSource(rng.bytes(n)))
        }
    }

    @Test func packedDatesRoundTrip() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<1000 {
            let t = CardTimestamp(year: 2000 + Int(rng.next() % 64), month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28),
                                  hour: Int(rng.next() % 24), minute: Int(rng.next() % 60), second: Int(rng.next() % 60))
            let packed = RecorderFrameWriters.packedDate(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second)
            #expect(PackedFrameDate.encode(t) == packed)
            #expect(PackedFrameDate.decode(packed) == t.wallClockSeconds)
        }
        #expect(PackedFrameDate.decode(0) == nil)
    }
}
