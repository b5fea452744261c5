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

/// One line on stderr, then exit status 2.
func fail(_ message: String) -> Never {
    let line = Array("log-append-test: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

struct Options {
    var log: String?
    var count = 1
    var operatorName: String?
    var caseID: String?
    var splitWrite: UInt32 = 0

    init(_ arguments: [String]) {
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let v = rest.popFirst() else { fail("\(flag) needs a value") }
            return v
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--log": log = value(flag)
            case "--count": count = Int(value(flag)) ?? -1
            case "--operator": operatorName = value(flag)
            case "--case": caseID = value(flag)
            case "--split-write-us": splitWrite = UInt32(value(flag)) ?? 0
            default: fail("unknown argument \(flag)")
            }
        }
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
var log = AccessLogging.accessLog(option: options.log)
// Write each line in two halves this many microseconds apart (`AccessLog.splitWritePauseMicroseconds`).
log.splitWritePauseMicroseconds = options.splitWrite
let logger = AccessLogger(log: log)
for i in 0..<max(0, options.count) {
    let result = logger.record(
        action: "append-test", operatorName: AccessLogging.operatorName(option: options.operatorName),
        host: AccessLogging.hostName(), toolVersion: CustodyTool.version,
        commandLine: AccessLogging.commandLine(), caseID: options.caseID, outcome: .ok, details: ["test_index": String(i)])
    if case .failure(let error) = result { fail("access log not written: \(error)") }
}
