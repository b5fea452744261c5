/// Notes on single entries of a listing (names recovered or ignored, entries found past an end
/// mark, damaged entry sets), shown by `ls` and kept in the provenance.
extension MessageKey {
    public static let noteDeletedLongName = MessageKey("note.deleted_long_name")
    public static let noteDeletedFirstChar = MessageKey("note.deleted_first_char")
    public static let noteLongNameIgnored = MessageKey("note.long_name_ignored")
    public static let notePastEndMark = MessageKey("note.past_end_mark")
    public static let noteLongNameChecksum = MessageKey("note.long_name_checksum")
    public static let noteInsideDeletedFolder = MessageKey("note.inside_deleted_folder")
    public static let noteContentsNotListed = MessageKey("note.contents_not_listed")
    public static let noteExFATSetChecksum = MessageKey("note.exfat_set_checksum")
    public static let noteExFATValidData = MessageKey("note.exfat_valid_data")
    public static let noteFoundInsideDeletedFolder = MessageKey("note.found_inside_deleted_folder")
    public static let lsNotesHeading = MessageKey("note.ls_notes_heading")
    public static let lsNotesHeadingOne = MessageKey("note.ls_notes_heading_one")
    public static let lsNotesMore = MessageKey("note.ls_notes_more")
    public static let lsNoteLine = MessageKey("note.ls_note_line")
}
