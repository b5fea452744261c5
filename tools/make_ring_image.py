#!/usr/bin/env python3
"""A sparse 128 GiB FAT32 card image laid out as a Hikvision/EZVIZ ring, for tools/bench ring.

Usage: make_ring_image.py IMAGE [CONTAINERS [SEGMENTS_PER_CONTAINER]] [--fill] [--plain-tree DIR]
       [--size-mib MIB]   (default 480, 42, 131072: a 128 GiB card)

--fill fills every segment (5 MiB after its pack header) with pseudo-random bytes, seeded so that
every run writes the same image (tools/bench window: 1 GiB of recordings that really are on the
disk); --plain-tree DIR also writes each segment's bytes as a plain file under DIR
(RECORD/YYYYMMDD/ch01_YYYYMMDDHHMMSS.mpg), the same bytes for the plain card the windowed export
is compared with; --size-mib sets the card's size (at least 2048: FAT32 with 32 KiB clusters),
so that the card, which export hashes whole, is as large as the plain card it is compared with.

Written directly (boot sector, FSInfo, both FATs, root folder, files in contiguous clusters) so
that nothing writes 120 GiB of zeros: the containers are holes except for one 14-byte MPEG-2
pack header at each segment's offset, whose SCR agrees with the index record's 45 kHz clock.
Index layout: shared/testdata/hikvision/README.md (little-endian). Our own writer.
"""
import array, os, random, struct, sys, time

SECTOR, SPC, RESERVED, NFATS = 512, 64, 32, 2
CLUSTER = SECTOR * SPC
TOTAL_SECTORS = 1 << 28                     # 128 GiB
CONTAINER = 268_435_456
EOC = 0x0FFFFFFF

