import ObjectStore
import Messages
import Foundation

/// Where the object store is and the credentials for it, found the way the AWS tools find them
/// (AWS CLI User Guide, "Configuration and credential file settings" and "Environment variables"):
///
/// - endpoint: `--endpoint`, else `SDCUSTODY_S3_ENDPOINT`, else `AWS_ENDPOINT_URL_S3`, else
///   `AWS_ENDPOINT_URL`, else `endpoint_url` in the profile's section of `~/.aws/config`, else AWS
///   itself (`https://s3.REGION.amazonaws.com`);
/// - region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`, else `us-east-1`;
/// - credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), else the
///   profile (`--profile`, else `AWS_PROFILE`, else `default`) in `~/.aws/credentials`
///   (`AWS_SHARED_CREDENTIALS_FILE` moves it);
/// - `--ca-file`, else `AWS_CA_BUNDLE`: a private CA to trust. TLS is always verified.
///
/// Secrets are read from the environment or the file only, never from argv.
public struct StoreConfiguration: Sendable {
    public var endpointOption: String?
    public var profileOption: String?
    public var caFileOption: String?
    public var environment: [String: String]

    public init(endpoint: String?, profile: String?, caFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        endpointOption = endpoint
        profileOption = profile
        caFileOption = caFile
        self.environment = environment
    }

    func env(_ name: String) -> String? {
        guard let v = environment[name], !v.isEmpty else { return nil }
        return v
    }

    var home: String { env("HOME") ?? NSHomeDirectory() }

    public var profile: String { profileOption ?? env("AWS_PROFILE") ?? "default" }

    /// The resolved endpoint; `CustodyError.input` when something is missing or malformed.
    public func endpoint() throws -> S3Endpoint {
        let config = Self.iniSection(path: env("AWS_CONFIG_FILE") ?? home + "/.aws/config",
                                     section: profile == "default" ? "default" : "profile \(profile)")
        let region = env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? config["region"] ?? "us-east-1"
        let url = endpointOption ?? env("SDCUSTODY_S3_ENDPOINT") ?? env("AWS_ENDPOINT_URL_S3") ?? env("AWS_ENDPOINT_URL")
            ?? config["endpoint_url"] ?? "https://s3.\(region).amazonaws.com"
        let credentials = try self.credentials()
        let caFile = caFileOption ?? env("AWS_CA_BUNDLE")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw CustodyError.input(tr(.storeBadCAFile, ["path": caFile]))
        }
        guard let endpoint = S3Endpoint(url: url, region: region, credentials: credentials, caFile: caFile) else {
            throw CustodyError.input(tr(.storeBadEndpoint, ["endpoint": url]))
        }
        return endpoint
    }

    func credentials() throws -> SigV4Credentials {
        if let id = env("AWS_ACCESS_KEY_ID"), let secret = env("AWS_SECRET_ACCESS_KEY") {
            return SigV4Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: env("AWS_SESSION_TOKEN"))
        }
        let path = env("AWS_SHARED_CREDENTIALS_FILE") ?? home + "/.aws/credentials"
        let section = Self.iniSection(path: path, section: profile)
        guard let id = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else {
            throw CustodyError.input(tr(.storeNoCredentials, ["profile": profile, "path": path]))
        }
        return SigV4Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: section["aws_session_token"])
    }

    /// `key = value` lines of one `[section]` of an INI file (the AWS files' format); empty when the
    /// file or the section is missing. Comments (`#`, `;`) and blank lines are skipped.
    public static func iniSection(path: String, section: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else { return [:] }
        var out: [String: String] = [:]
        var inSection = false
        for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                inSection = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces) == section
                continue
            }
            guard inSection, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if out[key] == nil { out[key] = value }
        }
        return out
    }

    /// A client for the resolved endpoint.
    public func client() throws -> S3Client {
        do { return try S3Client(endpoint: try endpoint()) } catch let e as S3Error { throw StoreErrors.map(e) }
    }
}

/// How store failures reach the user: unreachable → exit 2, one line.
public enum StoreErrors {
    public static func map(_ error: Error) -> Error {
        guard let e = error as? S3Error else { return error }
        switch e {
        case .unreachable(let endpoint, let reason):
            return CustodyError.input(tr(.storeUnreachable, ["endpoint": endpoint, "reason": reason]))
        default:
            return CustodyError.input(tr(.storeFailed, ["reason": e.description]))
        }
    }

    /// Runs `body`, mapping S3 errors to one-line custody errors.
    public static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw map(error) }
    }
}
