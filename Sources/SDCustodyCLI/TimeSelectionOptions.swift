import Custody
import Messages
import ArgumentParser

/// `--from`, `--to`, `--date` and `--clock-offset`, shared by `ls` and `export`.
struct TimeSelectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(tr(.optFrom), valueName: "T"))
    var from: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optTo), valueName: "T"))
    var to: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optDate), valueName: "YYYY-MM-DD"))
    var date: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optClockOffset), valueName: "±HH:MM:SS"))
    var clockOffset: String?

    init() {}

    func validate() throws {
        if clockOffset != nil && ClockOffset(parsing: clockOffset ?? "") == nil {
            throw ValidationError(tr(.usageClockOffset))
        }
        if date != nil && from == nil && to == nil {
            throw ValidationError(tr(.usageDateAlone))
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
