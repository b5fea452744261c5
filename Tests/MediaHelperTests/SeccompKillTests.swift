import BagIt
@testable import Custody
import Foundation
import TestSupport
import Testing

/// A decoder the seccomp filter kills (SIGSYS) is one error line for that clip: the export goes
/// on and stays valid, `frames` says what happened and exits 2, and the master is untouched.
/// The helper used here is the real one, started through a script that adds
/// `--selftest-escape unlink MASTER`: it sandboxes itself as for a job, then tries to delete the
/// master on the card before reading the job, which is what a taken-over decoder would do.
@Suite(.serialized, .requires("ffmpeg"), .requires("the built sdcustody-media helper", available: Media.haveHelper))
struct SeccompKillTests {
    /// A script in `dir` named sdcustody-media that runs the real helper with the escape added.
    static func hostileHelper(in dir: String, target: String) throws -> String {
        let real = try #require(Media.helperPath)
        let script = dir + "/" + MediaHelper.executableName
        // Written by a child shell, not by this process: a script this process held open for
        // writing while another test's spawn forked would be "Text file busy" (ETXTBSY) to exec.
        let text = "#!/bin/sh\nexec '\(real)' \"$@\" --selftest-escape unlink '\(target)'\n"
        let r = try runProcess(["sh", "-c", "printf '%s' \"$1\" > \"$2\" && chmod 755 \"$2\"", "sh", text, script])
        try #require(r.status == 0, "\(r.stderrText)")
        return script
    }

    @Test func exportGoesOnWhenTheSandboxKillsTheHelper() throws {
        let dir = try TemporaryDirectory("seccomp-export")
        defer { dir.remove() }
        let card = dir.path("card")
        let bin = dir.path("bin")
        for d in [card, bin] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        let masters = try ["clip.ts", "clip.vob"].map { name in
            try Media.make(try #require(Media.clips.first { $0.file == name }), seconds: 2, in: card)
        }
        let before = try masters.map { try PlayableTests.sha256($0) }
        var request = ExportRequest(sourcePath: card, output: dir.path("bag"), caseID: "C-13", exhibit: "E-2", operatorName: "tester")
        request.playable = true
        request.mediaHelper = MediaHelper(path: try Self.hostileHelper(in: bin, target: masters[0]))
        let result = try Exporter(request).run(card: try CardSource(path: card))
        #expect(result.workingCopies.isEmpty)
        // One line per clip, naming the sandbox.
        let lines = result.warnings.filter { $0.contains("sandbox forbids") }
        #expect(lines.count == 2, "\(result.warnings)")
        // The masters on the card and in the bag are as they were; the bag checks valid.
        #expect(try masters.map { try PlayableTests.sha256($0) } == before)
        #expect(result.files == 2)
        let report = BagVerification.verify(dir.path("bag")).report
        #expect(report.verdict == .valid, "\(report.problems)")
    }

    @Test(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func framesIsOneErrorLine() throws {
        let dir = try TemporaryDirectory("seccomp-frames")
        defer { dir.remove() }
        let card = dir.path("card")
        let bin = dir.path("bin")
        for d in [card, bin] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        let master = try Media.make(Media.clips[0], seconds: 2, in: card)
        let before = try PlayableTests.sha256(master)
        // sdcustody finds its helper beside itself (/proc/self/exe): a link to the built binary
        // in `bin` finds the hostile script there.
        let real = try #require(TestEnvironment.sdcustodyBinary).path
        let exe = bin + "/sdcustody"
        if link(real, exe) != 0 { try FileManager.default.copyItem(atPath: real, toPath: exe) }
        _ = try Self.hostileHelper(in: bin, target: master)
        let log = dir.path("access.jsonl")
        let r = try runProcess([exe, "frames", card, "clip.mp4", "--out", dir.path("pictures")], environment: ["SDCUSTODY_LOG": log])
        #expect(r.status == 2, "\(r.stderrText)")
        let lines = r.stderrText.split(separator: "\n")
        #expect(lines.filter { $0.contains("sandbox forbids") }.count == 1, "\(r.stderrText)")
        #expect(!r.stderrText.contains("Fatal error") && !r.stderrText.contains("Stack dump"))
        #expect(try PlayableTests.sha256(master) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: card) == ["clip.mp4"])
        // The viewing is in the access log, as failed, with the reason.
        let entry = try FramesCommandTests.lastEntry(log)
        #expect(entry["action"] as? String == "frames")
        #expect(entry["result"] as? String == "failed")
        #expect((entry["reason"] as? String)?.contains("sandbox forbids") == true)
    }
}
