import CardIO
import CardFileSystem
import Messages

/// Recording time from an ISO BMFF file (MP4, MOV, 3GP): ISO/IEC 14496-12.
///
/// Reads box headers only, top level first: `mdat` is skipped by its size, so a `moov` at the end
/// of a long clip costs a few dozen header reads. Inside `moov` only `mvhd`, `trak/tkhd`,
/// `trak/mdia/mdhd`, `trak/mdia/hdlr` and `mvex/{mehd,trex}` are read; sample tables are not.
enum MP4TimeReader {
    /// A `trak` as far as we need it.
    struct Track {
        var header: TrackHeader?
        var media: MediaHeader?
        var handler: String?
    }

    /// Fragments of one track: first decode time, and where the last fragment ends.
    struct FragmentSpan {
        var first: UInt64?
        var end: UInt64 = 0
        var running: UInt64 = 0
    }

    static let topLevelLimit = 65_536

    static func read(_ reader: BoundedReader) -> MediaFindings {
        var f = MediaFindings()
        var problems: [String] = []
        let top = BoxHeader.children(reader, from: 0, to: reader.size, maxBoxes: topLevelLimit, problems: &problems)
        guard let first = top.first, RecordingTimeReader.isoTypes.contains(first.type) else {
            f.problem(tr(.mcNotAnISOBMFFFile))
            return f
        }
        for p in problems { f.problem(p) }

        guard let moov = top.first(where: { $0.type == "moov" }) else {
            f.problem(tr(.mcNoMoovBoxRecordingNot))
            // The camera writes moov when it closes the clip; media data without it was never closed.
            f.unfinalised = top.contains { $0.type == "mdat" }
            return f
        }
        var mp: [String] = []
        let moovKids = BoxHeader.children(reader, from: moov.payloadOffset, to: moov.end, problems: &mp)
        var movie: MovieHeader?
        var tracks: [Track] = []
        var mehd: MovieExtendsHeader?
        var trex: [UInt32: UInt32] = [:]
        var dayText: String?
        for box in moovKids {
            do {
                switch box.type {
                case "mvhd":
                    movie = try MovieHeader(payload(reader, box, cap: 40))
                case "udta":
                    if dayText == nil { dayText = UserDataDate.find(reader, udta: box, problems: &mp) }
                case "trak":
                    if tracks.count < 64 { tracks.append(readTrack(reader, box, &mp)) }
                case "mvex":
                    for child in BoxHeader.children(reader, from: box.payloadOffset, to: box.end, maxBoxes: 256, problems: &mp) {
                        if child.type == "mehd" { mehd = try MovieExtendsHeader(payload(reader, child, cap: 12)) }
                        if child.type == "trex" {
                            let t = try TrackExtends(payload(reader, child, cap: 24))
                            trex[t.trackID] = t.defaultSampleDuration
                        }
                    }
                default: break
                }
            } catch {
                mp.append("\(error)")
            }
        }
        for p in mp { f.problem(p) }

        // Start: mvhd, else the first track's tkhd, else its mdhd.
        let movieScale = movie?.timescale ?? 0
        if let movie {
            let duration = seconds(movie.duration, movie.timescale, unknown: movie.durationUnknown)
            switch isoBMFFTime(movie.creationTime, box: "mvhd") {
            case let .success(t):
                f.evidence.append(TimeEvidence(source: .mp4Mvhd, start: t, end: duration.flatMap { t.adding(seconds: $0) },
                                               duration: duration, note: "mvhd v\(movie.version), timescale \(movie.timescale), camera local time"))
            case let .failure(e):
                f.problem("\(e)")
                if let duration {
                    f.evidence.append(TimeEvidence(source: .mp4Mvhd, duration: duration, note: "mvhd duration only, timescale \(movie.timescale)"))
                }
            }
            if movie.timescale == 0 { f.problem(tr(.mcMvhdTimescaleIs0)) }
        } else {
            f.problem(tr(.mcMoovHasNoReadableMvhd))
        }
        for (i, track) in tracks.enumerated() {
            if let tkhd = track.header, case let .success(t) = isoBMFFTime(tkhd.creationTime, box: "tkhd") {
                let d = seconds(tkhd.duration, movieScale, unknown: tkhd.durationUnknown)
                f.evidence.append(TimeEvidence(source: .mp4Tkhd, start: t, end: d.flatMap { t.adding(seconds: $0) }, duration: d,
                                               note: "track \(tkhd.trackID) (\(track.handler ?? "?")) tkhd, index \(i)"))
            }
            if let mdhd = track.media {
                let d = seconds(mdhd.duration, mdhd.timescale, unknown: mdhd.durationUnknown)
                if case let .success(t) = isoBMFFTime(mdhd.creationTime, box: "mdhd") {
                    f.evidence.append(TimeEvidence(source: .mp4Mdhd, start: t, end: d.flatMap { t.adding(seconds: $0) }, duration: d,
                                                   note: "track \(track.header?.trackID ?? 0) (\(track.handler ?? "?")) mdhd, timescale \(mdhd.timescale)"))
                } else if let d {
                    f.evidence.append(TimeEvidence(source: .mp4Mdhd, duration: d,
                                                   note: "track \(track.header?.trackID ?? 0) (\(track.handler ?? "?")) mdhd duration only, timescale \(mdhd.timescale)"))
                }
                if mdhd.timescale == 0 { f.problem(tr(.mcMdhdTimescaleIs0In, ["v": "\(i + 1)"])) }
            }
        }

        applyUserDataDate(dayText, &f)

        // Fragmented: mehd when the writer gave one, else the fragments themselves. Either
        // outranks mvhd's duration, which covers only the samples in moov; so it goes first.
        let moofs = top.filter { $0.type == "moof" }
        if let mehd, let d = seconds(mehd.fragmentDuration, movieScale, unknown: false), d > 0 {
            f.evidence.insert(TimeEvidence(source: .mp4Fragmented, duration: d, note: "mehd fragment duration, timescale \(movieScale)"), at: 0)
        } else if !moofs.isEmpty {
            if let (d, note) = fragmentDuration(reader, moofs, tracks, trex, &f) {
                f.evidence.insert(TimeEvidence(source: .mp4Fragmented, duration: d, note: note), at: 0)
            }
        }
        return f
    }

