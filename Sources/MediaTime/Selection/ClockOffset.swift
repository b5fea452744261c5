import CardFileSystem

/// `--clock-offset ±HH:MM:SS`: the camera's clock minus true time, as the officer measured it
/// against a reference clock. A camera 2 minutes fast has `+00:02:00`; true = camera − offset.
public struct ClockOffset: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Camera minus true time, in seconds.
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static let zero = ClockOffset(seconds: 0)

    /// Parses `±HH:MM:SS` (sign optional, meaning +; hours may exceed 23 for a clock days off;
    /// `±D.HH:MM:SS` is not taken). Nil for anything else.
    public init?(parsing text: String) {
        var s = Substring(text)
        var sign: Int64 = 1
        if s.first == "+" { s = s.dropFirst() } else if s.first == "-" || s.first == "\u{2212}" { sign = -1; s = s.dropFirst() }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3,
              (1...5).contains(parts[0].count), parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }),
              let h = Int64(parts[0]), let m = Int64(parts[1]), let sec = Int64(parts[2]),
              m < 60, sec < 60 else { return nil }
        seconds = sign * (h * 3600 + m * 60 + sec)
    }

    /// True time for a camera time.
    public func trueTime(_ camera: CardTimestamp) -> CardTimestamp? {
        camera.adding(nanoseconds: -seconds * 1_000_000_000)
    }

    /// Camera time for a true time (to turn `--from`/`--to` into the camera's clock).
    public func cameraTime(_ trueTime: CardTimestamp) -> CardTimestamp? {
        trueTime.adding(nanoseconds: seconds * 1_000_000_000)
    }

    /// `+HH:MM:SS` / `-HH:MM:SS`.
    public var description: String {
        let a = abs(seconds)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return (seconds < 0 ? "-" : "+") + "\(two(a / 3600)):\(two(a % 3600 / 60)):\(two(a % 60))"
    }
}
