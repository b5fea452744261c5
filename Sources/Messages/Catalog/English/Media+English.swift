extension Catalog {
    static let englishMedia: [MessageKey: String] = [
        .helpFramesAbstract: "Pictures (JPEG) of a clip's frames or of a recording's, to see what the footage shows; logged as a viewing.",
        .helpFramesDiscussion: """
            With no --at, --every or --keyframes: the first, middle and last key frame. Each picture is named with its \
            time in the clip and the camera's recorded time, and has a sidecar (.jpg.json) naming the master bytes it came \
            from (card path, byte extents, SHA-256). Pictures are derived files, never evidence. Decoding runs in the \
            separate helper sdcustody-media under memory, CPU and time limits: a damaged or hostile clip gives one error \
            line, never a crash of sdcustody.

            Example:
              sdcustody frames card.img EVENT/2026_1120_213200_001F.MP4 --out pictures --sheet
            """,
        .optFramesPath: "The clip on the card (for --recording: the container file).",
        .optFramesOut: "Folder for the pictures and their sidecars (made if missing; nothing in it is overwritten).",
        .optFramesAt: "A time in the clip, in seconds from its first frame (repeatable).",
        .optFramesEvery: "A picture every so many seconds of the clip.",
        .optFramesKeyframes: "Key frames only: alone, every key frame; with --at/--every, the key frame at or before each time.",
        .optFramesRecording: "The recording starting at this byte offset of the container (as `ls --json` lists it).",
        .optFramesSheet: "Also a contact sheet: first, middle and last of the pictures side by side in one JPEG, each with its camera time under it.",
        .framesBadTime: "{option} takes a number of seconds of 0 or more",
        .framesAtOrEvery: "give either --at or --every, not both",
        .framesMaster: "Clip {path}: SHA-256 {sha256}",
        .framesWrote: "  {file}  (at {pts} s, camera time {camera})",
        .framesSheetWrote: "  contact sheet: {file}",
        .framesClipFailed: "{path}: no pictures: {reason}",
        .framesNoRecording: "{path} has no recording at byte {offset} (recordings start at: {known})",
        .framesNone: "{path}: the clip gave no pictures",
        .framesExists: "{file} exists already; choose another --out folder (nothing is overwritten)",
        .framesRereadFailed: "{file} does not read back as written",
        .framesOutNotFolder: "--out {path} is not a folder",
        .mediaHelperMissing: "the media helper {path} is missing (it is built and installed beside sdcustody)",
        .mediaHelperSpawn: "the media helper could not be started: {reason}",
        .mediaHelperFailed: "the clip could not be decoded: {reason}",
        .mediaHelperLimit: "decoding went over its memory or CPU limit and was stopped (signal {signal}); the clip may be damaged or hostile",
        .mediaHelperCrashed: "the decoder crashed on this clip (signal {signal}); the clip may be damaged or hostile",
        .mediaHelperSandboxed: "the decoder tried something its sandbox forbids (opening or changing a file, starting a program or using the network) and was stopped before it could (signal {signal}); the clip may be hostile",
        .mediaHelperExited: "the media helper ended without an answer (status {status})",
        .mediaHelperTimedOut: "decoding took longer than {seconds} s and was stopped; the clip may be damaged or hostile",
        .mediaHelperProtocol: "the media helper broke its protocol ({reason}) and was stopped",
        .optExportPlayable: "Also add playable working copies (MP4/MOV, stream copy, no re-encoding) of footage ordinary players cannot open, under data/playable/.",
        .exportPlayableWrote: "Working copy {copy} (from {master})",
        .exportPlayableFailed: "{path}: no playable working copy: {reason}",
    ]
}
