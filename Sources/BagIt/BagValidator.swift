#if canImport(Glibc)
import Glibc
#endif
import SystemIO
import Messages

/// Full validation of a bag, ours or anyone's (RFC 8493 §3 "complete" and "valid"; BagIt 1.0
/// and the pre-1.0 drafts such as 0.97):
///
/// - bagit.txt strictly (two lines, no BOM, M.N version), the declared tag file encoding;
/// - bag-info.txt (labels, continuation lines, Payload-Oxum: compared, never enough alone);
/// - every `manifest-*.txt` and `tagmanifest-*.txt`: unsafe paths, duplicates, unsupported
///   algorithms (noted);
/// - every payload file hashed once with every algorithm that lists it, streamed;
/// - nothing missing, nothing extra in data/ (1.0: every file in every payload manifest);
/// - tag manifests checked; fetch.txt entries must be present (a holey bag is incomplete);
/// - symlinks and special files are problems and are never followed.
///
/// Callers add their own tag-file checks with `additionalChecks`; they run on a bag that could
/// be read and their problems join the report.
public struct BagValidator {
    public typealias Check = (Bag) throws -> [BagProblem]

    public var additionalChecks: [Check]
    /// Check everything but the payload files' bytes, and list in `BagReport.deferredPayload`
    /// what each must hash to: for a caller that reads every payload byte anyway (`seal` streams
    /// them into an archive) and checks them in that same read with `PayloadStreamCheck`. Such a
    /// report's `valid` means "valid if the payload bytes match".
    public var deferPayloadHashing: Bool

    public init(additionalChecks: [Check] = [], deferPayloadHashing: Bool = false) {
        self.additionalChecks = additionalChecks
        self.deferPayloadHashing = deferPayloadHashing
    }

    /// Validates the bag folder at `path`. Never throws: every failure is in the report.
    public func validate(_ path: String) -> BagReport {
        var run = ValidationRun(path: path, deferPayloadHashing: deferPayloadHashing)
        run.perform(additionalChecks)
        return run.report()
    }
}

/// The state of one validation.
private struct ValidationRun {
    let path: String
    var problems: [BagProblem] = []
    var warnings: [BagWarning] = []
    // For de-duplication without quadratic scans on bags with many problems.
    var problemSet = Set<BagProblem>()
    var warningSet = Set<BagWarning>()
    var declaration: BagDeclaration?
    var stopped = false
    var payloadFiles: [Bag.PayloadFile] = []
    var payloadBytes: UInt64 = 0
    var checked: [String] = []
    let deferPayloadHashing: Bool
    var deferred: [DeferredPayloadFile] = []

    init(path: String, deferPayloadHashing: Bool = false) {
        self.path = path
        self.deferPayloadHashing = deferPayloadHashing
    }

    mutating func problem(_ p: BagProblem) {
        if problemSet.insert(p).inserted { problems.append(p) }
    }

    mutating func warn(_ path: String?, _ message: String) {
        let w = BagWarning(path: path, message: message)
        if warningSet.insert(w).inserted { warnings.append(w) }
    }

    func report() -> BagReport {
        let verdict: BagReport.Verdict
        if problems.isEmpty {
            verdict = .valid
        } else if stopped && declaration == nil {
            verdict = .notABag
        } else if problems.allSatisfy({ if case .unreadable = $0 { return true } else { return false } }) {
            verdict = .notABag
        } else {
            verdict = .invalid
        }
        return BagReport(verdict: verdict, problems: problems, warnings: warnings, version: declaration?.version,
                         payloadFileCount: payloadFiles.count, payloadByteCount: payloadBytes, checkedAlgorithms: checked,
                         deferredPayload: deferred)
    }

