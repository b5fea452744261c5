extension Catalog {
    static let englishChains: [MessageKey: String] = [
        .chainTooLarge: "size of {size} bytes is larger than the volume's data area of {area} bytes",
        .chainTooLargeIts: "its size of {size} bytes is larger than the volume's data area of {area} bytes",
        .chainNoFirstCluster: "file of {size} bytes has no first cluster",
        .chainGoesOn: "cluster chain goes on past the file's size of {size} bytes; the extra clusters are ignored",
        .chainEndsEarly: "cluster chain ends after {clusters} clusters; the size of {size} bytes needs {needed}",
        .chainBroken: "cluster chain is broken",
        .chainPastImage: "its data reaches byte {end}, past the end of the truncated image ({size} bytes)",
        .chainLoopsBack: "cluster chain loops back to cluster {cluster}",
        .chainFree: "cluster chain is broken: cluster {cluster} is marked free in the FAT",
        .chainBad: "cluster chain reaches cluster {cluster}, which is marked bad",
        .chainOutside: "cluster chain points from cluster {from} to {to}, outside the volume (clusters 2...{max})",
        .chainBadStart: "first cluster {cluster} is outside the volume (clusters 2...{max})",
        .chainExFATBadStart: "first cluster {cluster} is outside the cluster heap (2 to {max})",
        .chainExFATUnreadable: "FAT entry of cluster {cluster} cannot be read: {reason}",
        .chainExFATEndsEarly: "cluster chain ends after {clusters} clusters; its size needs {needed}",
        .chainExFATBadNext: "cluster chain reaches cluster {cluster}, whose FAT entry marks the next one bad",
        .chainExFATOutside: "FAT entry of cluster {from} points to cluster {to}, outside the cluster heap (2 to {max})",
        .chainRunsShort: "cluster runs hold {delivered} bytes, {expected} expected",
    ]
}
