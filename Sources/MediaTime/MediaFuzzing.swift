import CardIO

/// libFuzzer entry points, one per parser (Fuzz/Fuzz*/main.swift call these). Each must return
/// without trapping, hanging or reading past the byte budget, whatever `data` is.
package enum MediaFuzzing {
    package static func exerciseMP4(_ data: [UInt8]) {
        exercise(data, name: "clip.mp4") { MP4TimeReader.read($0) }
    }

    package static func exerciseAVI(_ data: [UInt8]) {
        exercise(data, name: "clip.avi") { AVITimeReader.read($0) }
    }

    package static func exerciseMPEGTS(_ data: [UInt8]) {
        exercise(data, name: "clip.ts") { MPEGTSTimeReader.read($0) }
        exercise(data, name: "clip.mpg") { MPEGPSTimeReader.read($0) }
    }

    package static func exerciseEXIF(_ data: [UInt8]) {
        exercise(data, name: "still.jpg") { JPEGTimeReader.read($0) }
        // The EXIF block straight to libexif too, as an AVI strd would hand it over.
        _ = ExifDecoder.decode(Array("Exif".utf8) + [0, 0] + data.prefix(JPEGSegments.exifCap), tiffOffsetInFile: nil)
    }

    static func exercise(_ data: [UInt8], name: String, _ parse: (BoundedReader) -> MediaFindings) {
        let source = MemoryByteSource(data, name: name)
        let reader = BoundedReader(source)
        _ = parse(reader)
        // Format detection sees the same bytes. (The whole reader is not called here: its name
        // patterns compile a Regex once, whose parser's allocations LeakSanitizer reports at exit.)
        _ = RecordingTimeReader.format(head: Array(data.prefix(4096)), fileName: name)
    }
}
