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
}
