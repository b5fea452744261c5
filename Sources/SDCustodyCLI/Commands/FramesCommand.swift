import ArgumentParser
import Custody
import Messages

/// `sdcustody frames SOURCE PATH --out DIR [--at S]... [--every S] [--keyframes] [--sheet]`:
/// pictures of a clip's frames (or a recording's, with `--recording`), decoded in the sandboxed
/// helper, each with a sidecar naming the master bytes, logged as a viewing.
struct FramesCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "frames",
        abstract: tr(.helpFramesAbstract),
        discussion: tr(.helpFramesDiscussion)) }

    @OptionGroup var card: CardOptions
    @Argument(help: ArgumentHelp(tr(.optFramesPath), valueName: "path"))
    var path: String
    @Option(name: .long, help: ArgumentHelp(tr(.optFramesOut), valueName: "dir")) var out: String
    @Option(name: .long, help: ArgumentHelp(tr(.optFramesAt), valueName: "seconds")) var at: [Double] = []
    @Option(name: .long, help: ArgumentHelp(tr(.optFramesEvery), valueName: "seconds")) var every: Double?
    @Flag(name: .long, help: ArgumentHelp(tr(.optFramesKeyframes))) var keyframes = false
    @Option(name: .long, help: ArgumentHelp(tr(.optFramesRecording), valueName: "offset")) var recording: UInt64?
    @Flag(name: .long, help: ArgumentHelp(tr(.optFramesSheet))) var sheet = false
    @Flag(name: .long, help: ArgumentHelp(tr(.optJSONStdout))) var json = false

    /// At most this many pictures from one run of `--every` or `--keyframes`.
    static let pictureLimit = 1000

    func validate() throws {
        if at.contains(where: { !$0.isFinite || $0 < 0 }) { throw ValidationError(tr(.framesBadTime, ["option": "--at"])) }
        if let every, !(every.isFinite && every > 0) { throw ValidationError(tr(.framesBadTime, ["option": "--every"])) }
        if !at.isEmpty && every != nil { throw ValidationError(tr(.framesAtOrEvery)) }
    }

    var selection: MediaJob.Selection {
        if !at.isEmpty { return .times(at, snap: keyframes) }
        if let every { return .every(every, snap: keyframes, limit: Self.pictureLimit) }
        if keyframes { return .allKeyFrames(limit: Self.pictureLimit) }
        return .ends
    }

    func run() throws {
        try card.logged("frames", producesEvidence: true) { draft in
            let source = try card.open()
            let opened = try card.tree(of: source)
            draft.source = AccessLogging.sourceRecord(source, slot: opened.slot)
            draft.details = ["source": card.source, "path": path, "out": out]
            let location = try ClipLocation.resolve(tree: opened.tree, slot: opened.slot, path: path, recordingOffset: recording)
            let result: FramesResult
            do {
                result = try FrameExport.run(FramesRequest(sourcePath: card.source, out: out, selection: selection, sheet: sheet),
                                             location: location)
            } catch let e as MediaHelperError {
                throw CLIError.input(tr(.framesClipFailed, ["path": location.path, "reason": e.description]))
            }
            draft.details = result.logDetails(source: card.source, out: out)
            let all = result.pictures + (result.sheet.map { [$0] } ?? [])
            draft.outputs = all.map { OutputRecord(path: $0.file, sha256: $0.sha256) }
            if json {
                let doc: JSONValue = .object([
                    ("source", .string(card.source)), ("path", .string(location.path)),
                    ("recording", location.recordingJSON ?? .null),
                    ("master_sha256", .string(result.masterSHA256)),
                    ("frames", .array(result.pictures.map(Self.json))),
                    ("sheet", result.sheet.map(Self.json) ?? .null),
                    ("out", .string(out)),
                ])
                print(doc.serialized(pretty: true))
            } else {
                print(tr(.framesMaster, ["path": location.path, "sha256": result.masterSHA256]))
                for p in result.pictures {
                    print(tr(.framesWrote, ["file": p.file, "pts": FrameText.seconds(p.seconds), "camera": p.cameraTime ?? "—"]))
                }
                if let s = result.sheet { print(tr(.framesSheetWrote, ["file": s.file])) }
            }
        }
    }

    static func json(_ p: WrittenPicture) -> JSONValue {
        .object([("pts", .double(p.seconds)), ("camera_time", .from(p.cameraTime)), ("key_frame", .bool(p.isKeyFrame)),
                 ("file", .string(p.file)), ("sha256", .string(p.sha256)), ("sidecar", .string(p.sidecar))])
    }
}

enum FrameText {
    /// `12.480 s`.
    static func seconds(_ s: Double) -> String {
        let ms = Int64((s * 1000).rounded())
        let frac = String(abs(ms % 1000))
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }
}
