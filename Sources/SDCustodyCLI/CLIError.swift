import Custody

/// The command-line layer reports the library's errors as they are: one line, PRODUCT.md's status.
typealias CLIError = CustodyError
import ArgumentParser

extension ExitCode: StatusReporting {
    public var exitStatus: Int32 { rawValue }
}
