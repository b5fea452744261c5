import CardIO
import CardFileSystem
import Messages

/// Seconds between 1904-01-01 (the ISO BMFF / QuickTime epoch) and 1970-01-01.
let secondsFrom1904To1970: UInt64 = 2_082_844_800

/// An ISO BMFF creation time (seconds since 1904-01-01) as wall-clock fields, or why not.
/// The camera wrote its local time there far more often than UTC, so no zone is attached.
func isoBMFFTime(_ value: UInt64, box: String) -> Result<CardTimestamp, MediaParseError> {
    if value == 0 { return .failure(MediaParseError(tr(.mcCreationTimeIs0Not, ["box": "\(box)"]))) }
    // Beyond year 9999 is damage, not a date.
    guard value < 253_402_300_800 + secondsFrom1904To1970 else {
        return .failure(MediaParseError(tr(.mcCreationTimeIsBeyondYear, ["box": "\(box)", "value": "\(value)"])))
    }
    let unix = Int64(value) - Int64(secondsFrom1904To1970)
    return .success(CardTimestamp(wallClockSeconds: unix))
}

/// Reads a whole small box payload (never more than `cap` bytes).
func payload(_ reader: BoundedReader, _ box: BoxHeader, cap: Int) throws -> LittleEndianReader {
    let n = Int(min(box.payloadSize, UInt64(cap)))
    return try reader.read(at: box.payloadOffset, exactly: n, what: "'\(box.type)' box")
}

/// §8.2.2 MovieHeaderBox `mvhd`: version 0 (32-bit times) or 1 (64-bit).
struct MovieHeader {
    let version: UInt8
    let creationTime: UInt64
    let timescale: UInt32
    let duration: UInt64
    /// The all-ones duration means "unknown" (§8.2.2.3).
    let durationUnknown: Bool

    init(_ r: LittleEndianReader) throws {
        version = try r.u8(0)
        switch version {
        case 0:
            creationTime = UInt64(try r.u32be(4))
            timescale = try r.u32be(12)
            let d = try r.u32be(16)
            duration = UInt64(d); durationUnknown = d == .max
        case 1:
            creationTime = try r.u64be(4)
            timescale = try r.u32be(20)
            duration = try r.u64be(24); durationUnknown = duration == .max
        default:
            throw MediaParseError(tr(.mcMvhdVersionIsNot0, ["version": "\(version)"]))
        }
    }
}

/// §8.3.2 TrackHeaderBox `tkhd`; its duration is in the movie's timescale.
struct TrackHeader {
    let creationTime: UInt64
    let trackID: UInt32
    let duration: UInt64
    let durationUnknown: Bool

    init(_ r: LittleEndianReader) throws {
        let version = try r.u8(0)
        switch version {
        case 0:
            creationTime = UInt64(try r.u32be(4))
            trackID = try r.u32be(12)
            let d = try r.u32be(20)
            duration = UInt64(d); durationUnknown = d == .max
        case 1:
            creationTime = try r.u64be(4)
            trackID = try r.u32be(20)
            duration = try r.u64be(28); durationUnknown = duration == .max
        default:
            throw MediaParseError(tr(.mcTkhdVersionIsNot0, ["version": "\(version)"]))
        }
    }
}

/// §8.4.2 MediaHeaderBox `mdhd`: the track's own timescale and duration.
struct MediaHeader {
    let creationTime: UInt64
    let timescale: UInt32
    let duration: UInt64
    let durationUnknown: Bool

    init(_ r: LittleEndianReader) throws {
        let version = try r.u8(0)
        switch version {
        case 0:
            creationTime = UInt64(try r.u32be(4))
            timescale = try r.u32be(12)
            let d = try r.u32be(16)
            duration = UInt64(d); durationUnknown = d == .max
        case 1:
            creationTime = try r.u64be(4)
            timescale = try r.u32be(20)
            duration = try r.u64be(24); durationUnknown = duration == .max
        default:
            throw MediaParseError(tr(.mcMdhdVersionIsNot0, ["version": "\(version)"]))
        }
    }
}

