import Messages
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
        if truncated { plan.incompleteReason = tr(.warnTruncatedAt, ["offset": String(sourceSize)]) }
        return plan
    }

    /// What the provenance says of a recording recovered by following an unclosed file's chain.
    public static func unclosedNote(clusters: UInt64, bytes: UInt64, recorded: UInt64) -> String {
        tr(.warnUnclosedNote, ["clusters": String(clusters), "bytes": String(bytes), "recorded": String(recorded)])
    }
}
