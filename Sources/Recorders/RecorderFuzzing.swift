import CardIO

/// Entry points shared by the libFuzzer target (Fuzz/FuzzHikvisionIndex) and the tests that
/// replay its corpus: whatever the bytes, the readers must return, not trap or hang.
public enum RecorderFuzzing {
    /// The bytes as both copies of a Hikvision index and as container 0, so one input drives the
    /// index parser, the copy comparison and the program-stream walk.
    public static func exerciseHikvisionIndex(_ bytes: [UInt8]) {
        let size = UInt64(bytes.count)
        let files = [
            RecorderCardFile(path: "index00.bin", size: size) { MemoryByteSource(bytes, name: "index00.bin") },
            RecorderCardFile(path: "index01.bin", size: size) { MemoryByteSource(Array(bytes.dropLast(bytes.count / 3)), name: "index01.bin") },
            RecorderCardFile(path: "hiv00000.mp4", size: size) { MemoryByteSource(bytes, name: "hiv00000.mp4") },
        ]
        for layout in RecorderLayouts.recognise(files: files) {
            for r in layout.recordings { _ = r.start.iso; _ = r.end?.iso }
        }
        _ = ProgramStream.extent(of: MemoryByteSource(bytes), from: 0, limit: size)
    }
}
