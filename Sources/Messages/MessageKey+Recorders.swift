/// Recorder layouts (issue 11): the recordings heading and rows of `ls`, the layout line of `info`.
extension MessageKey {
    public static let recorderLayoutHikvision = MessageKey("recorder.layout.hikvision")
    public static let lsRecordingsHeading = MessageKey("ls.recordings.heading")
    public static let lsRecordingsRow = MessageKey("ls.recordings.row")
    public static let lsRecordingsCorrected = MessageKey("ls.recordings.corrected")
    public static let lsRecordingsEndUnknown = MessageKey("ls.recordings.end_unknown")
    public static let lsRecordingsStateComplete = MessageKey("ls.recordings.state.complete")
    public static let lsRecordingsStateRecording = MessageKey("ls.recordings.state.recording")
    public static let lsRecordingsStateOld = MessageKey("ls.recordings.state.old")
    public static let lsRecordingsCountOne = MessageKey("ls.recordings.count.one")
    public static let lsRecordingsCountOther = MessageKey("ls.recordings.count.other")
    public static let lsRecordingsNoneInWindow = MessageKey("ls.recordings.none_in_window")
    public static let lsRecordingsProblem = MessageKey("ls.recordings.problem")
    public static let lsRecordingsMoreProblems = MessageKey("ls.recordings.more_problems")
    public static let infoRecorderSummary = MessageKey("info.recorder.summary")
    public static let infoRecorderEmpty = MessageKey("info.recorder.empty")
    public static let infoRecorderProblems = MessageKey("info.recorder.problems")
}
