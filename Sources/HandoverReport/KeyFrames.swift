/// A picture of one moment of a clip (`sdcustody frames`), shown beside the clip's metadata time.
public struct KeyFrame: Sendable, Equatable {
    /// What the picture shows, e.g. `first 21:31:00`, `middle`, `last`.
    public var label: String
    /// The JPEG bytes, embedded in the report as a `data:` URI (the report stays one file).
    public var jpeg: [UInt8]
    public init(label: String, jpeg: [UInt8]) { self.label = label; self.jpeg = jpeg }
}

/// Where the report gets key frames: for a payload path (`data/card/…`), the first, middle and
/// last frames of that clip. Key frames are optional: with none the report says
/// "key frames: not available". The `frames` library plugs in here.
public protocol KeyFrameSource: Sendable {
    func keyFrames(forPayloadPath path: String) -> [KeyFrame]
}

/// No key frames (the default).
public struct NoKeyFrames: KeyFrameSource {
    public init() {}
    public func keyFrames(forPayloadPath path: String) -> [KeyFrame] { [] }
}

/// Key frames from a closure.
public struct KeyFramesFromClosure: KeyFrameSource {
    let body: @Sendable (String) -> [KeyFrame]
    public init(_ body: @escaping @Sendable (String) -> [KeyFrame]) { self.body = body }
    public func keyFrames(forPayloadPath path: String) -> [KeyFrame] { body(path) }
}
