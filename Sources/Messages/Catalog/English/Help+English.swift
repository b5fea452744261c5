extension Catalog {
    static let englishHelp: [MessageKey: String] = [
        .helpSdcustodyAbstract: "Get security-camera footage off SD cards safely, with hashes, verification, encryption and an access log.",
        .helpAcquireAbstract: "Image a card bit for bit, with hashes computed in the same pass, then verified.",
        .helpCatAbstract: "Write one file's bytes to stdout (pipe into a player or sha256sum).",
        .helpDecryptAbstract: "Decrypt an age v1 file (binary or ASCII-armored).",
        .helpEncryptAbstract: "Encrypt a file with age v1 (readable with the standard age tool).",
        .helpExportAbstract: "Copy the chosen footage off a card into a BagIt evidence bag with hash manifests.",
        .helpInfoAbstract: "Show a card's partition table, filesystems, label, serial, sizes and identity.",
        .helpKeygenAbstract: "Create an age X25519 identity; prints its age1… recipient.",
        .helpLogAbstract: "Show or verify the tamper-evident access log.",
        .helpLogShowAbstract: "List the log's entries as a table (it checks nothing: use `log verify`).",
        .helpLogVerifyAbstract: "Check the whole chain and every signature; exit 1 naming the first entry changed, removed, inserted or reordered, or a torn tail.",
        .helpLogHeadAbstract: "Print the latest entry's hash, to write down or mail; `log verify --head HASH` checks it later.",
        .helpLsAbstract: "List every file on a card with its size, times and recording start and end.",
        .helpSealAbstract: "Encrypt a bag for storage: pax tar + age, with a plaintext sidecar for checks.",
        .helpUnsealAbstract: "Open a sealed bag: decrypt, extract safely, then verify the bag.",
        .helpVerifyAbstract: "Check a BagIt bag: every hash, nothing missing, nothing extra, tag files intact.",
    ]
}
