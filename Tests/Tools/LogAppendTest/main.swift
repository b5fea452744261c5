// log-append-test: appends test entries to an access log, so tests can drive real concurrent
// processes and kill one mid-append. It is built for the tests only and is not part of the
// product; its entries say `append-test`, so they are never mistaken for handling.
//
//   log-append-test [--log FILE] [--count N] [--operator NAME] [--case ID] [--split-write-us US]
import AccessLog
import Custody
#if canImport(Glibc)
import Glibc
#endif

var logOption: String?
var count = 1
var operatorName: String?
var caseID: String?
var splitWrite: UInt32 = 0

var arguments = CommandLine.arguments.dropFirst()
func value(_ flag: String) -> String {
    guard let v = arguments.popFirst() else {
        fputs("log-append-test: \(flag) needs a value\n", stderr)
        exit(2)
    }
    return v
}
while let flag = arguments.popFirst() {
    switch flag {
    case "--log": logOption = value(flag)
    case "--count": count = Int(value(flag)) ?? -1
    case "--operator": operatorName = value(flag)
    case "--case": caseID = value(flag)
    case "--split-write-us": splitWrite = UInt32(value(flag)) ?? 0
    default:
        fputs("log-append-test: unknown argument \(flag)\n", stderr)
        exit(2)
    }
}

var log = AccessLogging.accessLog(option: logOption)
// Write each line in two halves this many microseconds apart (`AccessLog.splitWritePauseMicroseconds`).
log.splitWritePauseMicroseconds = splitWrite
let logger = AccessLogger(log: log)
for i in 0..<max(0, count) {
    let result = logger.record(
        action: "append-test", operatorName: AccessLogging.operatorName(option: operatorName),
        host: AccessLogging.hostName(), toolVersion: CustodyTool.version,
        commandLine: AccessLogging.commandLine(), caseID: caseID, outcome: .ok, details: ["test_index": String(i)])
    if case .failure(let error) = result {
        fputs("log-append-test: access log not written: \(error)\n", stderr)
        exit(2)
    }
}