/// §8.8.2 MovieExtendsHeaderBox `mehd`: the whole fragmented movie's duration, movie timescale.
struct MovieExtendsHeader {
    let fragmentDuration: UInt64
    init(_ r: LittleEndianReader) throws {
        let version = try r.u8(0)
        fragmentDuration = version == 1 ? try r.u64be(4) : UInt64(try r.u32be(4))
    }
}

/// §8.8.3 TrackExtendsBox `trex`: per-track defaults for fragments.
struct TrackExtends {
    let trackID: UInt32
    let defaultSampleDuration: UInt32
    init(_ r: LittleEndianReader) throws {
        trackID = try r.u32be(4)
        defaultSampleDuration = try r.u32be(12)
    }
}

/// §8.8.7 TrackFragmentHeaderBox `tfhd`: which track, and its default sample duration if given.
struct TrackFragmentHeader {
    let trackID: UInt32
    let defaultSampleDuration: UInt32?
    init(_ r: LittleEndianReader) throws {
        let flags = try r.u32be(0) & 0x00FF_FFFF
        trackID = try r.u32be(4)
        var at = 8
        if flags & 0x01 != 0 { at += 8 }   // base-data-offset
        if flags & 0x02 != 0 { at += 4 }   // sample-description-index
        defaultSampleDuration = flags & 0x08 != 0 ? try r.u32be(at) : nil
    }
}

/// §8.8.12 TrackFragmentBaseMediaDecodeTimeBox `tfdt`.
struct TrackFragmentDecodeTime {
    let baseMediaDecodeTime: UInt64
    init(_ r: LittleEndianReader) throws {
        let version = try r.u8(0)
        baseMediaDecodeTime = version == 1 ? try r.u64be(4) : UInt64(try r.u32be(4))
    }
}

/// §8.8.8 TrackRunBox `trun`: the sum of its sample durations.
///
/// The sample count comes from the file, so the table read is clamped to what the box holds and
/// to `cap` bytes; a count the box cannot hold is reported, not trusted.
struct TrackRun {
    let sampleCount: UInt32
    /// Sum of per-sample durations, or nil when the run has none (use the defaults).
    let durationSum: UInt64?

    init(_ reader: BoundedReader, _ box: BoxHeader, cap: Int = 256 * 1024) throws {
        let head = try payload(reader, box, cap: 16)
        let flags = try head.u32be(0) & 0x00FF_FFFF
        sampleCount = try head.u32be(4)
        var tableStart: UInt64 = 8
        if flags & 0x001 != 0 { tableStart += 4 }  // data-offset
        if flags & 0x004 != 0 { tableStart += 4 }  // first-sample-flags
        var entrySize: UInt64 = 0
        for bit: UInt32 in [0x100, 0x200, 0x400, 0x800] where flags & bit != 0 { entrySize += 4 }
        guard flags & 0x100 != 0 else { durationSum = nil; return }
        guard box.payloadSize >= tableStart else {
            throw MediaParseError(tr(.mcTrunAtByteIsShorter, ["offset": "\(box.offset)"]))
        }
        let room = (box.payloadSize - tableStart) / entrySize
        guard UInt64(sampleCount) <= room else {
            throw MediaParseError(tr(.mcTrunAtByteClaimsSamples, ["offset": "\(box.offset)", "sampleCount": "\(sampleCount)", "room": "\(room)"]))
        }
        let tableBytes = UInt64(sampleCount) * entrySize
        guard tableBytes <= UInt64(cap) else {
            throw MediaParseError(tr(.mcTrunAtByteHasSamples, ["offset": "\(box.offset)", "sampleCount": "\(sampleCount)"]))
        }
        let table = try reader.read(at: box.payloadOffset + tableStart, exactly: Int(tableBytes), what: tr(.mcTrunSampleTable))
        var sum: UInt64 = 0
        for i in 0..<Int(sampleCount) {
            let d = UInt64(try table.u32be(i * Int(entrySize)))
            let (s, o) = sum.addingReportingOverflow(d)
            guard !o else { throw MediaParseError(tr(.mcTrunAtByteSampleDurations, ["offset": "\(box.offset)"])) }
            sum = s
        }
        durationSum = sum
    }
}
