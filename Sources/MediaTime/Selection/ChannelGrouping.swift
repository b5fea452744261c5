import CardFileSystem

/// Files of one moment from several channels (front, rear, interior cameras of one recorder):
/// they start within a tolerance of each other and come from different channels.
public struct MomentGroup: Equatable, Sendable {
    public var start: CardTimestamp
    public var members: [RecordingSpan]
    /// The channels in the group, by the key used (`F`, `R`, or a folder name).
    public var channels: [String]
}

public enum ChannelGrouping {
    /// The channel a span belongs to: its name's channel tag, else its folder.
    public static func channelKey(_ span: RecordingSpan) -> String {
        if let ch = span.channel { return ch }
        return span.folder
    }

    /// Groups spans (sorted by start) whose starts lie within `tolerance` seconds of the group's
    /// first start. One channel records one file at a time, so a span joins the earliest open
    /// group (still within tolerance) that lacks its channel; else it starts a new group.
    public static func group(_ spans: [RecordingSpan], tolerance: Double = 2) -> [MomentGroup] {
        let sorted = spans.sorted { ($0.start, $0.path) < ($1.start, $1.path) }
        var groups: [MomentGroup] = []
        for span in sorted {
            let key = channelKey(span)
            // Open groups are a suffix of `groups` (starts are sorted).
            var open = groups.count
            while open > 0, let gap = groups[open - 1].start.seconds(until: span.start), gap <= tolerance { open -= 1 }
            if let i = (open..<groups.count).first(where: { !groups[$0].channels.contains(key) }) {
                groups[i].members.append(span)
                groups[i].channels.append(key)
            } else {
                groups.append(MomentGroup(start: span.start, members: [span], channels: [key]))
            }
        }
        return groups
    }
}
