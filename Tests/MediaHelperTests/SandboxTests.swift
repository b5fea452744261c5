import Custody
import Foundation
import TestSupport
import Testing

/// A decoder that crashes, hangs or eats memory costs one clear error for that clip: the parent
/// (this test process) survives every one and can run the next job.
@Suite(.serialized, .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct SandboxTests {
    func fault(_ name: String, _ limits: MediaLimits) throws -> MediaHelperError? {
        let helper = try Media.helper(limits)
        do {
            _ = try helper.run(MediaJob(operation: .fault, size: 0, fault: name), source: MemoryByteSource([]), handlers: .init())
            return nil
        } catch let e as MediaHelperError {
            return e
        }
    }

    @Test func crashIsOneError() throws {
        let e = try fault("crash", MediaLimits())
        #expect(e == .crashed(SIGSEGV))
        #expect(e?.description.contains("crashed") == true)
    }

    @Test func hangIsStoppedByTheWallClock() throws {
        let e = try fault("hang", MediaLimits(cpuSeconds: 600, wallSeconds: 2))
        #expect(e == .timedOut(2))
    }

    @Test func cpuLimitStopsABusyLoop() throws {
        let e = try fault("hang", MediaLimits(cpuSeconds: 1, wallSeconds: 120))
        guard case .crashed(let signal) = e else { Issue.record("expected a signal, got \(String(describing: e))"); return }
        #expect(signal == SIGXCPU || signal == SIGKILL)
    }

    @Test func memoryLimitStopsAGreedyDecoder() throws {
        let e = try fault("memory", MediaLimits(memoryBytes: 512 << 20))
        guard case .crashed = e else { Issue.record("expected a crash at the memory limit, got \(String(describing: e))"); return }
    }

    /// A decoder taken over by a hostile clip that tries a forbidden system call (here: opening
    /// a file for writing) is killed by the helper's seccomp filter: one clear error for that
    /// clip, and the next job runs as usual.
    @Test func forbiddenCallIsOneError() throws {
        let e = try fault("escape", MediaLimits())
        #expect(e == .crashed(SIGSYS))
        #expect(e?.description.contains("sandbox forbids") == true)
        #expect(try fault("none", MediaLimits()) == nil)
    }

    /// Runs `sdcustody-media --selftest-escape WHAT` on a scratch "master" and returns the
    /// helper's status (a signal number when a signal ended it), its stderr, and whether the
    /// master and its folder are exactly as before.
    func escape(_ what: String) throws -> (status: Int32, stderr: String, intact: Bool) {
        let dir = try TemporaryDirectory("sdcustody-escape")
        defer { dir.remove() }
        let master = dir.path("master.dav")
        var rng = SplitMix64(seed: 13)
        let bytes = Data((0..<65_536).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        try bytes.write(to: URL(fileURLWithPath: master))
        let fm = FileManager.default
        let stamp = Date(timeIntervalSince1970: 1_700_000_000)
        try fm.setAttributes([.posixPermissions: 0o444, .modificationDate: stamp], ofItemAtPath: master)
        // The helper is started as sdcustody starts it: no environment but the C locale.
        let r = try runProcess([try #require(Media.helperPath), "--selftest-escape", what, master],
                               environment: ["LC_ALL": "C", "SWIFT_BACKTRACE": "enable=no"])
        let attributes = try fm.attributesOfItem(atPath: master)
        let intact = try Data(contentsOf: URL(fileURLWithPath: master)) == bytes
            && (attributes[.posixPermissions] as? NSNumber)?.intValue == 0o444
            && (attributes[.modificationDate] as? Date) == stamp
            && (try fm.contentsOfDirectory(atPath: dir.url.path)) == ["master.dav"]
        return (r.status, r.stderrText, intact)
    }

    /// Each escape (open for writing, create, truncate, unlink, rename, chmod, touch,
    /// mkdir, exec, spawn a process, open a socket, signal the parent, ask its limits) ends the sandboxed helper
    /// by SIGSYS before the call runs: the master's bytes, mode and time are untouched.
    @Test(arguments: ["open-write", "create", "truncate", "unlink", "rename", "chmod", "utimes",
                      "mkdir", "exec", "spawn", "socket", "signal-parent", "limit-parent"])
    func escapeIsKilled(_ what: String) throws {
        let r = try escape(what)
        #expect(r.status == SIGSYS, "\(what): status \(r.status), \(r.stderr)")
        #expect(!r.stderr.contains("not stopped"), "\(r.stderr)")
        #expect(r.intact, "\(what) changed the master or its folder")
    }

    /// A read-only open fails with EPERM (the C library may try one lazily and copes): no
    /// descriptor is made, and the helper goes on. So does every ioctl, with ENOTTY.
    @Test(arguments: ["open-read", "ioctl"])
    func softRefusals(_ what: String) throws {
        let r = try escape(what)
        #expect(r.status == 0, "status \(r.status), \(r.stderr)")
        #expect(r.stderr.contains("refused by the sandbox"), "\(r.stderr)")
        #expect(r.intact)
    }

    /// What FFmpeg and the C library may still do under the filter: start a thread, signal
    /// the helper itself (raise, abort).
    @Test(arguments: ["thread", "signal-self"])
    func ordinaryWorkIsAllowed(_ what: String) throws {
        let r = try escape(what)
        #expect(r.status == 0, "\(what): status \(r.status), \(r.stderr)")
        #expect(r.intact)
    }

    /// The self-test is not a way around the sandbox: an unknown attempt is a usage error.
    @Test func selftestRefusesUnknownAttempts() throws {
        let r = try escape("format-disk")
        #expect(r.status == 2)
        #expect(r.intact)
    }

    @Test func missingHelperIsOneError() throws {
        let helper = MediaHelper(path: "/nonexistent/sdcustody-media")
        #expect(throws: MediaHelperError.missing("/nonexistent/sdcustody-media")) {
            try helper.run(MediaJob(operation: .frames, size: 0), source: MemoryByteSource([]), handlers: .init())
        }
    }

    /// The helper cannot be run by hand as a command.
    @Test func helperRefusesHandRunning() throws {
        let r = try runProcess([try #require(Media.helperPath), "--frobnicate"])
        #expect(r.status == 2)
        #expect(r.stderrText.contains("started by sdcustody"))
    }

    /// A read the parent cannot serve (an I/O error of the card) ends that clip with the reason.
    @Test func unreadableSourceIsOneError() throws {
        final class Failing: ByteSource {
            let size: UInt64 = 1 << 20
            let name = "failing"
            func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                throw CardIOError.truncated(source: "failing", offset: offset, wanted: 1, available: 0)
            }
        }
        #expect(throws: MediaHelperError.self) { try ClipFrames.keyFrames(of: Failing(), helper: try Media.helper()) }
    }
}
