extension Catalog {
    static let englishAcquireCheck: [MessageKey: String] = [
        .qcReadError: "read error",
        .qcTheImageReadBackFrom: "the image read back from the disk differs from what was read from the source",
        .qcReadBackBytesWrote: "read back {v} bytes, wrote {size}",
        .qcReadBackBytesWrote2: "read back {size} bytes, wrote {totalSize}",
        .qcReadBackBytesWrote3: "read back {got} bytes, wrote {totalSize}",
        .qcReadErrorAtByte: "read error at byte {offset}: {reason}",
        .qcTheSourceEndedAtByte: "the source ended at byte {got}",
        .qcInterruptedAfterBytes: "interrupted after {done} bytes",
    ]
}
