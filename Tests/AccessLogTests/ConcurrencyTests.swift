import Foundation
import Testing
import TestSupport
@testable import AccessLog

@Suite struct ConcurrencyTests {
    /// 100 appends at once from threads, each with its own descriptor and `flock`: exactly 100
    /// new entries, a valid chain, none lost or doubled. Also races the key's creation.
    @Test func hundredConcurrentThreadAppends() throws {
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(3)
        // `@unchecked Sendable` is safe: `errors` is appended to only under `lock`, and read after
        // `concurrentPerform` has returned.
        final class Failures: @unchecked Sendable {
            let lock = NSLock()
            var errors: [String] = []
            func add(_ s: String) { lock.lock(); errors.append(s); lock.unlock() }
        }
        let failures = Failures()
        let log = t.log
        DispatchQueue.concurrentPerform(iterations: 100) { i in
            do { try log.append(TestLog.record(1000 + i)) } catch { failures.add("\(i): \(error)") }
        }
        #expect(failures.errors.isEmpty, "\(failures.errors)")
        let report = try t.log.verify()
        #expect(report.problem == nil)
        #expect(report.entryCount == 103)
        let indices = try t.log.readEntries().entries.dropFirst(3).compactMap { $0.details?["index"] }
        #expect(Set(indices) == Set((1000..<1100).map(String.init)))
    }

    @Test func concurrentFirstUseCreatesOneKey() throws {
        let t = try TestLog()
        defer { t.remove() }
        let log = t.log
        DispatchQueue.concurrentPerform(iterations: 20) { i in _ = try? log.append(TestLog.record(i)) }
        let report = try t.log.verify()
        #expect(report.problem == nil)
        #expect(report.entryCount == 20)
    }

    /// 100 real processes appending at once through the built binary.
    @Test(.requires("the built log-append-test tool", available: TestEnvironment.logAppendTestBinary != nil))
    func hundredConcurrentProcessAppends() throws {
        let binary = try #require(TestEnvironment.logAppendTestBinary)
        let t = try TestLog()
        defer { t.remove() }
        try t.fill(1)
        let processes = 100, each = 1
        var running: [Process] = []
        for _ in 0..<processes {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["--count", String(each), "--log", t.log.path]
            p.environment = ["SDCUSTODY_KEY": t.log.keyPath, "SDCUSTODY_OPERATOR": "tester", "PATH": "/usr/bin:/bin"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            running.append(p)
        }
        for p in running { p.waitUntilExit() }
        #expect(running.allSatisfy { $0.terminationStatus == 0 })
        let report = try t.log.verify()
        #expect(report.problem == nil)
        #expect(report.entryCount == 1 + processes * each)
    }

    /// kill -9 at random moments while a process appends in a loop. After every kill the log is
    /// either a valid chain holding at least what it held before, or a valid chain followed by a
    /// torn tail, which verify names and after which nothing is appended. Never a silently lost
    /// or merged entry.
    ///
    /// Plain appends write a line with one `write`, which a kill does not split; the second run
    /// makes the child write each line in two halves with a pause between, as a machine crash
    /// would leave it, so the kill lands inside a line and the torn-tail path is exercised.
    @Test(.requires("the built log-append-test tool", available: TestEnvironment.logAppendTestBinary != nil), .timeLimit(.minutes(1)),
          arguments: [0, 20_000])
    func killDuringAppendNeverLosesOrMergesSilently(splitWriteMicroseconds: Int) throws {
        let binary = try #require(TestEnvironment.logAppendTestBinary)
        let t = try TestLog()
        defer { t.remove() }
        var previousCount = 0
        var sawTornTail = false
        for round in 0..<10 {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["--count", "1000000", "--log", t.log.path,
                           "--split-write-us", String(splitWriteMicroseconds)]
            p.environment = ["SDCUSTODY_KEY": t.log.keyPath, "SDCUSTODY_OPERATOR": "tester", "PATH": "/usr/bin:/bin"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Start the clock once the child is appending (a loaded machine starts it slowly);
            // bounded, and no time is asserted.
            let sizeBefore = t.bytes.count
            for _ in 0..<400 where t.bytes.count == sizeBefore && p.isRunning { usleep(25_000) }
            usleep(UInt32.random(in: 10_000...200_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()

            let report = try t.log.verify()
            switch report.problem {
            case nil:
                #expect(report.entryCount >= previousCount, "round \(round): entries vanished")
                previousCount = report.entryCount
            case .tornTail(let line, let offset)?:
                sawTornTail = true
                // Everything before the torn line is an intact chain: nothing was lost before it.
                #expect(line == report.entryCount + 1)
                #expect(report.entryCount >= previousCount)
                // Nothing is appended after it, so it can never be merged into a later entry.
                let before = t.bytes
                #expect(throws: AccessLogError.self) { try t.log.append(TestLog.record(0)) }
                #expect(t.bytes == before)
                // Cutting the torn line off (by hand, as the owner of the evidence decides) leaves a valid chain.
                try t.write(bytes: Array(before[..<Int(offset)]))
                let cut = try t.log.verify()
                #expect(cut.problem == nil)
                #expect(cut.entryCount == report.entryCount)
                previousCount = cut.entryCount
            case let other?:
                Issue.record("round \(round): unexpected \(other)")
                return
            }
        }
        if splitWriteMicroseconds > 0 { #expect(sawTornTail, "no kill landed inside a line in 10 rounds") }
    }
}
