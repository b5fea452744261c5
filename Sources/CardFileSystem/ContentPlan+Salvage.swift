/// Plans for files read only in part (`CardVolume.salvagePlan`).
extension ContentPlan {
    /// Keeps the runs (in file order) up to the end of the source; the plan's size is what they
    /// hold, and the rest of `recordedSize` is unrecoverable.
    public static func cutAtSourceEnd(_ runs: [ClusterRun], sourceSize: UInt64, recordedSize: UInt64) -> ContentPlan {
        var kept: [ClusterRun] = []
        var total: UInt64 = 0
        var truncated = false
        for r in runs {
            let (end, overflow) = r.byteOffset.addingReportingOverflow(r.byteLength)
            if !overflow && end <= sourceSize {
                kept.append(r)
                total += r.byteLength
                continue
            }
            truncated = true
            if r.byteOffset < sourceSize {
                var cut = r
                cut.byteLength = sourceSize - r.byteOffset
                kept.append(cut)
                total += cut.byteLength
            }
            break
        }
        var plan = ContentPlan(runs: kept, size: total, dataLength: total,
                               unrecoverableBytes: recordedSize > total ? recordedSize - total : 0)
        if truncated { plan.incompleteReason = "the image is truncated at byte \(sourceSize)" }
        return plan
    }

    /// What the provenance says of a recording recovered by following an unclosed file's chain.
    public static func unclosedNote(clusters: UInt64, bytes: UInt64, recorded: UInt64) -> String {
        "unclosed recording: its cluster chain was followed to its end (\(clusters) clusters, \(bytes) bytes) past the "
            + "\(recorded) bytes its entry records; the last cluster may end with bytes that were never part of the recording"
    }
}
