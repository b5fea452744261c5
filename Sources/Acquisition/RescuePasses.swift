import CardIO
import Messages

/// What the passes of one acquisition share: the map, how far the in-order hash has got, and
/// the failed reads that later passes may make good.
struct RescueState {
    var map: RescueMap
    let sectorSize: UInt64
    /// Image bytes `0 ..< hashed` are in the digests.
    var hashed: UInt64 = 0
    /// Large reads of the copying passes that failed.
    var failedBlocks: [Range<UInt64>] = []
    /// Sectors a retry pass read after `reads` failed tries.
    var recoveredSectors: [(range: Range<UInt64>, reads: UInt64)] = []
    /// The last read error's text, for a run that stops on it.
    var lastError: String?
    var lastProgress: UInt64 = 0
    var lastMap: UInt64 = 0

    init(map: RescueMap, sectorSize: UInt64) {
        self.map = map
        self.sectorSize = sectorSize
    }

    mutating func recovered(_ range: Range<UInt64>, reads: UInt64) {
        if let last = recoveredSectors.last, last.reads == reads, last.range.upperBound == range.lowerBound {
            recoveredSectors[recoveredSectors.count - 1].range = last.range.lowerBound..<range.upperBound
        } else {
            recoveredSectors.append((range, reads))
        }
    }

    /// The failed reads whose every byte was read in the end.
    func retried() -> RetriedReads {
        var all = recoveredSectors
        for b in failedBlocks where map.isFinished(b) { all.append((b, 1)) }
        return RetriedReads(recovered: all, sectorSize: sectorSize)
    }
}

extension Imager {
    /// Passes 2 to 5 (see the type's documentation): the skipped areas, trimming, scraping and
    /// retrying. Each pass works on a list of ranges taken from the map when it starts.
    func rescue(state: inout RescueState, writer: ImageWriter) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: options.blockSize, alignment: 4096)
        defer { buffer.deallocate() }

        let skipped = state.map.ranges(.nonTried)
        if !skipped.isEmpty {
            state.map.phase = .copying
            state.map.pass = 2
            report(&state, force: true)
            for r in skipped {
                var pos = r.lowerBound
                while pos < r.upperBound {
                    try stopIfAsked(state)
                    let n = Int(min(UInt64(options.blockSize), r.upperBound - pos))
                    let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n])
                    state.map.currentPos = pos
                    let block = pos..<(pos + UInt64(n))
                    if try read(pos, into: chunk, state: &state) {
                        try writer.write(UnsafeRawBufferPointer(chunk), at: pos)
                        state.map.set(block, .finished)
                    } else {
                        state.failedBlocks.append(block)
                        state.map.set(block, .nonTrimmed)
                    }
                    pos += UInt64(n)
                    report(&state)
                }
            }
        }

        let untrimmed = state.map.ranges(.nonTrimmed)
        if !untrimmed.isEmpty {
            state.map.phase = .trimming
            state.map.pass = 1
            report(&state, force: true)
            for r in untrimmed { try trim(r, state: &state, writer: writer, buffer: buffer) }
        }

        let unscraped = state.map.ranges(.nonScraped)
        if !unscraped.isEmpty {
            state.map.phase = .scraping
            state.map.pass = 1
            report(&state, force: true)
            for r in unscraped {
                var pos = r.lowerBound
                while pos < r.upperBound {
                    let end = sectorEnd(pos, limit: r.upperBound)
                    _ = try readSector(pos..<end, state: &state, writer: writer, buffer: buffer)
                    pos = end
                }
            }
        }

        guard options.zeroFill, options.retries > 0 else { return }
        for retryPass in 1...options.retries {
            let bad = state.map.ranges(.badSector)
            if bad.isEmpty { break }
            state.map.phase = .retrying
            state.map.pass = retryPass
            report(&state, force: true)
            for r in bad {
                var pos = r.lowerBound
                while pos < r.upperBound {
                    try stopIfAsked(state)
                    let end = sectorEnd(pos, limit: r.upperBound)
                    let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(end - pos)])
                    state.map.currentPos = pos
                    if try read(pos, into: piece, state: &state) {
                        try writer.write(UnsafeRawBufferPointer(piece), at: pos)
                        state.map.set(pos..<end, .finished)
                        // Failed once when trimmed or scraped, then once in each earlier retry pass.
                        state.recovered(pos..<end, reads: UInt64(retryPass))
                    }
                    pos = end
                    report(&state)
                }
            }
        }
    }

    /// Reads a non-trimmed block sector by sector from its start up to the first failure, then
    /// from its end backwards up to the next; what lies between is left non-scraped.
    func trim(_ r: Range<UInt64>, state: inout RescueState, writer: ImageWriter,
              buffer: UnsafeMutableRawBufferPointer) throws {
        var low = r.lowerBound
        var failed: Range<UInt64>?
        while low < r.upperBound {
            let end = sectorEnd(low, limit: r.upperBound)
            if try readSector(low..<end, state: &state, writer: writer, buffer: buffer) {
                low = end
            } else {
                failed = low..<end
                break
            }
        }
        guard let failed else { return }
        var high = r.upperBound
        var middleEnd = high
        while high > failed.upperBound {
            let start = max(failed.upperBound, (high - 1) / options.sectorSize * options.sectorSize)
            if try readSector(start..<high, state: &state, writer: writer, buffer: buffer) {
                high = start
                middleEnd = start
            } else {
                middleEnd = start
                break
            }
        }
        if failed.upperBound < middleEnd { state.map.set(failed.upperBound..<middleEnd, .nonScraped) }
    }

    /// The end of the sector that starts at `pos` (the source may end inside its last sector).
    func sectorEnd(_ pos: UInt64, limit: UInt64) -> UInt64 {
        min(limit, (pos / options.sectorSize + 1) * options.sectorSize)
    }

    /// Reads one sector. Read: written and finished, true. Failed: a bad sector, false; or,
    /// with `--no-zero-fill`, retried at once and, still failing, the end of the run.
    func readSector(_ range: Range<UInt64>, state: inout RescueState, writer: ImageWriter,
                    buffer: UnsafeMutableRawBufferPointer) throws -> Bool {
        try stopIfAsked(state)
        let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(range.count)])
        state.map.currentPos = range.lowerBound
        var ok = try read(range.lowerBound, into: piece, state: &state)
        if !ok && !options.zeroFill {
            var failures: UInt64 = 1
            for _ in 0..<options.retries {
                if try read(range.lowerBound, into: piece, state: &state) { ok = true; break }
                failures += 1
            }
            if ok {
                state.recovered(range, reads: failures)
            } else {
                state.map.set(range, .badSector)
                throw AcquisitionError.unreadableSector(offset: range.lowerBound, reason: state.lastError ?? tr(.qcReadError))
            }
        }
        if ok {
            try writer.write(UnsafeRawBufferPointer(piece), at: range.lowerBound)
            state.map.set(range, .finished)
        } else {
            state.map.set(range, .badSector)
        }
        report(&state)
        return ok
    }

    func stopIfAsked(_ state: RescueState) throws {
        if shouldStop() { throw AcquisitionError.interrupted(bytesDone: state.map.byteCount(.finished)) }
    }
}
