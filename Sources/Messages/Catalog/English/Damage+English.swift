extension Catalog {
    static let englishDamage: [MessageKey: String] = [
        .lsDamageMark: "[damaged: {codes}]",
        .lsDamageHeading: "Damaged files: {count}. What the marks mean:",
        .lsDamageUnclosed: "  unclosed       the camera never closed the file (power cut while recording): the card holds more recorded clusters than its size says",
        .lsDamageChainShort: "  chain_short    the card's cluster chain ends before the file's size: the end of the file is missing",
        .lsDamageChainLoop: "  chain_loop     the card's cluster chain loops back on itself: only the part before the loop can be read",
        .lsDamageChainOutside: "  chain_outside  the card's cluster chain points outside the card's data area or at a cluster marked bad",
        .lsDamageUnfinalised: "  unfinalised    the recording's index was never written (power cut while recording): some players cannot play it",
        .exportDamagedRefusedOne: "{count} selected file is damaged and cannot be copied in full: {files}. No bag was written. Pass --partial to export everything that can be read (this file as far as the card's chain goes)",
        .exportDamagedRefusedOther: "{count} selected files are damaged and cannot be copied in full: {files}. No bag was written. Pass --partial to export everything that can be read (these files as far as the card's chains go)",
        .exportDamagedFile: "{path} ({reason})",
        .exportPartialFile: "{path}: only {recovered} of {recorded} bytes could be read ({reason}); the bag holds exactly those and the provenance says so",
        .exportUnclosedNotRecovered: "{path}: the camera never closed this recording; its clusters hold more than its size says. Only the recorded size was exported: pass --partial to recover the whole recording into data/recovered/",
        .acquireRecoveredByRetry: "every sector was read; {count} reads failed first and succeeded on retry: the card may be failing; image it again or replace it",
    ]
}
