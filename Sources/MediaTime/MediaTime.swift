// MediaTime: when each footage file was recorded, and selecting footage by time.
//
// Entry point: `RecordingTimeReader.read(source:fileName:folders:modified:)` → `RecordingTime`
// (start, end, duration, `time_source`, every value found as `TimeEvidence`, and
// `unknownBecause` for what could not be read). It never throws and reads at most
// `RecordingTimeReader.byteBudget` bytes of a file.
//
// One file per format or structure:
//   ISOBMFF/  BoxHeader (§4.2), FullBoxes (mvhd, tkhd, mdhd, mehd, trex, tfhd, tfdt, trun),
//             UserDataDate (udta ©day), MP4TimeReader
//   RIFF/     RIFFChunk, IDITDate, AVITimeReader (avih, strh, dmlh/AVIX, IDIT, INFO/ICRD, strd EXIF)
//   MPEG/     MPEGClock (PTS/PCR/SCR), MPEGTSTimeReader, MPEGPSTimeReader
//   EXIF/     JPEGSegments (APP1), ExifDecoder (libexif), ExifTime, IFD1Thumbnail, JPEGTimeReader
//   Names/    NamePattern, NamePatternTable (camera file and folder names; add rows there),
//             NamePiece (a row's shape), NameMatcher (NameUnits, NameProgram: the shapes compiled
//             and run over the name's bytes; no Regex, which cost a quarter of `ls`)
//   Selection/ ClockOffset, TimeWindow, RecordingSelection, ChannelGrouping, CoverageGaps
//
// Precedence (the issue): media metadata, then the name, then the filesystem modify time.
