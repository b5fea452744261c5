import Custody
import Foundation
import TestSupport
import Testing

/// Key frames of clips in every format cameras write, through the helper, against ffprobe.
@Suite(.serialized, .requires("ffmpeg", "ffprobe"), .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct KeyFrameTests {
    @Test(arguments: Media.clips)
    func firstMiddleLastKeyFrames(_ clip: Media.Clip) throws {
        let dir = try TemporaryDirectory("media-keys")
        defer { dir.remove() }
        let path = try Media.make(clip, seconds: 4, in: dir.url.path)
        let pictures = try ClipFrames.keyFrames(ofFile: path, helper: try Media.helper())
        let keys = try Media.keyFrameTimes(path)
        // 4 s at one key frame a second: key frames at 0, 1, 2, 3 s.
        #expect(pictures.count == 3, "\(pictures.map(\.seconds))")
        if keys.count >= 3 {
            let expected = [keys[0], keys[keys.count / 2], keys[keys.count - 1]]
            for (p, e) in zip(pictures, expected) {
                #expect(abs(p.seconds - e) <= 0.041, "ours \(pictures.map(\.seconds)), ffprobe \(keys)")
            }
        }
        for p in pictures {
            #expect(p.isKeyFrame)
            let jpeg = try Media.jpegSize(p.jpeg, dir: dir.url.path)
            #expect(jpeg.codec == "mjpeg")
            #expect(jpeg.width == 320 && jpeg.height == 240, "\(jpeg)")
        }
    }

    /// `--at`: the frame shown at the time asked for, decoded from the key frame before it.
    @Test func exactTimes() throws {
        let dir = try TemporaryDirectory("media-at")
        defer { dir.remove() }
        for clip in [Media.clips[0], Media.clips[1], Media.clips[3]] {
            let path = try Media.make(clip, seconds: 4, in: dir.url.path)
            let got = try ClipFrames.pictures(of: try FileByteSource(path: path), selection: .times([0.5, 2.52, 3.96], snap: false),
                                              helper: try Media.helper()).pictures
            #expect(got.count == 3)
            for (p, t) in zip(got, [0.5, 2.52, 3.96]) {
                #expect(p.seconds >= t - 0.001 && p.seconds < t + 0.041, "\(clip): asked \(t), got \(p.seconds)")
                #expect(p.requested == t)
            }
            // Snapped to key frames: the key frame at or before each time.
            let snapped = try ClipFrames.pictures(of: try FileByteSource(path: path), selection: .times([0.5, 2.52], snap: true),
                                                  helper: try Media.helper()).pictures
            #expect(snapped.map { ($0.seconds * 25).rounded() / 25 } == [0, 2], "\(clip): \(snapped.map(\.seconds))")
        }
    }

    @Test func everyAndAllKeyFramesAndSheet() throws {
        let dir = try TemporaryDirectory("media-every")
        defer { dir.remove() }
        let path = try Media.make(Media.clips[0], seconds: 4, in: dir.url.path)
        let source = try FileByteSource(path: path)
        let all = try ClipFrames.pictures(of: source, selection: .allKeyFrames(limit: 100), sheet: true, helper: try Media.helper())
        #expect(all.pictures.map { ($0.seconds * 25).rounded() / 25 } == [0, 1, 2, 3])
        let sheet = try #require(all.sheet)
        #expect(sheet.seconds.count == 3)
        let probed = try Media.jpegSize(sheet.jpeg, dir: dir.url.path)
        #expect(probed.codec == "mjpeg" && probed.width == sheet.width && probed.width > 3 * 300)
        let every = try ClipFrames.pictures(of: source, selection: .every(1.5, snap: false, limit: 100), helper: try Media.helper())
        #expect(every.pictures.count == 3, "\(every.pictures.map(\.seconds))")
        #expect(every.summary.codec == "h264")
    }

    /// A clip with no video stream at all: one error, from FFmpeg's own words.
    @Test func audioOnlyClipIsOneError() throws {
        let dir = try TemporaryDirectory("media-audio")
        defer { dir.remove() }
        let path = dir.path("tone.wav")
        let r = try runProcess(["ffmpeg", "-y", "-v", "error"] + Media.tone + ["-t", "1", "-c:a", "pcm_alaw", path])
        try #require(r.status == 0)
        #expect(throws: MediaHelperError.failed("av_find_best_stream: no video stream")) {
            try ClipFrames.keyFrames(ofFile: path, helper: try Media.helper())
        }
    }
}
