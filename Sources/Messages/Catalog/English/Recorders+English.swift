extension Catalog {
    static let englishRecorders: [MessageKey: String] = [
        .recorderLayoutHikvision: "Hikvision/EZVIZ ring recorder",
        .lsRecordingsHeading: "Recordings ({layout}, times from {index}):",
        .lsRecordingsRow: "{state}  {start} – {end}  channel {channel}  {container}  bytes {offset}–{end_offset} ({length} bytes)",
        .lsRecordingsCorrected: "  true time {start}",
        .lsRecordingsEndUnknown: "end unknown",
        .lsRecordingsStateComplete: "complete ",
        .lsRecordingsStateRecording: "recording",
        .lsRecordingsStateOld: "old      ",
        .lsRecordingsCountOne: "{count} recording",
        .lsRecordingsCountOther: "{count} recordings",
        .lsRecordingsNoneInWindow: "No recording in the recorder's index meets the window",
        .lsRecordingsProblem: "recorder index: {problem}",
        .lsRecordingsMoreProblems: "recorder index: {count} more problems (ls --json lists them all)",
        .infoRecorderSummary: "{layout}: {containers} containers, {recordings} recordings {first} – {last}, {recording} being recorded, {overwritten} overwritten index records",
        .infoRecorderEmpty: "{layout}: {containers} containers, no recordings in the index",
        .infoRecorderProblems: "{count} problems in the recorder index (sdcustody ls --json lists them)",
    ]
}
