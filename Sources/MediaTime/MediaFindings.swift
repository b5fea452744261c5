/// What one format parser found: every value with its source, and why anything is missing.
struct MediaFindings {
    var evidence: [TimeEvidence] = []
    var problems: [String] = []
    var isStill = false
    var exif: ExifFields?
    /// The file's index was never written (see `RecordingTime.unfinalised`).
    var unfinalised = false

    mutating func problem(_ text: String) {
        // A damaged file can repeat one fault many times; keep the report short.
        if problems.count < 16, !problems.contains(text) { problems.append(text) }
    }
}