    mutating func perform(_ checks: [BagValidator.Check]) {
        let rootFD: Int32
        do {
            rootFD = try FileSystem.openDirectory(path)
        } catch {
            stopped = true
            problem(.unreadable(path: path, reason: errorReason(error)))
            return
        }
        defer { close(rootFD) }

        // bagit.txt first: without it this is not a bag, and a large folder that is not a bag
        // must not be walked.
        let bagitName = Array("bagit.txt".utf8)
        var bagitStat = stat()
        guard fstatat(rootFD, FileSystem.cString(bagitName), &bagitStat, AT_SYMLINK_NOFOLLOW) == 0 else {
            stopped = true
            if errno == ENOENT || errno == ENOTDIR {
                problem(.badTagFile(name: "bagit.txt", reason: tr(.bcIsMissingSoThisFolder)))
            } else {
                problem(.unreadable(path: "bagit.txt", reason: errnoText(errno)))
            }
            return
        }
        guard (bagitStat.st_mode & S_IFMT) == S_IFREG else {
            stopped = true
            problem(.notRegularFile(path: "bagit.txt"))
            return
        }
        let parsedDeclaration: BagDeclaration
        do {
            let bytes = try Bag.read(rootFD, [bagitName], display: "bagit.txt", limit: 64 << 10)
            parsedDeclaration = try BagDeclaration.parse(bytes)
        } catch let error as BagError {
            stopped = true
            problem(.unreadable(path: "bagit.txt", reason: error.description))
            return
        } catch {
            // A bagit.txt that is there but malformed: a broken bag rather than no bag.
            declaration = BagDeclaration(version: "?", encoding: "?")
            problem(.badTagFile(name: "bagit.txt", reason: String(describing: error)))
            stopped = true
            return
        }
        declaration = parsedDeclaration

        let inventory: BagInventory
        do {
            inventory = try BagInventory.walk(rootFD, display: path)
        } catch {
            stopped = true
            problem(.unreadable(path: path, reason: errorReason(error)))
            return
        }
        let old = parsedDeclaration.isBefore1_0
        if let numbers = parsedDeclaration.versionNumbers {
            if old {
                warn("bagit.txt", tr(.bcBagItPredates10Checked, ["version": "\(parsedDeclaration.version)"]))
            } else if numbers.major > 1 || (numbers.major == 1 && numbers.minor > 0) {
                warn("bagit.txt", tr(.bcBagItIsNewerThan1, ["version": "\(parsedDeclaration.version)"]))
            }
        }
        guard let encoding = TagFileText.Encoding(name: parsedDeclaration.encoding) else {
            problem(.badTagFile(name: "bagit.txt", reason: tr(.bcDeclaresTagFileEncodingWhich, ["encoding": "\(BagError.quoted(parsedDeclaration.encoding))"])))
            return
        }
        if encoding != .utf8 {
            warn("bagit.txt", tr(.bcTagFilesAreInRFC, ["encoding": "\(parsedDeclaration.encoding)"]))
        }

        if !inventory.hasDataFolder {
            problem(.badTagFile(name: "data/", reason: tr(.bcIsMissingABagKeeps)))
        }
        for irregular in inventory.irregular.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            problem(.notRegularFile(path: BagPath.display(irregular)))
        }

        // Root tag files by name.
        var payloadManifests: [Manifest] = []
        var tagManifests: [Manifest] = []
        let rootNames = inventory.tags.keys.filter { !$0.contains(0x2f) }.sorted(by: { $0.lexicographicallyPrecedes($1) })
        for nameBytes in rootNames {
            let name = BagPath.display(nameBytes)
            guard let (kind, algorithm) = Manifest.classify(fileName: name) else { continue }
            guard let entry = inventory.tags[nameBytes], entry.isRegular else { continue }
            guard let text = readText(rootFD, name, encoding: encoding, old: old) else { continue }
            let length = ChecksumHasher.digestLength(algorithm)
            if length == nil {
                warn(name, tr(.bcAlgorithmIsNotSupportedIts, ["algorithm": "\(algorithm)"]))
            }
            let (manifest, notes) = Manifest.parse(fileName: name, kind: kind, algorithm: algorithm, text: text,
                                                   decodePercent: !old, digestLength: length)
            notes.problems.forEach { problem($0) }
            notes.warnings.forEach { warn($0.path, $0.message) }
            checkDuplicates(manifest, old: old)
            if kind == .payload { payloadManifests.append(manifest) } else { tagManifests.append(manifest) }
        }
        if payloadManifests.isEmpty {
            problem(.badTagFile(name: "manifest-<algorithm>.txt", reason: tr(.bcIsMissingABagNeeds)))
        } else if !payloadManifests.contains(where: { ChecksumHasher.digestLength($0.algorithm) != nil }) {
            problem(.badTagFile(name: payloadManifests[0].fileName, reason: tr(.bcNoPayloadManifestUsesAn)))
        }

