/// The command line as the log records it: secrets replaced by `<redacted>`.
///
/// Removed: the value of every option whose name starts with `--passphrase` (`--passphrase-file F`
/// and `--passphrase-file=F` alike; PRODUCT.md takes passphrases only from files or a prompt,
/// but even the file's name stays out), the values of the options the caller names, and any
/// argument containing a value the caller marks secret.
public enum CommandLineRedaction {
    public static let placeholder = "<redacted>"

    public static func redact(_ arguments: [String], secretOptions: Set<String> = [],
                              secretValues: [String] = []) -> [String] {
        let secrets = secretValues.filter { !$0.isEmpty }
        func isSecretOption(_ name: Substring) -> Bool {
            name.hasPrefix("--passphrase") || secretOptions.contains(String(name))
        }
        var out: [String] = []
        out.reserveCapacity(arguments.count)
        var redactNext = false
        for argument in arguments {
            if redactNext {
                out.append(placeholder)
                redactNext = false
                continue
            }
            if argument.hasPrefix("-"), argument != "--" {
                if let eq = argument.firstIndex(of: "=") {
                    let name = argument[..<eq]
                    if isSecretOption(name) {
                        out.append(String(name) + "=" + placeholder)
                        continue
                    }
                } else if isSecretOption(Substring(argument)) {
                    out.append(argument)
                    redactNext = true
                    continue
                }
            }
            if secrets.contains(where: { argument.contains($0) }) {
                out.append(placeholder)
                continue
            }
            out.append(argument)
        }
        return out
    }
}
