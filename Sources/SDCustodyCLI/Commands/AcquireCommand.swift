import Custody
import ArgumentParser
import Foundation
import Acquisition
import CardIO
import OpenSSL
import AccessLog
import SystemIO

/// `sdcustody acquire SOURCE --out IMAGE`: a bit-for-bit image, hashed as it is read, then re-read
/// and checked.
struct AcquireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acquire",
        abstract: "Image a card bit for bit, with hashes computed in the same pass, then verified.",
        discussion: """
        Reads the whole device (or image) once in large blocks, computes SHA-256 (and any --hash) \
        as it reads, writes IMAGE (or IMAGE.001, IMAGE.002, … with --split), syncs it, re-reads it \
        from the disk and checks the hashes. IMAGE.acquisition.json beside it records the device's \
        identity (SD CID/CSD where the reader exposes them), hashes, times, unreadable sectors, \
        operator, case and exhibit. Unreadable sectors are re-read --retries times, then written \
        as zeros and listed (or, with --no-zero-fill, the run stops). If interrupted, the files \
        are left as IMAGE.partial with a record that says so. Nothing is ever overwritten.
        """)

    @Argument(help: ArgumentHelp("Card device (/dev/sdb, /dev/mmcblk0) or image to copy.", valueName: "source"))
    var source: String
    @Option(name: .long, help: ArgumentHelp("Image file to write (must not exist).", valueName: "image")) var out: String
    @Option(name: .customLong("case"), help: "Case identifier for the record.") var caseID: String?
    @Option(name: .long, help: "Exhibit identifier for the record.") var exhibit: String?
    @Option(name: .long, help: "Who is imaging (else SDCUSTODY_OPERATOR, else the login name).") var `operator`: String?
    @Option(name: .long, help: ArgumentHelp("More hashes besides SHA-256: sha512, md5, sha1 (comma-separated).", valueName: "list"))
    var hash: String?
    @Option(name: .long, help: ArgumentHelp("Write parts of SIZE bytes (suffix K, M, G: 2G, 650M).", valueName: "size"))
    var split: String?
    @Option(name: .long, help: "Re-reads of an unreadable sector before it is given up.") var retries = 2
    @Flag(name: .long, help: "Stop at the first unreadable sector instead of writing zeros.") var noZeroFill = false
    @Flag(name: .long, help: "Print the acquisition record on stdout as JSON.") var json = false
    @OptionGroup var logOptions: AccessLogOptions

    func validate() throws {
        if retries < 0 || retries > 100 { throw ValidationError("--retries must be between 0 and 100") }
        if let split, Self.parseSize(split) == nil { throw ValidationError("--split takes a size such as 2G, 650M or 1048576") }
        if let hash {
            for name in hash.split(separator: ",") where DigestAlgorithm(rawValue: name.lowercased()) == nil {
                throw ValidationError("--hash: unknown algorithm \(name) (sha256, sha512, md5, sha1)")
            }
        }
    }

    static func parseSize(_ text: String) -> UInt64? {
        var digits = text.uppercased()
        var multiplier: UInt64 = 1
        if let last = digits.last, let power = ["K": 10, "M": 20, "G": 30, "T": 40][String(last)] {
            multiplier = 1 << UInt64(power)
            digits.removeLast()
        }
        guard let n = UInt64(digits), n > 0 else { return nil }
        let (v, overflow) = n.multipliedReportingOverflow(by: multiplier)
        return overflow || v < 512 ? nil : v
    }

    func run() throws {
        try logOptions.run("acquire", operator: `operator`, producesEvidence: true) { draft in
            draft.source = SourceRecord(path: source)
            draft.caseID = caseID
            draft.exhibit = exhibit
            try acquire(&draft)
        }
    }

    func acquire(_ draft: inout AccessDraft) throws {
        let kind: SourceKind
        let input: ByteSource
        do {
            kind = try SourceOpener.kind(of: source)
            if kind == .mountedFolder { throw CLIError.input("\(source) is a folder; acquire images a device or an image file") }
            input = try SourceOpener.open(source)
        } catch let e as CLIError { throw e } catch { throw CLIError.input("\(error)") }
        do { try OutputPlacement.check(output: out, source: source) } catch { throw CLIError.input("\(error)") }
        for existing in [out, AcquisitionRecord.recordPath(forImage: out), out + ".001"] where FileManager.default.fileExists(atPath: existing) {
            throw CLIError.input("\(existing) already exists; sdcustody never overwrites an image")
        }
        let device = kind == .blockDevice ? BlockDeviceInfo.inspect(source) : nil
        if let device, device.mountedReadWrite {
            Terminal.warning("\(source) is mounted read-write; the system may change it while it is imaged: unmount it first")
        }
        var sectorSize: UInt64 = 512
        if let device, let text = try? String(contentsOfFile: "/sys/class/block/\(device.kernelName)/queue/logical_block_size", encoding: .utf8),
           let v = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)), v >= 512 {
            sectorSize = v
        }
        let extra = (hash ?? "").split(separator: ",").compactMap { DigestAlgorithm(rawValue: $0.lowercased()) }
        let options = AcquisitionOptions(output: out, splitSize: split.flatMap(Self.parseSize), algorithms: [.sha256] + extra.filter { $0 != .sha256 },
                                         retries: retries, zeroFill: !noZeroFill, sectorSize: sectorSize)
        let imager = Imager(source: input, options: options)
        let bar = ProgressBar(label: "acquire")
        imager.onProgress = { p in
            bar.update(done: p.bytesDone, total: p.bytesTotal, extra: p.phase == "checking" ? "(checking)" : "bad sectors: \(p.badSectors)")
        }
        Interruption.install()
        imager.shouldStop = { Interruption.requested }
        let started = Date()
        let result: AcquisitionResult
        do { result = try imager.run() } catch { bar.finish(); throw CLIError.input("\(error)") }
        bar.finish()
        let record = AcquisitionRecord(result: result, options: options, sourcePath: source, sourceKind: kind, device: device,
                                       tool: CustodyTool.agent, started: started, finished: Date(),
                                       operatorName: AccessLogging.operatorName(option: `operator`), caseID: caseID, exhibit: exhibit)
        let recordPath = AcquisitionRecord.recordPath(forImage: result.complete ? out : out + ".partial")
        try writeRecord(record, to: recordPath)
        var identity: [String: String] = [:]
        identity["device_model"] = device?.model
        identity["device_serial"] = device?.serial
        identity["sd_cid"] = device?.cid
        draft.source = SourceRecord(path: source, size: Int64(clamping: result.sourceSize), sha256: result.hashes[.sha256],
                                    cardIdentity: identity.isEmpty ? nil : identity)
        draft.outputs = result.outputs.map { OutputRecord(path: $0) } + [OutputRecord(path: recordPath)]
        if let first = draft.outputs.first, result.outputs.count == 1 {
            draft.outputs[0] = OutputRecord(path: first.path, size: Int64(clamping: result.sourceSize), sha256: result.rereadHashes[.sha256])
        }
        draft.details["verdict"] = record.verdict
        draft.details["unreadable_bytes"] = String(result.badSectors.byteCount)

        if json {
            FileHandleOutput.standardOutput.write(String(decoding: try record.encoded(), as: UTF8.self) + "\n")
        } else {
            print("Image:       \(result.outputs.joined(separator: ", "))")
            print("Record:      \(recordPath)")
            print("Bytes:       \(result.bytesRead) of \(result.sourceSize)")
            for alg in options.algorithms {
                print("\(alg.rawValue.uppercased()):".padding(toLength: 13, withPad: " ", startingAt: 0) + (result.hashes[alg] ?? "-"))
            }
            for r in record.badSectors {
                print("Unreadable:  sectors \(r.firstSector)–\(r.firstSector + r.sectorCount - 1) (bytes \(r.byteOffset)–\(r.byteOffset + r.byteCount - 1)), written as zeros")
            }
            print("Verdict:     \(record.verdict)")
        }
        if !result.complete {
            throw CLIError.input("acquisition incomplete: \(result.stopReason ?? "stopped"); partial files left as \(result.outputs.joined(separator: ", "))")
        }
    }

    /// Writes the record under a temporary name, syncs, then links it into place (never replacing).
    func writeRecord(_ record: AcquisitionRecord, to path: String) throws {
        let data = try record.encoded() + Data("\n".utf8)
        do { try AtomicFile.write(data, to: path, mode: 0o644) } catch { throw CLIError.input("cannot write \(path): \(error)") }
    }
}
