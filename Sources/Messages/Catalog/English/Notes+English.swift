extension Catalog {
    static let englishNotes: [MessageKey: String] = [
        .noteDeletedLongName: "deleted entry; long name recovered from its deleted long-name entries",
        .noteDeletedFirstChar: "deleted entry; its first character was overwritten and is shown as _",
        .noteLongNameIgnored: "long name ignored ({reason}); short name shown",
        .notePastEndMark: "found after an end-of-directory mark (slot {slot} of its folder is 0x00, which says no entries follow; slot {next} holds a valid entry, so the folder was read on, as fls and fsck.fat read it)",
        .noteLongNameChecksum: "long name's checksum {long} does not match the short entry's {short} (the short name may have been changed without it); long name shown, as The Sleuth Kit shows it; short name {name}",
        .noteInsideDeletedFolder: "inside a deleted folder",
        .noteContentsNotListed: "contents not listed: {reason}",
        .noteExFATSetChecksum: "entry set checksum mismatch (SetChecksum {stored}, computed {computed}): its fields may be damaged",
        .noteExFATValidData: "damaged entry: ValidDataLength {valid} exceeds DataLength {length}",
        .noteFoundInsideDeletedFolder: "found inside a deleted folder",
        .lsNotesHeading: "Notes on {count} entries:",
        .lsNotesHeadingOne: "A note on 1 entry:",
        .lsNotesMore: "  … and {count} more (ls --json lists every note)",
        .lsNoteLine: "  {path}: {note}",
    ]
}
