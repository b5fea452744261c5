import Foundation
import Testing
import ObjectStore
import TestSupport

/// TLS is verified by default, and `--ca-file` trusts a private CA: a local HTTPS server (Python's
/// ssl module) with a certificate from a CA made for the test by the openssl tool.
@Suite("TLS verification", .serialized, .requires("openssl", "python3"))
struct TLSTests {
    /// A CA, a server certificate for 127.0.0.1 signed by it, and a one-request-at-a-time HTTPS
    /// server answering 200 with a small body. Returns the CA file, the port and the server process.
    static func startServer(_ dir: TemporaryDirectory) throws -> (ca: String, port: Int, server: Process) {
        func openssl(_ args: [String]) throws {
            let r = try runProcess(["openssl"] + args)
            guard r.status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: r.stderrText]) }
        }
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                     "-subj", "/CN=sdcustody test CA", "-keyout", dir.path("ca.key"), "-out", dir.path("ca.pem")])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1",
                     "-keyout", dir.path("server.key"), "-out", dir.path("server.csr")])
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: dir.path("ext.cnf"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", dir.path("server.csr"), "-CA", dir.path("ca.pem"), "-CAkey", dir.path("ca.key"),
                     "-CAcreateserial", "-days", "2", "-extfile", dir.path("ext.cnf"), "-out", dir.path("server.pem")])
        let script = """
        import http.server, ssl, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
            def log_message(self, *a): pass
        s = http.server.HTTPServer(("127.0.0.1", 0), H)
        c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[1], sys.argv[2])
        s.socket = c.wrap_socket(s.socket, server_side=True)
        print(s.server_address[1], flush=True)
        s.serve_forever()
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestEnvironment.python3 ?? "/usr/bin/python3")
        p.arguments = ["-c", script, dir.path("server.pem"), dir.path("server.key")]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            p.terminate()
            throw CocoaError(.executableLoad)
        }
        return (dir.path("ca.pem"), port, p)
    }

    @Test("an unknown CA is refused; --ca-file makes it trusted")
    func privateCA() throws {
        let dir = try TemporaryDirectory("store-tls")
        defer { dir.remove() }
        let (ca, port, server) = try Self.startServer(dir)
        // SIGKILL, not terminate() + waitUntilExit(), which can wait forever here for a server
        // blocked in accept(); Foundation reaps the child itself.
        defer { kill(server.processIdentifier, SIGKILL) }
        let url = "https://127.0.0.1:\(port)/"
        #expect(throws: HTTPError.self) { try HTTPClient().send(HTTPRequest(method: "GET", url: url)) }
        let r = try HTTPClient(settings: HTTPSettings(caFile: ca)).send(HTTPRequest(method: "GET", url: url))
        #expect(r.status == 200)
        #expect(r.body == Array("ok".utf8))
        // The host name is checked too: the certificate is for 127.0.0.1, not for localhost.
        #expect(throws: HTTPError.self) {
            try HTTPClient(settings: HTTPSettings(caFile: ca)).send(HTTPRequest(method: "GET", url: "https://localhost:\(port)/"))
        }
    }
}
