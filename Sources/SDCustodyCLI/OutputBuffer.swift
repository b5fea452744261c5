import Custody
/// Collects output bytes and writes them to a file descriptor in 64 KiB pieces, so a listing of
/// any length is printed with flat memory and few system calls.
final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let target: FileHandleOutput
    private(set) var readerGone = false

    init(_ target: FileHandleOutput = .standardOutput) {
        self.target = target
        bytes.reserveCapacity(1 << 16)
    }

    func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    func append(_ json: JSONValue, indent: Int) {
        json.write(into: &bytes, indent: indent)
        if bytes.count >= 1 << 16 { flush() }
    }

    func flush() {
        if !readerGone {
            readerGone = !bytes.withUnsafeBytes { target.writeAll($0) }
        }
        bytes.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}
