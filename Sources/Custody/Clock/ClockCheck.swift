import AccessLog
import CardFileSystem
import MediaTime

/// A check of a camera's clock against a reference clock (a phone's NTP time, the 117 time
/// signal, GPS), recorded in the access log by `sdcustody clock`. Its offset is the camera's
/// clock minus true time, as `--clock-offset` takes it: an export of that camera uses the most
/// recent check when no offset is given.
public struct ClockCheck: Equatable, Sendable {
    public var cameraID: String
    /// What the camera showed, `YYYY-MM-DDTHH:MM:SS` (its own clock, no zone).
    public var cameraTime: CardTimestamp
    /// What the reference clock showed at the same moment.
    public var referenceTime: CardTimestamp
    /// Which reference (`NTP on a phone`, `117 時報`, `GPS`).
    public var reference: String
    /// The log entry that recorded it (nil before it is logged).
    public var loggedAt: String?
    public var entryHash: String?

    public init(cameraID: String, cameraTime: CardTimestamp, referenceTime: CardTimestamp, reference: String,
                loggedAt: String? = nil, entryHash: String? = nil) {
        self.cameraID = cameraID
        self.cameraTime = cameraTime
        self.referenceTime = referenceTime
        self.reference = reference
        self.loggedAt = loggedAt
        self.entryHash = entryHash
    }

    /// Camera minus true time; nil when the difference does not fit (two absurd dates).
    public var offset: ClockOffset? {
        let (difference, overflow) = cameraTime.wallClockSeconds.subtractingReportingOverflow(referenceTime.wallClockSeconds)
        return overflow ? nil : ClockOffset(seconds: difference)
    }

    /// The log entry's action and the `details` names a check is recorded under.
    public static let action = "clock"
    enum Detail {
        static let cameraID = "camera_id"
        static let cameraTime = "camera_time"
        static let referenceTime = "reference_time"
        static let reference = "reference"
        static let offset = "clock_offset"
    }

    /// What goes into the log entry's `details`.
    public var details: [String: String] {
        var d = [Detail.cameraID: cameraID, Detail.cameraTime: cameraTime.iso, Detail.referenceTime: referenceTime.iso,
                 Detail.reference: reference]
        if let offset { d[Detail.offset] = offset.description }
        return d
    }

    /// A check read back from a log entry (nil for any other entry, or a failed one).
    public init?(entry: LogEntry) {
        guard entry.action == Self.action, entry.succeeded, let d = entry.details,
              let id = d[Detail.cameraID], let camera = d[Detail.cameraTime], let reference = d[Detail.referenceTime],
              let cameraTime = try? TimeWindow.parseTime(camera, date: nil),
              let referenceTime = try? TimeWindow.parseTime(reference, date: nil) else { return nil }
        self.init(cameraID: id, cameraTime: cameraTime, referenceTime: referenceTime, reference: d[Detail.reference] ?? "",
                  loggedAt: entry.time, entryHash: entry.hash)
    }

    /// The most recent check of `cameraID` in `log` (by log order), or nil. An unreadable log
    /// gives nil: the export then says no clock check was used.
    public static func latest(cameraID: String, in log: AccessLog) -> ClockCheck? {
        var found: ClockCheck?
        _ = try? log.forEachEntry { entry, _ in
            if let check = ClockCheck(entry: entry), check.cameraID == cameraID { found = check }
        }
        return found
    }
}
