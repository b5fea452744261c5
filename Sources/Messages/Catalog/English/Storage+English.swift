extension Catalog {
    static let englishStorage: [MessageKey: String] = [
        .sealSealed: "Sealed:      {archive} ({bytes} bytes)",
        .sealSHA256: "SHA-256:     {sha256}",
        .sealSidecar: "Sidecar:     {sidecar}",
        .sealBagOne: "Bag:         {bag}, {files} payload file, {bytes} bytes",
        .sealBagOther: "Bag:         {bag}, {files} payload files, {bytes} bytes",
        .sealBagOxum: " (Payload-Oxum {oxum})",
        .sealIdentifier: "Identifier:  {identifier}",
        .sealRecipient: "Recipient:   {recipient}",
        .sealNotABag: "{bag} is not a bag or cannot be read: {summary}; nothing sealed",
        .sealInvalidBag: "{bag} is not a valid bag ({summary}); nothing sealed",
        .sealMoreProblems: "  … and {count} more",

        .unsealUnsealed: "Unsealed:    {bag}",
        .unsealExtractedOne: "Extracted:   {files} file, {bytes} bytes",
        .unsealExtractedOther: "Extracted:   {files} files, {bytes} bytes",
        .unsealBag: "Bag:         {summary}",
        .unsealNotABag: "unseal: {archive} decrypted, but what it holds is not a bag ({summary}); the extracted copy was removed",
        .unsealInvalidBag: "unseal: the bag in {archive} failed verification after extraction ({summary}); the extracted copy was removed",

        .keygenPublicKey: "public key: {recipient}",

        .passphrasePrompt: "Passphrase: ",
        .passphraseAgain: "Passphrase again: ",
        .passphraseNoTerminal: "no key given and stdin is not a terminal: use --recipient, --identity or --passphrase-file",
        .passphraseNoTTY: "cannot open /dev/tty to ask for a passphrase",
        .passphraseEmpty: "the passphrase is empty",
        .passphraseMismatch: "the passphrases do not match",

        .acquireImage: "Image:       {images}",
        .acquireRecord: "Record:      {record}",
        .acquireBytes: "Bytes:       {read} of {size}",
        .acquireHash: "{label}{hash}",
        .acquireUnreadable: "Unreadable:  sectors {first}–{last} (bytes {firstByte}–{lastByte}), written as zeros",
        .acquireVerdict: "Verdict:     {verdict}",
        .acquireIncomplete: "acquisition incomplete: {reason}; partial files left as {files}",
    ]
}
