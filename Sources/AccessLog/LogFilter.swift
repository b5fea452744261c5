/// The selection `log show` makes: entries of one case, and/or at or after a time.
public struct LogFilter: Sendable {
    public var caseID: String?
    /// Milliseconds since the epoch (see `LogTime.parse`).
    public var sinceMilliseconds: Int64?

    public init(caseID: String? = nil, sinceMilliseconds: Int64? = nil) {
        self.caseID = caseID
        self.sinceMilliseconds = sinceMilliseconds
    }

    public func matches(_ entry: LogEntry) -> Bool {
        if let caseID, entry.caseID != caseID { return false }
        if let since = sinceMilliseconds {
            // An entry whose time does not parse is shown: hiding it would hide damage.
            if let t = LogTime.parse(entry.time), t < since { return false }
        }
        return true
    }
}
