import Codecs

/// What the parent asks of the helper: one job per helper process.
public struct MediaJob: Equatable, Sendable {
    public enum Operation: String, Sendable {
        /// Pictures of chosen frames (`frames`).
        case frames
        /// A stream copy into MP4/MOV (`export --playable`).
        case remux
        /// The sandbox's self-test: the helper misbehaves on purpose (`crash`, `hang`, `memory`),
        /// so tests can show the parent survives each.
        case fault
    }

    /// Which frames a `frames` job wants.
    public enum Selection: Equatable, Sendable {
        /// First, middle and last key frame.
        case ends
        /// Every key frame (at most `limit`).
        case allKeyFrames(limit: Int)
        /// The frames shown at these times (seconds from the clip's first frame); `snap` takes the
        /// key frame at or before each instead (no decoding between key frames).
        case times([Double], snap: Bool)
        /// Times every `step` seconds from 0 to the end (at most `limit` pictures).
        case every(Double, snap: Bool, limit: Int)
    }

    public var operation: Operation
    /// Bytes in the clip (the helper reads `[0, size)` through `read` messages).
    public var size: UInt64
    public var selection: Selection
    /// Also compose one contact sheet of the chosen frames.
    public var sheet: Bool
    /// For `fault`: which misbehaviour.
    public var fault: String?
    /// Largest width of a single picture (nil: the frame's own size).
    public var maxWidth: Int?
    /// The camera's recorded start of the clip (wall-clock seconds since 1970, nanoseconds), so
    /// the contact sheet can print each cell's camera time; nil: cells show the time in the clip.
    public var cameraStart: (seconds: Int64, nanoseconds: Int)?

    public init(operation: Operation, size: UInt64, selection: Selection = .ends, sheet: Bool = false, fault: String? = nil, maxWidth: Int? = nil) {
        self.operation = operation
        self.size = size
        self.selection = selection
        self.sheet = sheet
        self.fault = fault
        self.maxWidth = maxWidth
    }

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("op", .string(operation.rawValue)), ("size", .uint(size)), ("sheet", .bool(sheet))]
        switch selection {
        case .ends: fields.append(("select", .string("ends")))
        case .allKeyFrames(let limit): fields += [("select", .string("keyframes")), ("limit", .int(Int64(limit)))]
        case .times(let t, let snap): fields += [("select", .string("times")), ("times", .array(t.map { .double($0) })), ("snap", .bool(snap))]
        case .every(let s, let snap, let limit):
            fields += [("select", .string("every")), ("step", .double(s)), ("snap", .bool(snap)), ("limit", .int(Int64(limit)))]
        }
        if let fault { fields.append(("fault", .string(fault))) }
        if let maxWidth { fields.append(("max_width", .int(Int64(maxWidth)))) }
        if let cameraStart {
            fields += [("camera_start_seconds", .int(cameraStart.seconds)), ("camera_start_nanoseconds", .int(Int64(cameraStart.nanoseconds)))]
        }
        return .object(fields)
    }

    public init?(json: JSONValue) {
        guard let op = json["op"]?.stringValue.flatMap(Operation.init(rawValue:)),
              let size = json["size"]?.integerValue, size >= 0 else { return nil }
        let limit = Int(clamping: json["limit"]?.integerValue ?? 1000)
        let snap = json["snap"]?.boolValue ?? false
        let selection: Selection
        switch json["select"]?.stringValue {
        case "keyframes": selection = .allKeyFrames(limit: limit)
        case "times": selection = .times((json["times"]?.arrayValue ?? []).compactMap { MediaJob.number($0) }, snap: snap)
        case "every":
            guard let step = json["step"].flatMap(MediaJob.number), step > 0 else { return nil }
            selection = .every(step, snap: snap, limit: limit)
        default: selection = .ends
        }
        self.init(operation: op, size: UInt64(size), selection: selection, sheet: json["sheet"]?.boolValue ?? false,
                  fault: json["fault"]?.stringValue, maxWidth: json["max_width"]?.integerValue.map { Int(clamping: $0) })
        if let s = json["camera_start_seconds"]?.integerValue {
            cameraStart = (s, Int(clamping: min(999_999_999, max(0, json["camera_start_nanoseconds"]?.integerValue ?? 0))))
        }
    }

    public static func == (a: MediaJob, b: MediaJob) -> Bool {
        a.operation == b.operation && a.size == b.size && a.selection == b.selection && a.sheet == b.sheet && a.fault == b.fault
            && a.maxWidth == b.maxWidth && a.cameraStart?.seconds == b.cameraStart?.seconds
            && a.cameraStart?.nanoseconds == b.cameraStart?.nanoseconds
    }

    /// A JSON number as a Double (the parser keeps integers apart).
    public static func number(_ v: JSONValue) -> Double? {
        switch v {
        case .double(let d): return d.isFinite ? d : nil
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        default: return nil
        }
    }
}
