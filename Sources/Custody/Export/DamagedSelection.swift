import CardFileSystem
import Messages

/// A plain export refused because selected files cannot be read in full: every such file with
/// why. `export --partial` exports the rest, and these as far as their chains go.
public struct DamagedSelection: Error, CustomStringConvertible, Sendable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var damage: [FileDamage]
        public var reason: String
    }
    public var files: [File]

    /// One line through the message catalogue, in the user's language.
    public var description: String {
        let list = files.map { tr(.exportDamagedFile, ["path": $0.path, "reason": $0.reason]) }.joined(separator: "; ")
        return tr(files.count == 1 ? .exportDamagedRefusedOne : .exportDamagedRefusedOther,
                  ["count": String(files.count), "files": list])
    }
}