    /// `©day` is kept as evidence. Where it has a zone and names the same instant as `mvhd` read
    /// as UTC, the file has said its `mvhd` is UTC: the start becomes that instant in ©day's zone
    /// (so it still compares as local wall-clock time, now with its zone shown).
    static func applyUserDataDate(_ text: String?, _ f: inout MediaFindings) {
        guard let text else { return }
        let shown = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7f }.prefix(40))
        guard let day = UserDataDate.parse(text) else {
            f.problem(tr(.mcUdtaDayIsNotAn, ["shown": "\(shown)"]))
            return
        }
        if let zone = day.utcOffsetMinutes,
           let i = f.evidence.firstIndex(where: { $0.source == .mp4Mvhd && $0.start != nil }),
           let mvhd = f.evidence[i].start,
           let utc = day.adding(seconds: Double(-zone * 60)),
           let gap = mvhd.seconds(until: utc), abs(gap) <= 2,
           let local = mvhd.adding(seconds: Double(zone * 60)) {
            var e = f.evidence[i]
            e.start = CardTimestamp(wallClockNanoseconds: local.wallClockNanoseconds ?? 0, utcOffsetMinutes: zone)
            e.end = e.duration.flatMap { e.start?.adding(seconds: $0) }
            e.note += "; UTC, as udta ©day \"\(shown)\" shows: given in its zone"
            f.evidence[i] = e
        }
        f.evidence.append(TimeEvidence(source: .mp4UserDataDate, start: day, note: "udta ©day \"\(shown)\""))
    }

    static func readTrack(_ reader: BoundedReader, _ trak: BoxHeader, _ problems: inout [String]) -> Track {
        var track = Track()
        for box in BoxHeader.children(reader, from: trak.payloadOffset, to: trak.end, maxBoxes: 256, problems: &problems) {
            do {
                if box.type == "tkhd" { track.header = try TrackHeader(payload(reader, box, cap: 40)) }
                if box.type == "mdia" {
                    for m in BoxHeader.children(reader, from: box.payloadOffset, to: box.end, maxBoxes: 256, problems: &problems) {
                        if m.type == "mdhd" { track.media = try MediaHeader(payload(reader, m, cap: 40)) }
                        if m.type == "hdlr" {
                            let h = try payload(reader, m, cap: 12)
                            track.handler = String(decoding: try h.slice(8, 4), as: UTF8.self)
                        }
                    }
                }
            } catch {
                problems.append("\(error)")
            }
        }
        return track
    }

    /// Seconds of `value` ticks at `scale`, or nil (zero timescale, unknown duration).
    static func seconds(_ value: UInt64, _ scale: UInt32, unknown: Bool) -> Double? {
        guard !unknown, scale > 0 else { return nil }
        return Double(value) / Double(scale)
    }

    /// The fragmented movie's length: for each track, the end of its last fragment (`tfdt`, the
    /// decode time of everything before it, plus that fragment's samples); the longest track
    /// wins, as ffprobe's format duration does. With `tfdt` only the first and last `moof` are
    /// read; without it the samples in `moov` and every fragment are summed, within the budget.
    static func fragmentDuration(_ reader: BoundedReader, _ moofs: [BoxHeader], _ tracks: [Track],
                                 _ trex: [UInt32: UInt32], _ f: inout MediaFindings) -> (Double, String)? {
        var spans: [UInt32: FragmentSpan] = [:]
        var problems: [String] = []
        var lastHadTfdt = true
        func newSpan(_ id: UInt32) -> FragmentSpan {
            // Samples in moov come before the first fragment.
            var span = FragmentSpan()
            if let m = tracks.first(where: { $0.header?.trackID == id })?.media, !m.durationUnknown { span.running = m.duration }
            return span
        }
        func visit(_ moof: BoxHeader) -> Bool {
            var sawTfdt = false
            for traf in BoxHeader.children(reader, from: moof.payloadOffset, to: moof.end, maxBoxes: 256, problems: &problems)
            where traf.type == "traf" {
                var tfhd: TrackFragmentHeader?
                var tfdt: UInt64?
                var sum: UInt64 = 0
                for box in BoxHeader.children(reader, from: traf.payloadOffset, to: traf.end, maxBoxes: 256, problems: &problems) {
                    do {
                        switch box.type {
                        case "tfhd": tfhd = try TrackFragmentHeader(payload(reader, box, cap: 40))
                        case "tfdt": tfdt = try TrackFragmentDecodeTime(payload(reader, box, cap: 12)).baseMediaDecodeTime
                        case "trun":
                            let run = try TrackRun(reader, box)
                            let id = tfhd?.trackID ?? 0
                            let d: UInt64
                            if let s = run.durationSum { d = s } else {
                                let each = UInt64(tfhd?.defaultSampleDuration ?? trex[id] ?? 0)
                                let (m, o) = each.multipliedReportingOverflow(by: UInt64(run.sampleCount))
                                if o { throw MediaParseError(tr(.mcTrunAtByteDurationOverflows, ["offset": "\(box.offset)"])) }
                                d = m
                            }
                            let (s, o) = sum.addingReportingOverflow(d)
                            if o { throw MediaParseError(tr(.mcTrafAtByteDurationOverflows, ["offset": "\(traf.offset)"])) }
                            sum = s
                        default: break
                        }
                    } catch {
                        problems.append("\(error)")
                        return false
                    }
                }
                guard let id = tfhd?.trackID else { continue }
                var span = spans[id] ?? newSpan(id)
                let base = tfdt ?? span.running
                if tfdt != nil { sawTfdt = true }
                if span.first == nil { span.first = base }
                let (end, o) = base.addingReportingOverflow(sum)
                if o { problems.append(tr(.mcFragmentTimesOverflow)); return false }
                span.running = end
                span.end = max(span.end, end)
                spans[id] = span
            }
            lastHadTfdt = sawTfdt
            return true
        }
        guard let firstMoof = moofs.first, visit(firstMoof) else {
            for p in problems { f.problem(p) }
            return nil
        }
        var note = "moof fragments"
        if moofs.count > 1 {
            if lastHadTfdt, let last = moofs.last, visit(last), lastHadTfdt {
                note = "first and last moof (tfdt + trun)"
            } else {
                // No decode times: every fragment must be summed.
                spans = [:]
                for moof in moofs {
                    guard visit(moof) else {
                        f.problem(tr(.mcFragmentDurationsUnknownBecauseNot))
                        for p in problems { f.problem(p) }
                        return nil
                    }
                }
                note = "sum of \(moofs.count) moof fragments"
            }
        }
        for p in problems { f.problem(p) }
        var best: Double?
        for (id, span) in spans {
            let scale = tracks.first(where: { $0.header?.trackID == id })?.media?.timescale ?? 0
            guard scale > 0 else { continue }
            let d = Double(span.end) / Double(scale)
            best = max(best ?? d, d)
        }
        guard let best else {
            f.problem(tr(.mcFragmentDurationsUnknownBecauseNo))
            return nil
        }
        return (best, note)
    }
}
