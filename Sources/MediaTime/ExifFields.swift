import CardFileSystem

/// The EXIF fields sdcustody reports for a still (EXIF 2.32 / CIPA DC-008 tag names).
public struct ExifFields: Equatable, Sendable {
    /// IFD0 Make (0x010F).
    public var make: String?
    /// IFD0 Model (0x0110).
    public var model: String?
    /// IFD0 Orientation (0x0112), 1...8.
    public var orientation: Int?
    /// Exif IFD DateTimeOriginal (0x9003), as written: `YYYY:MM:DD HH:MM:SS`.
    public var dateTimeOriginal: String?
    /// Exif IFD SubSecTimeOriginal (0x9291): decimal digits of a second.
    public var subSecTimeOriginal: String?
    /// Exif IFD OffsetTimeOriginal (0x9011): `±HH:MM`.
    public var offsetTimeOriginal: String?
    /// GPS IFD GPSDateStamp (0x001D), `YYYY:MM:DD`, UTC.
    public var gpsDateStamp: String?
    /// GPS IFD GPSTimeStamp (0x0007) as `HH:MM:SS[.fff]`, UTC.
    public var gpsTimeStamp: String?
    /// DateTimeOriginal with sub-seconds and zone, when it parses.
    public var originalTime: CardTimestamp?
    /// GPS date and time together (UTC), when both are present and valid.
    public var gpsTime: CardTimestamp?
    /// IFD1 JPEGInterchangeFormat as a byte offset in the file, and its length.
    public var thumbnailOffset: UInt64?
    public var thumbnailLength: UInt64?

    public init() {}
}

extension ExifFields: Encodable {
    enum CodingKeys: String, CodingKey {
        case make, model, orientation
        case dateTimeOriginal = "date_time_original"
        case subSecTimeOriginal = "sub_sec_time_original"
        case offsetTimeOriginal = "offset_time_original"
        case gpsDateStamp = "gps_date_stamp"
        case gpsTimeStamp = "gps_time_stamp"
        case gpsTime = "gps_time_utc"
        case thumbnailOffset = "thumbnail_offset"
        case thumbnailLength = "thumbnail_length"
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(make, forKey: .make)
        try c.encodeIfPresent(model, forKey: .model)
        try c.encodeIfPresent(orientation, forKey: .orientation)
        try c.encodeIfPresent(dateTimeOriginal, forKey: .dateTimeOriginal)
        try c.encodeIfPresent(subSecTimeOriginal, forKey: .subSecTimeOriginal)
        try c.encodeIfPresent(offsetTimeOriginal, forKey: .offsetTimeOriginal)
        try c.encodeIfPresent(gpsDateStamp, forKey: .gpsDateStamp)
        try c.encodeIfPresent(gpsTimeStamp, forKey: .gpsTimeStamp)
        try c.encodeIfPresent(gpsTime?.isoMillis, forKey: .gpsTime)
        try c.encodeIfPresent(thumbnailOffset, forKey: .thumbnailOffset)
        try c.encodeIfPresent(thumbnailLength, forKey: .thumbnailLength)
    }
}
