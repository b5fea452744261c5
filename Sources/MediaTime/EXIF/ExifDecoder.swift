import CLibExif
import CardFileSystem
import Messages

/// One `ExifData` from libexif, owned here and freed in `deinit`. libexif is only ever handed a
/// buffer we cut from the file (at most `JPEGSegments.exifCap` bytes).
final class LibExifData {
    let pointer: UnsafeMutablePointer<ExifData>

    init?(_ bytes: [UInt8]) {
        guard let d = exif_data_new() else { return nil }
        // Unknown tags are wanted (OffsetTimeOriginal is new); and "follow specification" would
        // add missing mandatory tags with invented values (the current time for DateTime).
        exif_data_unset_option(d, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        exif_data_unset_option(d, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_set_option(d, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE)
        bytes.withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { exif_data_load_data(d, base, UInt32(buf.count)) }
        }
        pointer = d
    }

    deinit { exif_data_unref(pointer) }

    /// The IFD1 thumbnail bytes libexif loaded, if any.
    var thumbnail: [UInt8]? {
        guard let d = pointer.pointee.data, pointer.pointee.size > 0, pointer.pointee.size <= UInt32(JPEGSegments.exifCap) else { return nil }
        return Array(UnsafeBufferPointer(start: d, count: Int(pointer.pointee.size)))
    }

    var byteOrder: ExifByteOrder { exif_data_get_byte_order(pointer) }

    func entry(_ ifd: ExifIfd, _ tag: UInt32) -> UnsafeMutablePointer<ExifEntry>? {
        let contents = withUnsafeBytes(of: pointer.pointee.ifd) { raw -> UnsafeMutablePointer<ExifContent>? in
            let ptrs = raw.bindMemory(to: UnsafeMutablePointer<ExifContent>?.self)
            let i = Int(ifd.rawValue)
            return i < ptrs.count ? ptrs[i] : nil
        }
        guard let contents else { return nil }
        return exif_content_get_entry(contents, ExifTag(rawValue: tag))
    }

    /// An ASCII entry's text, cut at the first NUL, bounded by the entry's own size.
    func ascii(_ ifd: ExifIfd, _ tag: UInt32) -> String? {
        guard let e = entry(ifd, tag), let data = e.pointee.data, e.pointee.size > 0 else { return nil }
        let n = min(Int(e.pointee.size), 256)
        let bytes = UnsafeBufferPointer(start: data, count: n).prefix(while: { $0 != 0 })
        let text = String(decoding: bytes.filter { $0 >= 0x20 && $0 < 0x7f }, as: UTF8.self)
        let trimmed = text.reversed().drop(while: { $0 == " " }).reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// A SHORT or LONG entry's first value.
    func integer(_ ifd: ExifIfd, _ tag: UInt32) -> UInt64? {
        guard let e = entry(ifd, tag), let data = e.pointee.data, e.pointee.components >= 1 else { return nil }
        switch e.pointee.format {
        case EXIF_FORMAT_SHORT where e.pointee.size >= 2: return UInt64(exif_get_short(data, byteOrder))
        case EXIF_FORMAT_LONG where e.pointee.size >= 4: return UInt64(exif_get_long(data, byteOrder))
        default: return nil
        }
    }

    /// A RATIONAL entry's values, nil where a denominator is 0.
    func rationals(_ ifd: ExifIfd, _ tag: UInt32, count: Int) -> [Double?]? {
        guard let e = entry(ifd, tag), let data = e.pointee.data, e.pointee.format == EXIF_FORMAT_RATIONAL,
              Int(e.pointee.components) >= count, Int(e.pointee.size) >= count * 8 else { return nil }
        return (0..<count).map { i in
            let r = exif_get_rational(data + i * 8, byteOrder)
            return r.denominator == 0 ? nil : Double(r.numerator) / Double(r.denominator)
        }
    }
}

/// Reads the EXIF fields sdcustody reports from an `Exif\0\0` + TIFF block.
enum ExifDecoder {
    struct Result {
        var fields = ExifFields()
        var problems: [String] = []
    }

    static let ifd0 = EXIF_IFD_0, ifd1 = EXIF_IFD_1, exifIFD = EXIF_IFD_EXIF, gpsIFD = EXIF_IFD_GPS

    /// `block` starts with `Exif\0\0`; `tiffOffsetInFile` (where the TIFF header sits in the file)
    /// turns the thumbnail's offset into a file offset.
    static func decode(_ block: [UInt8], tiffOffsetInFile: UInt64?) -> Result {
        var result = Result()
        guard block.count > 14 else {
            result.problems.append(tr(.mcEXIFBlockOfBytesIs, ["count": "\(block.count)"]))
            return result
        }
        guard let data = LibExifData(block) else {
            result.problems.append(tr(.mcLibexifCouldNotAllocate))
            return result
        }
        var f = ExifFields()
        f.make = data.ascii(ifd0, 0x010F)
        f.model = data.ascii(ifd0, 0x0110)
        f.orientation = data.integer(ifd0, 0x0112).map { Int($0) }
        f.dateTimeOriginal = data.ascii(exifIFD, 0x9003)
        f.subSecTimeOriginal = data.ascii(exifIFD, 0x9291)
        f.offsetTimeOriginal = data.ascii(exifIFD, 0x9011)
        f.gpsDateStamp = data.ascii(gpsIFD, 0x001D)
        if let parts = data.rationals(gpsIFD, 0x0007, count: 3) {
            if let h = parts[0], let m = parts[1], let s = parts[2], h >= 0, h < 24, m >= 0, m < 60, s >= 0, s < 61 {
                f.gpsTimeStamp = ExifTime.formatGPSTime(h, m, s)
            } else {
                result.problems.append(tr(.mcGPSTimeStampHasAZeroDenominator))
            }
        }
        if let dto = f.dateTimeOriginal {
            if let t = ExifTime.parse(dateTime: dto, subSec: f.subSecTimeOriginal, offset: f.offsetTimeOriginal) {
                f.originalTime = t
            } else {
                result.problems.append(tr(.mcDateTimeOriginalIsNotAValid, ["dto": "\(dto)"]))
            }
        }
        if let d = f.gpsDateStamp, let t = f.gpsTimeStamp {
            f.gpsTime = ExifTime.parseGPS(date: d, time: t)
            if f.gpsTime == nil { result.problems.append(tr(.mcGPSDateIsNotA, ["d": "\(d)"])) }
        }
        // libexif consumes IFD1's JPEGInterchangeFormat tags into `data`/`size` (the thumbnail
        // bytes) and drops the offset, so read the two tags from IFD1 ourselves.
        if data.thumbnail != nil, let (off, len) = IFD1Thumbnail.locate(block) {
            f.thumbnailOffset = tiffOffsetInFile.map { $0 + off } ?? off
            f.thumbnailLength = len
        }
        if f == ExifFields() { result.problems.append(tr(.mcEXIFBlockHasNoneOf)) }
        result.fields = f
        return result
    }
}
