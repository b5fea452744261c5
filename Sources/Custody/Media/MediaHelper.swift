#if canImport(Glibc)
import Glibc
#endif
import CardIO
import Codecs
import MediaProtocol
import Messages

/// Limits of one helper run: the helper applies memory and CPU to itself (setrlimit) before it
/// reads a byte; the parent enforces the wall-clock time and kills it when that passes.
public struct MediaLimits: Sendable {
    public var memoryBytes: UInt64
    public var cpuSeconds: UInt64
    public var wallSeconds: Double

    public init(memoryBytes: UInt64 = 1 << 30, cpuSeconds: UInt64 = 120, wallSeconds: Double = 180) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
    }

    /// Limits for a job over `size` bytes: a remux of a large recording may take a while to
    /// copy; a hang still ends.
    public static func forClip(size: UInt64) -> MediaLimits {
        let extra = Double(size) / Double(20 << 20)
        return MediaLimits(cpuSeconds: 120 + UInt64(extra), wallSeconds: 180 + extra)
    }
}

/// Why the helper gave no answer for a clip. Each is one line for that clip; nothing else of
/// the command is affected.
public enum MediaHelperError: Error, CustomStringConvertible, Equatable, Sendable {
    /// sdcustody-media is not beside sdcustody.
    case missing(String)
    /// The helper could not be started.
    case spawn(String)
    /// The helper reported a failure (FFmpeg's message where it has one).
    case failed(String)
    /// The helper was killed by a signal (a decoder crash, or a limit: SIGXCPU, SIGKILL, or
    /// its seccomp filter: SIGSYS).
    case crashed(Int32)
    /// The helper ended without an answer.
    case exited(Int32)
    /// The wall-clock limit passed; the helper was killed.
    case timedOut(Double)
    /// The helper said something outside the protocol (and was killed).
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .missing(let path): return tr(.mediaHelperMissing, ["path": path])
        case .spawn(let why): return tr(.mediaHelperSpawn, ["reason": why])
        case .failed(let why): return tr(.mediaHelperFailed, ["reason": why])
        case .crashed(let signal):
            if signal == SIGXCPU || signal == SIGKILL { return tr(.mediaHelperLimit, ["signal": String(signal)]) }
            // SIGSYS: the helper's seccomp filter stopped a forbidden call before it ran.
            if signal == SIGSYS { return tr(.mediaHelperSandboxed, ["signal": String(signal)]) }
            return tr(.mediaHelperCrashed, ["signal": String(signal)])
        case .exited(let status): return tr(.mediaHelperExited, ["status": String(status)])
        case .timedOut(let s): return tr(.mediaHelperTimedOut, ["seconds": String(Int(s))])
        case .protocolViolation(let why): return tr(.mediaHelperProtocol, ["reason": why])
        }
    }
}

/// Runs one job in the sandboxed helper `sdcustody-media` (a child process), serving its reads
/// from a read-only `ByteSource` and taking its outputs: FFmpeg runs only there, never in
/// sdcustody, and the helper holds no file descriptor but its socket to the parent.
public struct MediaHelper: Sendable {
    public let path: String
    public var limits: MediaLimits

    public init(path: String, limits: MediaLimits = MediaLimits()) {
        self.path = path
        self.limits = limits
    }

    public static let executableName = "sdcustody-media"

    /// The helper beside the running executable (`/proc/self/exe`); under `swift test` the test
    /// bundle sits beside it in the build folder too.
    public static func locate() throws -> MediaHelper {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments.first ?? ""
        var dir = exe
        if let slash = dir.lastIndex(of: "/") { dir = String(dir[..<slash]) } else { dir = "." }
        let candidate = dir + "/" + executableName
        guard access(candidate, X_OK) == 0 else { throw MediaHelperError.missing(candidate) }
        return MediaHelper(path: candidate)
    }

    /// What the helper sent while working.
    public struct Handlers {
        /// A picture: its description (`kind`, `pts`, ...) and JPEG bytes.
        public var frame: (JSONValue, ArraySlice<UInt8>) throws -> Void = { _, _ in }
        /// What the output will be (`{"container":"mp4"}`), once, before its first bytes.
        public var begin: ((JSONValue) throws -> Void)? = nil
        /// Output bytes at an offset (a remux); nil: the job writes nothing.
        public var write: ((UInt64, ArraySlice<UInt8>) throws -> Void)? = nil
        public init() {}
    }

