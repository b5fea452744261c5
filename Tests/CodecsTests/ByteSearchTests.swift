import Codecs
import Testing

/// `ByteSearch` against `String.contains`, the search it stands in for.
struct ByteSearchTests {
    @Test func agreesWithStringContains() {
        for text in ["", "d", "/dav/", "RECORD/2026-11-20/001/dav/21/a.mp4", "RECORD/DAV/x", "録画/dav/", "da/v/", "/da"] {
            #expect(ByteSearch.contains(text, "/dav/") == text.contains("/dav/"), "\(text)")
        }
        #expect(ByteSearch.contains("anything", ""))
    }

    @Test func ignoringCaseLowersTheBytesOnly() {
        let bytes: [UInt8] = Array("exec /usr/sbin/TelnetD -l".utf8)
        bytes.withUnsafeBytes { b in
            #expect(ByteSearch.contains(b, "telnetd", ignoringASCIICase: true))
            #expect(!ByteSearch.contains(b, "telnetd"))
            #expect(!ByteSearch.contains(b, "dropbear", ignoringASCIICase: true))
        }
    }
}