        // Payload: completeness, then every listed file hashed once.
        let payloadLookup = PathLookup(inventory.payload.keys)
        var listedBy: [[UInt8]: [(manifest: Manifest, entry: Manifest.Entry)]] = [:]
        var missing: [[UInt8]] = []
        var missingSet = Set<[UInt8]>()
        for manifest in payloadManifests {
            for entry in manifest.entries {
                if let found = resolve(entry.pathBytes, payloadLookup, file: manifest.fileName)
                    ?? resolveLiteral(entry, payloadLookup, file: manifest.fileName) {
                    listedBy[found, default: []].append((manifest, entry))
                } else if missingSet.insert(entry.pathBytes).inserted {
                    missing.append(entry.pathBytes)
                }
            }
        }
        for m in missing { problem(.missing(path: BagPath.display(m))) }

        var octets: UInt64 = 0
        var regularCount = 0
        var checkedSet = Set<String>()
        for path in inventory.payload.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let item = inventory.payload[path], item.isRegular else { continue }
            regularCount += 1
            // Saturating: sparse files can claim sizes whose sum overflows.
            let (sum, overflow) = octets.addingReportingOverflow(item.size)
            octets = overflow ? .max : sum
            let listings = listedBy[path] ?? []
            if listings.isEmpty {
                problem(.extra(path: BagPath.display(path)))
                payloadFiles.append(Bag.PayloadFile(pathBytes: path, size: item.size, digests: [:]))
                continue
            }
            if !old {
                for manifest in payloadManifests where !listings.contains(where: { $0.manifest.fileName == manifest.fileName }) {
                    problem(.notInManifest(path: BagPath.display(path), manifest: manifest.fileName))
                }
            }
            let algorithms = Set(listings.map(\.manifest.algorithm)).filter { ChecksumHasher.digestLength($0) != nil }
            var digests: [String: String] = [:]
            var size = item.size
            if !algorithms.isEmpty && deferPayloadHashing {
                // The manifests' values stand in for the digests until the caller's stream check.
                let expected = listings.filter { algorithms.contains($0.manifest.algorithm) }
                    .map { (algorithm: $0.manifest.algorithm, checksum: $0.entry.checksum) }
                for e in expected where digests[e.algorithm] == nil { digests[e.algorithm] = e.checksum }
                deferred.append(DeferredPayloadFile(pathBytes: path, size: item.size, expected: expected))
                checkedSet.formUnion(algorithms)
            } else if !algorithms.isEmpty {
                if let result = hash(rootFD, path, algorithms: Array(algorithms)) {
                    digests = result.digests
                    size = result.size
                    checkedSet.formUnion(algorithms)
                    for listing in listings {
                        if let actual = digests[listing.manifest.algorithm], actual != listing.entry.checksum {
                            problem(.changed(path: BagPath.display(path), algorithm: listing.manifest.algorithm))
                        }
                    }
                }
            }
            payloadFiles.append(Bag.PayloadFile(pathBytes: path, size: size, digests: digests))
        }
        payloadBytes = octets
        checked = ChecksumHasher.supported.filter { checkedSet.contains($0) }

        // Tag manifests.
        let tagLookup = PathLookup(inventory.tags.keys)
        var tagListed = Set<[UInt8]>()
        var tagHashes: [[UInt8]: [(manifest: Manifest, entry: Manifest.Entry)]] = [:]
        for manifest in tagManifests {
            let listed = Set(manifest.entries.map(\.pathBytes))
            for payloadManifest in payloadManifests where !listed.contains(Array(payloadManifest.fileName.utf8)) {
                let reason = tr(.bcDoesNotList, ["fileName": "\(payloadManifest.fileName)"])
                if old { warn(manifest.fileName, reason) } else { problem(.badTagFile(name: manifest.fileName, reason: reason)) }
            }
            for entry in manifest.entries {
                if let name = String(validating: entry.pathBytes, as: UTF8.self), !name.contains("/"),
                   Manifest.classify(fileName: name)?.kind == .tag {
                    warn(manifest.fileName, tr(.bcListsTheTagManifestWhich, ["name": "\(name)"]))
                }
                guard let found = resolve(entry.pathBytes, tagLookup, file: manifest.fileName)
                    ?? resolveLiteral(entry, tagLookup, file: manifest.fileName) else {
                    problem(.missing(path: entry.path))
                    continue
                }
                tagListed.insert(found)
                tagHashes[found, default: []].append((manifest, entry))
            }
        }
        for path in tagHashes.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let listings = tagHashes[path], inventory.tags[path]?.isRegular == true else { continue }
            let algorithms = Set(listings.map(\.manifest.algorithm)).filter { ChecksumHasher.digestLength($0) != nil }
            guard !algorithms.isEmpty, let result = hash(rootFD, path, algorithms: Array(algorithms)) else { continue }
            for listing in listings {
                if let actual = result.digests[listing.manifest.algorithm], actual != listing.entry.checksum {
                    problem(.changed(path: BagPath.display(path), algorithm: listing.manifest.algorithm))
                }
            }
        }
        if !tagManifests.isEmpty {
            for path in inventory.tags.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where !tagListed.contains(path) {
                let name = BagPath.display(path)
                if !path.contains(0x2f), Manifest.classify(fileName: name)?.kind == .tag { continue }
                if inventory.tags[path]?.isRegular != true { continue }
                warn(name, tr(.bcIsNotListedInAny))
            }
        }

        // bag-info.txt.
        var info: BagInfo?
        let infoName = Array("bag-info.txt".utf8)
        if inventory.tags[infoName]?.isRegular == true, let text = readText(rootFD, "bag-info.txt", encoding: encoding, old: old) {
            do {
                let parsed = try BagInfo.parse(text, strict: !old)
                info = parsed.info
                parsed.warnings.forEach { warn("bag-info.txt", $0) }
                checkOxum(parsed.info, octets: octets, files: regularCount)
                if parsed.info.values("Bagging-Date").count > 1 { warn("bag-info.txt", tr(.bcBaggingDateAppearsMoreThan)) }
            } catch {
                problem(.badTagFile(name: "bag-info.txt", reason: String(describing: error)))
            }
        }

        // fetch.txt: entries must name payload files, and a bag is only complete when they are all present.
        let fetchName = Array("fetch.txt".utf8)
        if inventory.tags[fetchName]?.isRegular == true, let text = readText(rootFD, "fetch.txt", encoding: encoding, old: old) {
            checkFetch(text, old: old, payloadManifests: payloadManifests, lookup: payloadLookup)
        }

        guard !stopped else { return }
        let bag = Bag(path: path, declaration: parsedDeclaration, info: info, payloadManifests: payloadManifests,
                      tagManifests: tagManifests, payloadFiles: payloadFiles,
                      tagFiles: inventory.tags.keys.filter { inventory.tags[$0]?.isRegular == true }
                          .sorted(by: { $0.lexicographicallyPrecedes($1) }).map(BagPath.display))
        for check in checks {
            do {
                for p in try check(bag) { problem(p) }
            } catch {
                problem(.check(name: "check", path: nil, reason: errorReason(error)))
            }
        }
    }

    // MARK: Pieces

    func errorReason(_ error: Error) -> String { String(describing: error) }

    /// Reads and decodes a tag file, reporting problems; nil when it cannot be used.
    mutating func readText(_ rootFD: Int32, _ name: String, encoding: TagFileText.Encoding, old: Bool) -> String? {
        let bytes: [UInt8]
        do {
            bytes = try Bag.read(rootFD, [Array(name.utf8)], display: name, limit: Bag.defaultTagFileLimit)
        } catch {
            problem(.unreadable(path: name, reason: errorReason(error)))
            return nil
        }
        do {
            let (text, bom) = try TagFileText.decode(bytes, encoding)
            if bom {
                if old { warn(name, tr(.bcStartsWithAByteOrder2)) } else {
                    problem(.badTagFile(name: name, reason: tr(.bcStartsWithAByteOrder3)))
                }
            }
            return text
        } catch {
            problem(.badTagFile(name: name, reason: tr(.bcCannotBeDecodedAs, ["v": "\(declaration?.encoding ?? "declared")", "error": "\(error)"])))
            return nil
        }
    }

    /// RFC 8493 §2.1.3: every payload file is listed exactly once per manifest. Before 1.0 a
    /// repeated line with the same checksum was tolerated (the 0.97 conformance suite warns).
    mutating func checkDuplicates(_ manifest: Manifest, old: Bool) {
        var seen: [[UInt8]: String] = [:]
        var byText: [String: [UInt8]] = [:]
        var byCase: [String: [UInt8]] = [:]
        for entry in manifest.entries {
            if let previous = seen[entry.pathBytes] {
                if old && previous == entry.checksum {
                    warn(manifest.fileName, tr(.bcListsTwiceWithTheSame, ["path": "\(BagError.quoted(entry.path))"]))
                } else {
                    problem(.duplicateEntry(path: entry.path, manifest: manifest.fileName))
                }
                continue
            }
            seen[entry.pathBytes] = entry.checksum
            // Swift string equality is Unicode canonical equivalence: these catch names that
            // differ only in normalization or in case, which collide on many filesystems.
            if let other = byText[entry.path], other != entry.pathBytes {
                warn(manifest.fileName, tr(.bcListsInTwoUnicodeNormalizations, ["path": "\(BagError.quoted(entry.path))"]))
            } else if let other = byCase[entry.path.lowercased()], other != entry.pathBytes {
                warn(manifest.fileName, tr(.bcListsAndWhichDifferOnly, ["path": "\(BagError.quoted(entry.path))", "other": "\(BagError.quoted(BagPath.display(other)))"]))
            }
            byText[entry.path] = entry.pathBytes
            byCase[entry.path.lowercased()] = entry.pathBytes
        }
    }

    /// Finds the file a manifest path names: by exact bytes, else (with a warning) the single
    /// file whose name is the same text in another Unicode normalization.
    mutating func resolve(_ path: [UInt8], _ lookup: PathLookup, file: String) -> [UInt8]? {
        if lookup.exact.contains(path) { return path }
        if let text = String(validating: path, as: UTF8.self), let candidates = lookup.byText[text], candidates.count == 1 {
            warn(file, tr(.bcIsListedInADifferent, ["text": "\(BagError.quoted(text))"]))
            return candidates[0]
        }
        return nil
    }

    /// Falls back to a `%`-escaped path taken literally, as tools that ignore RFC 8493's
    /// escaping write it (the hashes still decide validity).
    mutating func resolveLiteral(_ entry: Manifest.Entry, _ lookup: PathLookup, file: String) -> [UInt8]? {
        guard let literal = entry.literalPathBytes, lookup.exact.contains(literal) else { return nil }
        warn(file, tr(.bcIsNotPercentEncodedAs, ["literal": "\(BagError.quoted(BagPath.display(literal)))"]))
        return literal
    }

    mutating func hash(_ rootFD: Int32, _ path: [UInt8], algorithms: [String]) -> (digests: [String: String], size: UInt64)? {
        let display = BagPath.display(path)
        do {
            let components = path.split(separator: 0x2f).map(Array.init)
            let fd = try FileSystem.openBeneath(rootFD, components, lastFlags: O_RDONLY, display: display)
            defer { close(fd) }
            let st = try FileSystem.status(fd, display: display)
            guard (st.st_mode & S_IFMT) == S_IFREG else {
                problem(.notRegularFile(path: display))
                return nil
            }
            return try ChecksumHasher.hashFile(fd, algorithms, display: display)
        } catch {
            problem(.unreadable(path: display, reason: errorReason(error)))
            return nil
        }
    }

    mutating func checkOxum(_ info: BagInfo, octets: UInt64, files: Int) {
        let values = info.values("Payload-Oxum")
        if values.count > 1 {
            problem(.badTagFile(name: "bag-info.txt", reason: tr(.bcHasPayloadOxumMoreThan)))
            return
        }
        guard let text = values.first else { return }
        guard let oxum = PayloadOxum(text) else {
            problem(.badTagFile(name: "bag-info.txt", reason: tr(.bcPayloadOxumIsNotOctetCount, ["text": "\(BagError.quoted(text))"])))
            return
        }
        let found = PayloadOxum(octetCount: octets, streamCount: UInt64(files))
        if oxum != found { problem(.oxumMismatch(declared: oxum.description, found: found.description)) }
    }

    /// fetch.txt (RFC 8493 §2.2.3): `url length filepath` lines. Paths must stay in data/ and be
    /// listed in the payload manifests; a listed file that is absent makes the bag incomplete.
    mutating func checkFetch(_ text: String, old: Bool, payloadManifests: [Manifest], lookup: PathLookup) {
        var count = 0
        var manifestPaths = Set<[UInt8]>()
        for manifest in payloadManifests { manifest.entries.forEach { manifestPaths.insert($0.pathBytes) } }
        for (index, line) in TagFileText.lines(text).enumerated() {
            if line.allSatisfy({ $0.isLinearWhitespace }) { continue }
            let number = index + 1
            let fields = line.split(maxSplits: 2, omittingEmptySubsequences: true, whereSeparator: { $0.isLinearWhitespace })
            guard fields.count == 3 else {
                problem(.badTagFile(name: "fetch.txt", reason: tr(.bcLineIsNotUrlLength, ["number": "\(number)"])))
                continue
            }
            let length = fields[1]
            if length != "-" && !(length.allSatisfy { $0.isASCII && $0.isNumber } && length.count <= 20) {
                problem(.badTagFile(name: "fetch.txt", reason: tr(.bcLineLengthIsNotA, ["number": "\(number)", "length": "\(BagError.quoted(String(length)))"])))
            }
            var bytes = Array(fields[2].utf8)
            if !old { bytes = BagPath.decode(bytes) }
            if let reason = BagPath.escapeReason(bytes) {
                problem(.pathEscapes(path: BagPath.display(bytes), file: "fetch.txt", reason: reason))
                continue
            }
            guard bytes.starts(with: Array("data/".utf8)) else {
                problem(.pathEscapes(path: BagPath.display(bytes), file: "fetch.txt", reason: tr(.bcFetchEntryOutsideData)))
                continue
            }
            count += 1
            if !manifestPaths.contains(bytes) {
                problem(.badTagFile(name: "fetch.txt", reason: tr(.bcListsWhichNoPayloadManifest, ["bytes": "\(BagError.quoted(BagPath.display(bytes)))"])))
            }
            if resolve(bytes, lookup, file: "fetch.txt") == nil {
                problem(.missing(path: BagPath.display(bytes)))
            }
        }
        if count > 0 {
            warn("fetch.txt", "lists \(count) file\(count == 1 ? "" : "s") to fetch; the bag is valid only because all are present")
        }
    }
}

/// File paths found on disk, by exact bytes and by text (Unicode canonical equivalence).
struct PathLookup {
    let exact: Set<[UInt8]>
    let byText: [String: [[UInt8]]]

    init<S: Sequence>(_ paths: S) where S.Element == [UInt8] {
        exact = Set(paths)
        var byText: [String: [[UInt8]]] = [:]
        for p in exact {
            if let s = String(validating: p, as: UTF8.self) { byText[s, default: []].append(p) }
        }
        self.byText = byText
    }
}
