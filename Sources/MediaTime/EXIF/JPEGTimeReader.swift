import CardIO
import Messages

/// Recording time of a JPEG still from its EXIF APP1 segment, decoded by libexif.
enum JPEGTimeReader {
    static func read(_ reader: BoundedReader) -> MediaFindings {
        var f = MediaFindings()
        f.isStill = true
        let app1: JPEGSegments.APP1?
        do { app1 = try JPEGSegments.findExif(reader) } catch {
            f.problem("\(error)")
            return f
        }
        guard let app1 else {
            f.problem(tr(.mcJPEGHasNoEXIFAPP1))
            return f
        }
        let exif = ExifDecoder.decode(app1.bytes, tiffOffsetInFile: app1.offset + 6)
        for p in exif.problems { f.problem(p) }
        f.exif = exif.fields
        if let t = exif.fields.originalTime {
            var note = "EXIF DateTimeOriginal"
            if exif.fields.subSecTimeOriginal != nil { note += " + SubSecTimeOriginal" }
            if exif.fields.offsetTimeOriginal != nil { note += " + OffsetTimeOriginal" }
            f.evidence.append(TimeEvidence(source: .exifDateTimeOriginal, start: t, note: note))
        }
        if let t = exif.fields.gpsTime {
            f.evidence.append(TimeEvidence(source: .exifGPS, start: t, note: "EXIF GPSDateStamp + GPSTimeStamp (UTC)"))
        } else if let t = exif.fields.gpsTimeStamp {
            f.problem(tr(.mcGPSTimeStampUTCHasNoGPSDateStamp, ["t": "\(t)"]))
        }
        return f
    }
}
