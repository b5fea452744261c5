import Custody
import ArgumentParser

/// `--from`, `--to`, `--date` and `--clock-offset`, shared by `ls` and `export`.
struct TimeSelectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only footage recorded at or after T (true time): 2026-11-20T21:30, \"2026-11-20 21:30:00\", or 21:30 with --date.", valueName: "T"))
    var from: String?
    @Option(name: .long, help: ArgumentHelp("Only footage recorded at or before T (true time).", valueName: "T"))
    var to: String?
    @Option(name: .long, help: ArgumentHelp("The day for a bare --from/--to time.", valueName: "YYYY-MM-DD"))
    var date: String?
    @Option(name: .long, help: ArgumentHelp("Camera clock minus true time, as measured against a reference clock (e.g. +00:02:13: the camera runs 2 min 13 s fast). Corrected times are shown beside the camera's own.", valueName: "±HH:MM:SS"))
    var clockOffset: String?

    init() {}

    func validate() throws {
        if clockOffset != nil && ClockOffset(parsing: clockOffset ?? "") == nil {
            throw ValidationError("--clock-offset takes ±HH:MM:SS (camera clock minus true time), e.g. +00:02:13")
        }
        if date != nil && from == nil && to == nil {
            throw ValidationError("--date completes a bare --from/--to time; give --from or --to too")
        }
        _ = try window()
    }

    var offset: ClockOffset? { clockOffset.flatMap { ClockOffset(parsing: $0) } }

    /// nil when neither --from nor --to was given.
    func window() throws -> TimeWindow? {
        guard from != nil || to != nil else { return nil }
        do {
            return try TimeWindow.parse(from: from, to: to, date: date)
        } catch {
            throw ValidationError(String(describing: error))
        }
    }
}
