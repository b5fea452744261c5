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
        .helpLsDiscussion: """
        Paths are `/`-separated from the volume root. Times are the card's own local time \
        (YYYY-MM-DDTHH:MM:SS), with a zone only where the card or the file records one.

        Recording start and end come from the media headers (MP4/MOV mvhd, AVI IDIT/avih, \
        MPEG-TS/PS time stamps, JPEG EXIF), else the file or folder name, else the filesystem's \
        modify time; `time_source` says which. With --clock-offset the corrected (true) times \
        are shown beside the camera's own; --from/--to select in true time the files whose \
        recording overlaps the window, and the listing ends with the moments several channels \
        recorded and the gaps no clip covers.

        On a ring-recorder card (Hikvision/EZVIZ hiv*.mp4 containers with their index) the \
        recordings the index gives follow the file table, selected by the same window; with \
        --json they are the `recordings` array.
        """,
        .helpExportDiscussion: """
        Card files go under data/card/<card path>, recovered deleted files (--deleted) under \
        data/recovered/<card path>; names, folders and modify times are kept. Each file is read \
        once from the card and hashed as it is written, then re-read from the bag and checked. \
        The bag holds manifest-sha256.txt (and --also manifests), bag-info.txt, \
        sdcustody-provenance.json (where each file was on the card, its times and recording \
        times, the source's SHA-256) and access-log.jsonl (the access-log entries about this \
        evidence). It is built under a temporary name beside DIR and renamed to DIR only when \
        complete; DIR must not exist. Check it with `sdcustody verify DIR` or `bagit.py --validate DIR`.
        """,
        .helpAcquireDiscussion: """
        Reads the whole device (or image) once in large blocks, computes SHA-256 (and any --hash) \
        as it reads, writes IMAGE (or IMAGE.001, IMAGE.002, … with --split), syncs it, re-reads it \
        from the disk and checks the hashes. IMAGE.acquisition.json beside it records the device's \
        identity (SD CID/CSD where the reader exposes them), hashes, times, unreadable sectors, \
        operator, case and exhibit. On a failing card it works as GNU ddrescue does: a read \
        that fails makes the first pass jump ahead (further on each failure), later passes come \
        back to the skipped areas, trim the failed blocks sector by sector from both ends, read \
        what is left sector by sector, and re-read the bad sectors --retries times. What stays \
        unreadable is written as zeros and listed (or, with --no-zero-fill, the run stops); \
        IMAGE.mapfile, in ddrescue's mapfile format, says which bytes were read (ddrescuelog \
        reads it), and is kept up to date during the run. If interrupted, the files are left \
        as IMAGE.partial with a record and a mapfile that say so. Nothing is ever overwritten. \
        With --verify SOURCE --record IMAGE.acquisition.json, nothing is imaged: a card that \
        came back (the police took the original) is hashed again and compared with the record; \
        exit status 0 unchanged, 1 changed since the acquisition, 2 unreadable.
        """,
        .helpClockDiscussion: """
        Read the camera's own clock (its screen or its on-screen time stamp) and a reference clock \
        at the same moment: a phone's network time, the 117 time signal, GPS. The offset is the \
        camera's time minus the reference: +00:02:13 means the camera runs 2 min 13 s fast. The \
        check goes into the access log; `export --camera-id ID` without --clock-offset then uses \
        the most recent check of that camera and names it in the provenance (an explicit \
        --clock-offset still wins, and the provenance records both).
        """,
        .helpInfoDiscussion: "Reads only the card's structures, never its files (on a recorder card, its index files too). The source is opened read-only.",
    ]
}
