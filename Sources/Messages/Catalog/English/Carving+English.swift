extension Catalog {
    static let englishCarving: [MessageKey: String] = [
        .optLsCarve: "Also scan the unallocated clusters for footage (MP4/MOV, JPEG, MPEG program streams, Dahua DHAV) and list each find.",
        .optExportCarve: "Also export the footage found in unallocated clusters, under data/carved/.",
        .carveLsDiscussion: """
        With --carve, the clusters no file holds (where a loop-recording camera's deleted and \
        overwritten footage lies) are read front to back and searched for MP4/MOV (ftyp and a \
        valid box walk), JPEG (SOI to EOI), MPEG program streams (consecutive pack headers) and \
        DHAV frames. Each find is listed with its byte range in the image, its type and the \
        recording time its own bytes carry (MP4 mvhd, JPEG EXIF, DHAV frame dates); a program \
        stream carries no calendar time. With --json the finds are the `carved` array.
        """,
        .carveExportDiscussion: """
        With --carve, the footage found in unallocated clusters (see `ls --carve`) is exported \
        under data/carved/ as derived files named by image offset, type and time \
        (0000012345678-mp4-2026-11-20_213025.mp4); the provenance's `carved` array records each \
        one's byte range and clusters, and bag-info.txt has an SDCustody-Carved line for each.
        """,
        .carveHeading: "Found in unallocated clusters: {count} ({clusters} free clusters, {bytes} bytes scanned):",
        .carveNothing: "Nothing was found in the unallocated clusters ({clusters} free clusters, {bytes} bytes scanned).",
        .carveHeaderOffset: "image offset",
        .carveHeaderLength: "bytes",
        .carveHeaderType: "type",
        .carveHeaderStart: "recorded",
        .carveHeaderSource: "time from",
        .carveNoTime: "no time in its bytes",
        .carveCutShort: "[cut short]",
        .carveCutShortNote: "[cut short]: the footage runs on into clusters that are in use again (overwritten): only its first part is there.",
        .carveProblem: "carving: {problem}",
        .carveNeedsRawVolume: "--carve needs the card's raw bytes (a device or an image): a mounted folder does not show unallocated clusters",
        .carveExported: "Carved from unallocated clusters: {count} finds ({bytes} bytes) under data/carved/",
    ]
}
