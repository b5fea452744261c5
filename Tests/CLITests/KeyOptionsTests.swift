import Foundation
import Testing
import TestSupport

/// `decrypt` and `unseal` offer only what decrypts (an identity, a passphrase); `encrypt` and
/// `seal` take recipients, and an identity file's recipient as `age -e -i` does.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct KeyOptionsTests {
    @Test func eachCommandOffersTheKeysItUses() throws {
        let cli = try CLI()
        defer { cli.remove() }
        for command in ["decrypt", "unseal"] {
            let help = try cli.run([command, "--help"]).stdoutText
            #expect(help.contains("--identity") && help.contains("--passphrase-file"), "\(command): \(help)")
            #expect(!help.contains("--recipient"), "\(command) offers encryption options: \(help)")
            #expect(try cli.run([command, cli.home.path("x.age"), "--out", cli.home.path("o"), "-r", "age1x"]).status == 2)
        }
        for command in ["encrypt", "seal"] {
            let help = try cli.run([command, "--help"]).stdoutText
            #expect(help.contains("--recipient") && help.contains("--recipients-file") && help.contains("--identity"), "\(command): \(help)")
        }
        // Encrypt to an identity file's recipient, decrypt with the identity.
        let key = cli.home.path("key.txt")
        #expect(try cli.run(["keygen", "--out", key]).status == 0)
        try Data("footage".utf8).write(to: URL(fileURLWithPath: cli.home.path("plain")))
        #expect(try cli.run(["encrypt", cli.home.path("plain"), "--out", cli.home.path("p.age"), "-i", key]).status == 0)
        #expect(try cli.run(["decrypt", cli.home.path("p.age"), "--out", cli.home.path("back"), "-i", key]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.home.path("back"))) == Data("footage".utf8))
    }
}
