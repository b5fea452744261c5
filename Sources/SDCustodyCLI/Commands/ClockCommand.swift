import ArgumentParser
import Custody
import Messages

/// `sdcustody clock --camera ID --camera-time T --reference-time T --reference TEXT`: records a
/// clock check in the access log and prints the offset (`camera − true`, as `--clock-offset`
/// takes it).
struct ClockCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "clock",
        abstract: tr(.helpClockAbstract),
        discussion: tr(.helpClockDiscussion)) }

    @Option(name: .customLong("camera"), help: ArgumentHelp(tr(.optClockCamera), valueName: "id"))
    var camera: String
    @Option(name: .customLong("camera-time"), help: ArgumentHelp(tr(.optCameraTime), valueName: "T"))
    var cameraTime: String
    @Option(name: .customLong("reference-time"), help: ArgumentHelp(tr(.optReferenceTime), valueName: "T"))
    var referenceTime: String
    @Option(name: .long, help: ArgumentHelp(tr(.optClockReference), valueName: "text"))
    var reference: String
    @Option(name: .customLong("case"), help: ArgumentHelp(tr(.optClockCase), valueName: "id"))
    var caseID: String?
    @Option(name: .long, help: ArgumentHelp(tr(.optOperatorClock))) var `operator`: String?
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        if camera.isEmpty || reference.isEmpty { throw ValidationError(tr(.usageClockEmpty)) }
        _ = try times()
    }

    func times() throws -> (camera: CardTimestamp, reference: CardTimestamp) {
        do {
            return (try TimeWindow.parseTime(cameraTime, date: nil, option: "--camera-time"),
                    try TimeWindow.parseTime(referenceTime, date: nil, option: "--reference-time"))
        } catch {
            throw ValidationError(String(describing: error))
        }
    }

    func run() throws {
        try logOptions.run(ClockCheck.action, operator: `operator`, producesEvidence: true) { draft in
            let (cameraAt, referenceAt) = try times()
            let check = ClockCheck(cameraID: camera, cameraTime: cameraAt, referenceTime: referenceAt, reference: reference)
            guard let offset = check.offset, abs(offset.seconds) <= 366 * 86_400 else {
                throw CLIError.input(tr(.clockUnreasonable))
            }
            draft.caseID = caseID
            draft.details = check.details
            if json {
                let doc: JSONValue = .object([
                    ("camera_id", .string(camera)), ("camera_time", .string(cameraAt.iso)),
                    ("reference_time", .string(referenceAt.iso)), ("reference", .string(reference)),
                    ("clock_offset", .string(offset.description)), ("offset_seconds", .int(offset.seconds)),
                ])
                print(doc.serialized(pretty: false))
            } else {
                print(tr(.clockOffset, ["offset": offset.description]))
                let duration = Self.duration(abs(offset.seconds))
                print(offset.seconds > 0 ? tr(.clockFast, ["duration": duration])
                      : offset.seconds < 0 ? tr(.clockSlow, ["duration": duration]) : tr(.clockRight))
                print(tr(.clockRecorded, ["camera": camera]))
            }
        }
    }

    /// `2 min 13 s`, `2 分 13 秒`.
    static func duration(_ seconds: Int64) -> String {
        let h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60
        let parts = ["h": String(h), "m": String(m), "s": String(s)]
        if h > 0 { return tr(.clockDurationHMS, parts) }
        if m > 0 { return tr(.clockDurationMS, parts) }
        return tr(.clockDurationS, parts)
    }
}
