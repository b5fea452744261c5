import Foundation
import Testing
import TestSupport

/// `tools/fuzz`'s command line, without building or fuzzing anything: its help says what it does
/// and bad usage is refused with exit status 2 before any build starts.
@Suite struct FuzzScriptTests {
    static let script = TestEnvironment.packageRoot.appendingPathComponent("tools/fuzz").path

    @Test func helpSaysWhatItDoes() throws {
        let r = try runProcess(["/usr/bin/env", "bash", Self.script, "--help"])
        #expect(r.status == 0)
        for phrase in ["tools/fuzz [TARGET...] [--seconds N]", "libFuzzer", "default 30",
                       "Tests/Corpus/<Target>/crash-<sha1>", "Exit status: 0 nothing found, 1 something found"] {
            #expect(r.stdoutText.contains(phrase), "help lacks \(phrase): \(r.stdoutText)")
        }
    }

    @Test(arguments: [["--bogus"], ["--seconds", "0"], ["--seconds"], ["NoSuchTarget"]])
    func badUsageExitsTwo(arguments: [String]) throws {
        let r = try runProcess(["/usr/bin/env", "bash", Self.script] + arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderrText)")
        #expect(!r.stderrText.isEmpty)
    }
}