    /// Runs `job` over `source` and returns the helper's summary; throws `MediaHelperError`
    /// for anything the helper did wrong, or what a handler threw.
    /// - Parameter inputFD: `source`'s bytes as a descriptor opened read-only (`O_RDONLY`), given
    ///   to the helper as its fd 3 so a remux reads them without a round trip per read; the
    ///   helper refuses a descriptor it could write through. nil: every read goes through the pipe.
    public func run(_ job: MediaJob, source: ByteSource, inputFD: Int32? = nil, handlers: Handlers) throws -> JSONValue {
        // A helper that dies while we write must end the write with EPIPE, not kill us.
        signal(SIGPIPE, SIG_IGN)
        guard access(path, X_OK) == 0 else { throw MediaHelperError.missing(path) }
        // One socket pair, created close-on-exec in one call: no other process this program starts
        // meanwhile can inherit our end; the helper's end becomes its stdin and stdout.
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw MediaHelperError.spawn(String(cString: strerror(errno)))
        }
        let ours = pair[0], theirs = pair[1]
        // Room for a whole 1 MiB output message (and more) in the socket: the helper goes on
        // muxing while the parent writes the previous piece (capped by net.core.wmem_max).
        var room: Int32 = 4 << 20
        for fd in [ours, theirs] {
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &room, socklen_t(MemoryLayout<Int32>.size))
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &room, socklen_t(MemoryLayout<Int32>.size))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, theirs, 0)
        posix_spawn_file_actions_adddup2(&actions, theirs, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv = [path, "--memory", String(limits.memoryBytes), "--cpu", String(limits.cpuSeconds)]
        var copiedFD: Int32 = -1
        if let inputFD {
            guard inputFD > 2, fcntl(inputFD, F_GETFL) & O_ACCMODE == O_RDONLY else {
                close(ours)
                close(theirs)
                throw MediaHelperError.spawn("the clip's descriptor is not read-only")
            }
            // dup2 onto the same number would leave close-on-exec set: hand over a copy instead.
            var handed = inputFD
            if inputFD == 3 {
                handed = fcntl(inputFD, F_DUPFD_CLOEXEC, 4)
                guard handed >= 0 else {
                    close(ours)
                    close(theirs)
                    throw MediaHelperError.spawn(String(cString: strerror(errno)))
                }
            }
            copiedFD = handed == inputFD ? -1 : handed
            posix_spawn_file_actions_adddup2(&actions, handed, 3)
            argv += ["--input-fd", "3"]
        }
        defer { if copiedFD >= 0 { close(copiedFD) } }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        // The helper gets no environment: nothing of the user's reaches the decoder.
        // Swift's backtracer would catch a decoder's crash and start a second process to
        // symbolicate it; the helper's crash must simply end it.
        var cEnv: [UnsafeMutablePointer<CChar>?] = [strdup("LC_ALL=C"), strdup("SWIFT_BACKTRACE=enable=no"), nil]
        defer { for e in cEnv { free(e) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, &cArgs, &cEnv)
        close(theirs)
        guard spawned == 0 else {
            close(ours)
            throw MediaHelperError.spawn(String(cString: strerror(spawned)))
        }
        let channel = MessagePipe(input: ours, output: ours)
        var reaped = false
        defer {
            close(ours)
            if !reaped {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
            }
        }
        /// After the helper went away: how it ended.
        func ending() -> MediaHelperError {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            var r: pid_t
            repeat { r = waitpid(pid, &status, 0) } while r < 0 && errno == EINTR
            reaped = true
            let signalled = status & 0x7f
            if signalled != 0 && signalled != 0x7f { return .crashed(signalled) }
            return .exited((status >> 8) & 0xff)
        }
        let deadline = MessagePipe.now() + limits.wallSeconds
        var buffer = [UInt8](repeating: 0, count: MediaMessage.maxChunk)
        // Every message lands in `incoming` (reused); only `write`s, the bulk of a remux, are
        // handled where they lie, the rest is copied out into a `MediaMessage`.
        var incoming = [UInt8](repeating: 0, count: (1 << 20) + 64)
        do {
            try channel.send(.json(.job, job.json))
            while true {
                let (kind, count) = try channel.receive(deadline: deadline, into: &incoming)
                if kind == .write {
                    guard let write = handlers.write, count >= 8, let offset = MediaMessage.readLE(UInt64.self, incoming, at: 0) else {
                        throw MediaHelperError.protocolViolation("output where none was asked for")
                    }
                    try write(offset, incoming[8..<count])
                    continue
                }
                let message = MediaMessage(kind, Array(incoming[0..<count]))
                switch message.kind {
                case .read:
                    guard let (offset, length) = message.readRequest, Int(length) <= MediaMessage.maxChunk else {
                        throw MediaHelperError.protocolViolation("bad read request")
                    }
                    let n: Int
                    do {
                        n = offset >= source.size ? 0 : try buffer.withUnsafeMutableBytes {
                            try source.readFully(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<Int(length)]))
                        }
                    } catch {
                        try channel.send(MediaMessage(.readFailed, Array("\(error)".utf8)))
                        continue
                    }
                    try channel.send(MediaMessage(.data, Array(buffer[0..<n])))
                case .output:
                    guard handlers.begin != nil || handlers.write != nil, let info = message.json else {
                        throw MediaHelperError.protocolViolation("output where none was asked for")
                    }
                    // A caller that takes the bytes without naming them needs no description.
                    try handlers.begin?(info)
                case .write:
                    guard let write = handlers.write, let offset = message.writeOffset else {
                        throw MediaHelperError.protocolViolation("output where none was asked for")
                    }
                    try write(offset, message.payload[8...])
                case .frame:
                    guard let (info, jpeg) = message.frame else { throw MediaHelperError.protocolViolation("malformed picture") }
                    try handlers.frame(info, jpeg)
                case .done:
                    guard let summary = message.json else { throw MediaHelperError.protocolViolation("malformed summary") }
                    var status: Int32 = 0
                    _ = waitpid(pid, &status, 0)
                    reaped = true
                    return summary
                case .failed:
                    _ = ending()
                    throw MediaHelperError.failed(message.text)
                case .job, .data, .readFailed:
                    throw MediaHelperError.protocolViolation("unexpected message")
                }
            }
        } catch let e as MediaPipeError {
            switch e {
            case .timedOut:
                _ = ending()
                throw MediaHelperError.timedOut(limits.wallSeconds)
            case .closed:
                throw ending()
            case .malformed(let why):
                _ = ending()
                throw MediaHelperError.protocolViolation(why)
            case .system(let why):
                // A helper that died with our message unread resets the socket (ECONNRESET,
                // EPIPE): then its own signal (a crash, a seccomp kill) is the reason, not the pipe.
                let end = ending()
                if case .crashed(let signal) = end, signal != SIGKILL { throw end }
                throw MediaHelperError.protocolViolation(why)
            }
        }
    }
}
