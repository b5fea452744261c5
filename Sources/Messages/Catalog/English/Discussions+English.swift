extension Catalog {
    static let englishDiscussions: [MessageKey: String] = [
        .helpRootDiscussion: """
        SOURCE is a raw card image (card.img, or card.001 for a split image), a block device \
        (/dev/sdb, /dev/mmcblk0) or a folder where the card is mounted. Sources are only ever \
        opened read-only.

        Exit status: 0 success, 1 the evidence failed a check, 2 bad usage or bad input.

        Every command takes --lang ja|en (else SDCUSTODY_LANG, else LC_ALL, LC_MESSAGES, LANG: a \
        ja locale means Japanese).
        """,
        .helpSealDiscussion: """
        The bag is validated in full as it is archived: its tag files and manifests first, then \
        every payload byte against its manifest in the same read that streams it into the \
        archive; a bag that fails is not sealed and nothing is left (exit 1). A \
        POSIX pax tar of the bag folder (its root is the bag's folder name) is encrypted with age \
        v1 as it is written, with no plaintext temporary file, into FILE.age (0600, written under \
        a temporary name, synced, then put in place; never overwriting). FILE.age.json beside it \
        records the ciphertext's SHA-256 and size, the bag's name, Payload-Oxum and \
        External-Identifier, the recipients' public keys and the time: `sdcustody verify FILE.age` \
        checks it without a key. Open with `sdcustody unseal`, or with `age -d … | tar -x`.

        Recipients: --recipient age1…, --recipients-file FILE, --identity FILE (its recipient), or a \
        passphrase from --passphrase-file FILE; with none of these, a passphrase is asked twice on \
        the terminal.
        """,
        .helpUnsealDiscussion: """
        The archive is decrypted as it is read and extracted, with no plaintext temporary file, \
        into a hidden folder beside DIR. Extraction refuses absolute paths, `..`, links, devices, \
        the same name twice and anything else that could land outside DIR. The bag is then \
        validated in full and only then renamed to DIR (which must not exist; nothing is ever \
        replaced).

        Exit status: 0 the bag is in DIR and valid; 1 the bag failed verification after \
        extraction (its problems are listed; the extracted copy is removed, the archive is \
        untouched); 2 a wrong key, a damaged or hostile archive, or bad usage (nothing is left \
        behind).

        Keys: --identity FILE (repeatable) or --passphrase-file FILE; with neither, a passphrase is \
        asked on the terminal.
        """,
        .helpKeygenDiscussion: """
        With --out the identity is written to FILE (mode 0600, never overwriting an existing file) \
        and the recipient is printed on stdout. Without --out the identity is printed on stdout and \
        the recipient on stderr, as age-keygen does.
        """,
        .helpEncryptDiscussion: """
        Recipients: --recipient age1…, --recipients-file FILE, --identity FILE (its recipient), or a \
        passphrase from --passphrase-file FILE. With none of these, a passphrase is asked twice on \
        the terminal. OUT is written 0600 and never overwrites an existing file.
        """,
        .helpDecryptDiscussion: """
        Keys: --identity FILE (repeatable) or --passphrase-file FILE; with neither, a passphrase is \
        asked on the terminal. OUT appears only after the whole file authenticated; it is 0600 and \
        never overwrites an existing file. A wrong key, a damaged header or a damaged chunk exits 2.
        """,
        .helpLogDiscussion: """
        Every command that reads or writes evidence appends one entry: who, when, on which host, \
        the command line (secrets removed), the source and its hashes, the outputs, case, exhibit \
        and result. Each entry carries the SHA-256 of the entry before it and an Ed25519 signature \
        made with this installation's key, so any later edit shows.
        """,
        .helpCatDiscussion: """
        With --deleted, a deleted file is recovered from its first cluster on, contiguously, while \
        those clusters are unused: best effort, as the card no longer records where the rest was.
        """,
        .helpVerifyDiscussion: """
        Prints each problem (changed, missing, extra, ...) and a one-line verdict. For bags \
        sdcustody wrote, the provenance file is checked against the manifests and the \
        access-log excerpt's hashes and signatures are checked too. Given a sealed archive \
        (FILE.age with its FILE.age.json sidecar), checks the ciphertext's size and SHA-256 \
        against the sidecar without any key. Exit status: 0 valid, 1 it is not, 2 not a bag \
        (or archive) or could not be read.
        """,
    ]
}