def fat_layout():
    clusters = (TOTAL_SECTORS - RESERVED) // SPC
    while True:
        fatsz = -(-(clusters + 2) * 4 // SECTOR)
        c = (TOTAL_SECTORS - RESERVED - NFATS * fatsz) // SPC
        if c == clusters:
            return fatsz, clusters
        clusters = c

def pack(scr):
    s = scr & 0x1FFFFFFFF
    b4 = 0x40 | ((s >> 30) & 7) << 3 | 0x04 | ((s >> 28) & 3)
    b5 = (s >> 20) & 0xFF
    b6 = ((s >> 15) & 0x1F) << 3 | 0x04 | ((s >> 13) & 3)
    b7 = (s >> 5) & 0xFF
    b8 = (s & 0x1F) << 3 | 0x04
    return bytes([0, 0, 1, 0xBA, b4, b5, b6, b7, b8, 0x01, 0x01, 0x89, 0xC3, 0xF8])

def index(n, per, t0):
    out = bytearray(0x500 + n * (32 + 256 * 80))
    struct.pack_into('<QIIII', out, 0, 1, 2, n, 0, 0xFFFFFFFF)
    for k in range(49):
        struct.pack_into('<H', out, 0x18 + 24 * k, 0xFFFF)
    packs = []
    for i in range(n):
        first = t0 + i * per * 60
        struct.pack_into('<IHHII', out, 0x500 + 32 * i, i, 1, per - 1, first, first + per * 60 - 1)
        for j in range(per):
            k = i * per + j
            start, offset, scr = t0 + k * 60, j * 0x60_0000, (k * 90_000 * 60) & 0x1FFFFFFFF
            o = 0x500 + 32 * n + (256 * i + j) * 80
            out[o] = 13
            struct.pack_into('<I', out, o + 4, 98)
            struct.pack_into('<QQQ', out, o + 8, start, start + 59, start)
            clock = (scr >> 1) & 0xFFFFFFFF
            struct.pack_into('<IIII', out, o + 0x20, clock, (clock + 59 * 45_000) & 0xFFFFFFFF, offset, offset + 0x50_0000)
            packs.append((i, offset, pack(scr)))
    return bytes(out), packs

def dirent(name83, cluster, size, date, time_):
    e = bytearray(32)
    assert len(name83) == 11
    e[0:11] = name83.encode()
    e[11] = 0x20
    e[12] = 0x18                                 # lower-case name and extension
    struct.pack_into('<HHHHHHHI', e, 14, time_, date, date, cluster >> 16, time_, date, cluster & 0xFFFF, size)
    return bytes(e)

SEGMENT = 0x50_0000

def main():
    args, fill, tree = [], False, None
    it = iter(sys.argv[1:])
    for a in it:
        if a == '--fill': fill = True
        elif a == '--plain-tree': tree = next(it)
        elif a == '--size-mib':
            global TOTAL_SECTORS
            TOTAL_SECTORS = int(next(it)) * 2048
        else: args.append(a)
    path = args[0]
    n = int(args[1]) if len(args) > 1 else 480
    per = int(args[2]) if len(args) > 2 else 42
    fatsz, clusters = fat_layout()
    idx, packs = index(n, per, 1_790_000_000)
    files = [('INDEX00 BIN', len(idx)), ('INDEX01 BIN', len(idx))] + [('HIV%05dMP4' % i, CONTAINER) for i in range(n)]
    fat = array.array('I', [0]) * (fatsz * SECTOR // 4)
    fat[0], fat[1], fat[2] = 0x0FFFFFF8, EOC, EOC     # cluster 2: the root folder
    nxt, starts = 3, []
    for _, size in files:
        k = max(1, -(-size // CLUSTER))
        assert nxt + k - 2 <= clusters, 'the files do not fit the card'
        fat[nxt:nxt + k - 1] = array.array('I', range(nxt + 1, nxt + k))
        fat[nxt + k - 1] = EOC
        starts.append(nxt)
        nxt += k
    first_data = RESERVED + NFATS * fatsz
    def at(cluster): return (first_data + (cluster - 2) * SPC) * SECTOR
    boot = bytearray(512)
    boot[0:3] = b'\xEB\x58\x90'; boot[3:11] = b'MSWIN4.1'
    struct.pack_into('<HBHBHHBHHHII', boot, 11, SECTOR, SPC, RESERVED, NFATS, 0, 0, 0xF8, 0, 63, 255, 0, TOTAL_SECTORS)
    struct.pack_into('<IHHIHH', boot, 36, fatsz, 0, 0, 2, 1, 6)
    boot[64], boot[66] = 0x80, 0x29
    struct.pack_into('<I', boot, 67, 0x20261120)
    boot[71:82] = b'HIKVISION  '; boot[82:90] = b'FAT32   '
    boot[510:512] = b'\x55\xAA'
    info = bytearray(512)
    struct.pack_into('<I', info, 0, 0x41615252); struct.pack_into('<III', info, 484, 0x61417272, 0xFFFFFFFF, 0xFFFFFFFF)
    struct.pack_into('<I', info, 508, 0xAA550000)
    date, time_ = (2026 - 1980) << 9 | 11 << 5 | 1, 10 << 11
    root = b''.join(dirent(name, c, size, date, time_) for (name, size), c in zip(files, starts))
    assert len(root) <= CLUSTER
    with open(path, 'wb') as f:
        f.truncate(TOTAL_SECTORS * SECTOR)
        for s, blob in ((0, boot), (1, info), (6, boot), (7, info)):
            f.seek(s * SECTOR); f.write(blob)
        raw = fat.tobytes()
        for k in range(NFATS):
            f.seek((RESERVED + k * fatsz) * SECTOR); f.write(raw)
        f.seek(at(2)); f.write(root)
        f.seek(at(starts[0])); f.write(idx)
        f.seek(at(starts[1])); f.write(idx)
        rng = random.Random(20261120)
        for k, (i, offset, p) in enumerate(packs):
            f.seek(at(starts[2 + i]) + offset)
            if not fill:
                f.write(p)
                continue
            data = p + rng.randbytes(SEGMENT - len(p))
            f.write(data)
            if tree is not None:
                t = time.gmtime(1_790_000_000 + k * 60)
                folder = os.path.join(tree, 'RECORD', time.strftime('%Y%m%d', t))
                os.makedirs(folder, exist_ok=True)
                with open(os.path.join(folder, time.strftime('ch01_%Y%m%d%H%M%S.mpg', t)), 'wb') as g:
                    g.write(data)
    print('%s: %d containers, %d recordings' % (path, n, len(packs)))

if __name__ == '__main__':
    main()
