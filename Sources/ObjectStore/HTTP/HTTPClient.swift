import CCurl

/// An HTTP/1.1 request: the body is bytes in memory (a part of at most a few MiB, an XML
/// document) or nothing.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// The body, unless a sink took it.
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last(where: { $0.name.lowercased() == lower })?.value
    }
}

public enum HTTPError: Error, CustomStringConvertible, Sendable {
    /// The endpoint could not be reached or the transfer broke (libcurl's reason).
    case transport(String)
    /// The response body was larger than the caller allows for that request.
    case responseTooLarge(Int)

    public var description: String {
        switch self {
        case .transport(let reason): return reason
        case .responseTooLarge(let limit): return "the response is larger than \(limit) bytes"
        }
    }
}

/// The transfer settings: TLS is verified unless the URL is plain http; `caFile` names a
/// private CA's certificates (PEM) to trust instead of the system's.
public struct HTTPSettings: Sendable {
    public var caFile: String?
    public var connectTimeoutSeconds: Int = 10
    /// A transfer slower than 1 byte/s for this long is abandoned (a stalled store must not hang
    /// a command).
    public var stallSeconds: Int = 60

    public init(caFile: String? = nil) { self.caFile = caFile }
}

/// HTTP over libcurl's easy interface, synchronous, one connection kept alive between requests.
///
/// Why libcurl directly: on Linux FoundationNetworking's URLSession is libcurl underneath but
/// offers no way to trust a private CA (`--ca-file`), and AsyncHTTPClient costs minutes of clean
/// build (docs/STORAGE.md gives the measurement). Not thread-safe: one client per task.
public final class HTTPClient {
    private let handle: UnsafeMutableRawPointer
    public let settings: HTTPSettings
    /// The status of the response being received (known once its headers have arrived).
    public var lastStatus: Int {
        var status = 0
        _ = sdc_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    private static let globalInit: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    public init(settings: HTTPSettings = HTTPSettings()) throws {
        guard Self.globalInit, let h = curl_easy_init() else { throw HTTPError.transport("libcurl could not be initialised") }
        handle = h
        self.settings = settings
    }

    deinit { curl_easy_cleanup(handle) }

    /// Sends `request`. The response body goes to `sink` when given (a download, streamed), else
    /// is collected up to `limit` bytes.
    public func send(_ request: HTTPRequest, limit: Int = 1 << 20,
                     sink: ((UnsafeRawBufferPointer) throws -> Void)? = nil) throws -> HTTPResponse {
        curl_easy_reset(handle)
        let transfer = Transfer(body: request.body, limit: limit, sink: sink)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        // curl adds `Expect: 100-continue` to uploads; S3 answers it, but it costs a round trip.
        for (name, value) in request.headers + [("Expect", "")] {
            list = curl_slist_append(list, value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        var setup = [CURLcode]()
        setup.append(sdc_curl_set_string(handle, CURLOPT_URL, request.url))
        setup.append(sdc_curl_set_long(handle, CURLOPT_NOSIGNAL, 1))
        setup.append(sdc_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, settings.connectTimeoutSeconds))
        setup.append(sdc_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1))
        setup.append(sdc_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, settings.stallSeconds))
        setup.append(sdc_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        setup.append(sdc_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        // Only http and https, and never a redirect: a signed request must go where it was signed for.
        setup.append(sdc_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        setup.append(sdc_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        if let ca = settings.caFile { setup.append(sdc_curl_set_string(handle, CURLOPT_CAINFO, ca)) }
        setup.append(sdc_curl_set_list(handle, CURLOPT_HTTPHEADER, list))
        setup.append(sdc_curl_set_pointer(handle, CURLOPT_HEADERDATA, context))
        setup.append(sdc_curl_set_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback))
        setup.append(sdc_curl_set_pointer(handle, CURLOPT_WRITEDATA, context))
        setup.append(sdc_curl_set_callback(handle, CURLOPT_WRITEFUNCTION, writeCallback))
        switch request.method {
        case "HEAD": setup.append(sdc_curl_set_long(handle, CURLOPT_NOBODY, 1))
        case "GET": break
        default:
            setup.append(sdc_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
            if request.method == "PUT" || request.method == "POST" {
                setup.append(sdc_curl_set_long(handle, CURLOPT_UPLOAD, 1))
                setup.append(sdc_curl_set_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.body.count)))
                setup.append(sdc_curl_set_pointer(handle, CURLOPT_READDATA, context))
                setup.append(sdc_curl_set_callback(handle, CURLOPT_READFUNCTION, readCallback))
            }
        }
        if let bad = setup.first(where: { $0 != CURLE_OK }) { throw HTTPError.transport(Self.text(bad)) }
        let code = curl_easy_perform(handle)
        if let error = transfer.sinkError { throw error }
        if transfer.overLimit { throw HTTPError.responseTooLarge(limit) }
        guard code == CURLE_OK else { throw HTTPError.transport(Self.text(code)) }
        var status = 0
        _ = sdc_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.received)
    }

    static func text(_ code: CURLcode) -> String {
        guard let s = curl_easy_strerror(code) else { return "libcurl error \(code.rawValue)" }
        return String(cString: s)
    }
}

/// One request's state, reached from libcurl's callbacks through the user-data pointer.
final class Transfer {
    let body: [UInt8]
    var sent = 0
    let limit: Int
    let sink: ((UnsafeRawBufferPointer) throws -> Void)?
    var received: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var sinkError: Error?
    var overLimit = false

    init(body: [UInt8], limit: Int, sink: ((UnsafeRawBufferPointer) throws -> Void)?) {
        self.body = body
        self.limit = limit
        self.sink = sink
    }
}

private func transfer(_ p: UnsafeMutableRawPointer?) -> Transfer? {
    guard let p else { return nil }
    return Unmanaged<Transfer>.fromOpaque(p).takeUnretainedValue()
}

private let readCallback: sdc_curl_data_callback = { buffer, size, count, user in
    guard let buffer, let t = transfer(user) else { return Int(CURL_READFUNC_ABORT) }
    let room = size.multipliedReportingOverflow(by: count)
    guard !room.overflow else { return Int(CURL_READFUNC_ABORT) }
    let n = min(room.partialValue, t.body.count - t.sent)
    if n > 0 {
        t.body.withUnsafeBytes { src in
            guard let base = src.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + t.sent, byteCount: n)
        }
        t.sent += n
    }
    return n
}

private let writeCallback: sdc_curl_data_callback = { buffer, size, count, user in
    guard let buffer, let t = transfer(user) else { return 0 }
    let (n, overflow) = size.multipliedReportingOverflow(by: count)
    guard !overflow else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: buffer, count: n)
    if let sink = t.sink {
        do { try sink(bytes) } catch { t.sinkError = error; return 0 }
    } else {
        guard t.received.count + n <= t.limit else { t.overLimit = true; return 0 }
        t.received.append(contentsOf: bytes)
    }
    return n
}

private let headerCallback: sdc_curl_data_callback = { buffer, size, count, user in
    guard let buffer, let t = transfer(user) else { return 0 }
    let (n, overflow) = size.multipliedReportingOverflow(by: count)
    guard !overflow else { return 0 }
    let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: n), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        t.headers = []  // a new response (after a 100 Continue): drop the interim one's headers
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmedHTTP()
        if t.headers.count < 200 { t.headers.append((name, value)) }
    }
    return n
}

extension StringProtocol {
    /// Without the spaces, tabs and line ends around it.
    func trimmedHTTP() -> String {
        let chars: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
