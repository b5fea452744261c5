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
