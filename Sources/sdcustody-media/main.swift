#if canImport(Glibc)
import Glibc
#endif
import Codecs
import MediaDecoding
import MediaProtocol

// sdcustody-media: the sandboxed helper of `sdcustody frames` and `export --playable`. It is
// started by sdcustody with the job on stdin and answers on stdout (MediaProtocol); it opens no
// file. Arguments: --memory BYTES --cpu SECONDS (the limits it applies to itself first), and
// --input-fd N: the clip, opened read-only by sdcustody, for a remux to read directly.
// --selftest-escape WHAT PATH (for the tests and anyone checking the sandbox): sandbox as for a
// job, then try one escape (EscapeSelfTest.swift); the filter kills the helper with SIGSYS.

var memory: UInt64 = 1 << 30
var cpu: UInt64 = 120
var inputFD: Int32? = nil
var selftest: (what: String, path: String)? = nil
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--memory": memory = args.popFirst().flatMap { UInt64($0) } ?? memory
    case "--cpu": cpu = args.popFirst().flatMap { UInt64($0) } ?? cpu
    case "--input-fd": inputFD = args.popFirst().flatMap { Int32($0) }.flatMap { (3..<16).contains($0) ? $0 : nil }
    case "--selftest-escape":
        guard let what = args.popFirst(), let path = args.popFirst() else { EscapeSelfTest.usage() }
        selftest = (what, path)
    default:
        let text = "sdcustody-media: this helper is started by sdcustody; it is not a command to run by hand\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
}
signal(SIGPIPE, SIG_IGN)
// A descriptor the helper could write through is not taken: the clip is only ever read.
if let fd = inputFD, !DescriptorInput.isReadOnly(fd) { close(fd); inputFD = nil }
Sandbox.apply(memoryBytes: memory, cpuSeconds: cpu, keeping: inputFD)
silenceFFmpegLog()
let unconfined = Sandbox.confine()
if let selftest { EscapeSelfTest.run(selftest.what, path: selftest.path) }

let pipe = MessagePipe(input: 0, output: 1)
do {
    let message = try pipe.receive()
    if let unconfined {
        // Fail closed: without the filter no byte of the clip is read.
        try pipe.send(MediaMessage(.failed, Array("the helper's seccomp sandbox could not be set up (\(unconfined))".utf8)))
        exit(2)
    }
    guard message.kind == .job, let json = message.json, let job = MediaJob(json: json) else {
        try pipe.send(MediaMessage(.failed, Array("the helper was not sent a job it understands".utf8)))
        exit(2)
    }
    let summary: JSONValue
    switch job.operation {
    case .frames: summary = try Jobs.frames(job, pipe: pipe)
    case .remux: summary = try Jobs.remux(job, pipe: pipe, inputFD: inputFD)
    case .fault:
        switch job.fault {
        case "crash":
            // What a decoder bug does: a write through a wild pointer.
            let wild = UnsafeMutablePointer<Int>(bitPattern: 16)
            wild?.pointee = 1
        case "hang": while true { _ = getpid() }
        case "escape":
            // What a taken-over decoder would try: open a file for writing. The filter kills.
            _ = open("/dev/null", O_WRONLY)
        case "memory":
            var blocks: [UnsafeMutableRawPointer] = []
            while true {
                guard let p = malloc(64 << 20) else { fatalError("out of memory") }
                memset(p, 1, 64 << 20)
                blocks.append(p)
            }
        default: break
        }
        summary = .object([])
    }
    try pipe.send(.json(.done, summary))
    exit(0)
} catch {
    try? pipe.send(MediaMessage(.failed, Array("\(error)".utf8)))
    exit(1)
}
