import CardFileSystem

/// A plain export refused because selected files cannot be read in full: every such file with
/// why. `export --partial` exports the rest, and these as far as their chains go. The CLI
/// renders it through the message catalogue; `description` is the English line for other front
/// ends.
public struct DamagedSelection: Error, CustomStringConvertible, Sendable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var damage: [FileDamage]
        public var reason: String
    }
    public var files: [File]

    public var description: String {
        let list = files.map { "\($0.path) (\($0.reason))" }.joined(separator: "; ")
        return "\(files.count) selected file\(files.count == 1 ? " is" : "s are") damaged and cannot be read in full: \(list); "
            + "no bag written. Pass --partial to export everything that can be read (these files as far as their chains go)"
    }
}
