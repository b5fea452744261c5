import CardFileSystem
import Foundation
@testable import MediaTime
import TestSupport
import Testing

/// Every media file under the bundled `samples/` folder (and ../shared/testdata/media): read
/// within the budget, and where ffprobe reports a creation time or duration for a value we took
/// from the same structure, the two agree.
struct SampleFolderTests {
    static let extensions: Set<String> = ["mp4", "mov", "3gp", "avi", "ts", "mts", "m2ts", "mpg", "mpeg", "vob", "jpg", "jpeg"]

    static func mediaFiles(under root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [String] = []
        while let rel = walker.nextObject() as? String, out.count < 500 {
            if extensions.contains((rel as NSString).pathExtension.lowercased()) { out.append(root.appendingPathComponent(rel).path) }
        }
        return out.sorted()
    }

    static func agreeWithFFprobe(_ path: String) throws {
        let (r, bytes) = try Media.read(file: path)
        #expect(bytes <= RecordingTimeReader.byteBudget, "\(path)")
        guard !r.isStill, TestEnvironment.available("ffprobe") else { return }
        let probe = try Media.ffprobeFormat(path)
        if let creation = probe.creation, let start = r.start, [.mp4Mvhd, .aviIDIT].contains(r.timeSource) {
            // ffprobe prints mvhd as UTC and IDIT as text; the wall-clock fields are the same.
            let ours = start.utcOffsetMinutes == nil ? start : (start.adding(seconds: Double(-(start.utcOffsetMinutes ?? 0) * 60)) ?? start)
            let fields = String(creation.replacingOccurrences(of: " ", with: "T").prefix(19))
            #expect(CardTimestamp(year: ours.year, month: ours.month, day: ours.day, hour: ours.hour, minute: ours.minute, second: ours.second).iso == fields,
                    "\(path): ours \(start), ffprobe \(creation)")
        }
        if let p = probe.duration, let d = r.duration, let source = r.durationSource {
            switch source {
            case .mp4Mvhd, .mp4Fragmented, .mpegPTS:
                #expect(abs(p - d) <= 1e-3, "\(path): ours \(d) (\(source)), ffprobe \(p)")
            case .aviAvih:
                // ffprobe uses the streams' lengths; avih may differ by a frame.
                #expect(abs(p - d) <= 0.1, "\(path): ours \(d), ffprobe \(p)")
            default:
                break
            }
        }
    }

    @Test(.requires("the samples/ folder of this checkout", available: FileManager.default.fileExists(atPath: TestEnvironment.samples.path)))
    func bundledSamples() throws {
        for path in Self.mediaFiles(under: TestEnvironment.samples) { try Self.agreeWithFFprobe(path) }
    }

    @Test(.requiresSharedTestData("media"))
    func sharedMedia() throws {
        let root = try #require(TestEnvironment.sharedTestData).appendingPathComponent("media")
        let files = Self.mediaFiles(under: root)
        #expect(files.count == 4)
        for path in files { try Self.agreeWithFFprobe(path) }
    }

    /// The same walk over clips made here, so the check itself is exercised where samples/ is absent.
    @Test(.requires("ffmpeg", "ffprobe"))
    func madeClips() throws {
        let dir = try TemporaryDirectory("mediatime-walk")
        defer { dir.remove() }
        for clip in FFmpegClipTests.clips { _ = try FFmpegClipTests.make(clip, in: dir) }
        let files = Self.mediaFiles(under: dir.url)
        #expect(files.count == FFmpegClipTests.clips.count)
        for path in files { try Self.agreeWithFFprobe(path) }
    }
}
