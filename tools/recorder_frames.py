#!/usr/bin/env python3
"""Our own writers of Dahua DHAV and XM frame files for tools/make-recorder-samples.

Layouts as Sources/Recorders/Dahua/DHAVFrame.swift and XM/XMFrame.swift document them (all
little-endian). Usage: recorder_frames.py dahua-tree|xm-tree TREE A.h264 B.h264 C.h264
Each input is H.264 with an access-unit delimiter before every picture, 5 pictures a second.
"""
import os, random, struct, sys, time

def packed(y, mo, d, h, mi, s):
    return (y - 2000) << 26 | mo << 22 | d << 17 | h << 12 | mi << 6 | s

def access_units(path):
    data = open(path, 'rb').read()
    aud = b'\x00\x00\x00\x01\x09'
    starts = []
    i = data.find(aud)
    while i >= 0:
        starts.append(i)
        i = data.find(aud, i + 1)
    units = [data[a:b] for a, b in zip(starts, starts[1:] + [len(data)])]
    return [(u, b'\x00\x00\x01\x65' in u or b'\x00\x00\x00\x01\x65' in u) for u in units]

def clock(start, k, fps=5):
    t = start + k // fps
    lt = time.gmtime(t)
    return packed(lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec)

def dhav(units, start, counter=12000):
    out = bytearray()
    for n, (u, key) in enumerate(units):
        ext = bytes([0x80, 0, 160 // 8, 120 // 8, 0x81, 0, 0x02, 5]) if key else b''
        length = 24 + len(ext) + len(u) + 8
        ms = (counter + n * 200) & 0xFFFF
        out += b'DHAV' + bytes([0xFD if key else 0xFC, 0, 0, 0])
        out += struct.pack('<IIIHBB', n, length, clock(start, n), ms, len(ext), 0)
        out += ext + u + b'dhav' + struct.pack('<I', length)
    return bytes(out)

def xm(units, start):
    out = bytearray(b'\x00\x00\x01\xf9\x01\x00' + struct.pack('<H', 6) + b'XMINFO')
    for n, (u, key) in enumerate(units):
        if key:
            out += b'\x00\x00\x01\xfc' + bytes([0x02, 5, 160 // 8, 120 // 8]) + struct.pack('<II', clock(start, n), len(u)) + u
        else:
            out += b'\x00\x00\x01\xfd' + struct.pack('<I', len(u)) + u
    return bytes(out)

def wall(y, mo, d, h, mi, s):
    """Camera wall-clock seconds (naive local time written as if UTC)."""
    return int(time.mktime((y, mo, d, h, mi, s, 0, 0, 0)) - time.timezone)

def put(tree, rel, data, modified):
    path = os.path.join(tree, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)
    # The card's modify time: when the camera closed the file, in the card's local time.
    ts = time.mktime(time.strptime(modified, '%Y-%m-%d %H:%M:%S'))
    os.utime(path, (ts, ts))

def main():
    kind, tree, a, b, c = sys.argv[1:6]
    ua, ub, uc = access_units(a), access_units(b), access_units(c)
    if kind == 'dahua-tree':
        d = '2026-11-20/001/dav/21/'
        put(tree, d + '21.30.00-21.30.06[R][0@0][0].dav', dhav(ua, wall(2026, 11, 20, 21, 30, 0)), '2026-11-20 21:30:06')
        put(tree, d + '21.30.20-21.30.24[M][0@0][0].dav', dhav(ub, wall(2026, 11, 20, 21, 30, 20)), '2026-11-20 21:30:24')
        open_file = dhav(uc, wall(2026, 11, 20, 21, 30, 40))
        # Pulled mid-frame: the last frame is cut off; the name's end (21:40:40) was never reached.
        put(tree, d + '21.30.40-21.40.40[R][0@0][0].dav_', open_file[:len(open_file) - 30], '2026-11-20 21:30:44')
    elif kind == 'xm-tree':
        d = '2026-11-20/001/'
        put(tree, d + '21.30.00-21.30.06[R][@1a2][0].h264', xm(ua, wall(2026, 11, 20, 21, 30, 0)), '2026-11-20 21:30:06')
        put(tree, d + '21.30.20-21.30.24[A][@1a3][0].h264', xm(ub, wall(2026, 11, 20, 21, 30, 20)), '2026-11-20 21:30:24')
        # As a camera that encrypts its card writes it: no structure, every byte value alike.
        rng = random.Random(20261120)
        put(tree, d + '21.31.00-21.31.05[R][@1a4][0].h264', bytes(rng.getrandbits(8) for _ in range(12 << 10)), '2026-11-20 21:31:05')
    elif kind != 'hikvision-ring':
        sys.exit('unknown sample ' + kind)

if __name__ == '__main__' and sys.argv[1:2] != ['hikvision-ring']:
    main()

# ---------------------------------------------------------------------------------------------
# Hikvision/EZVIZ ring (shared/testdata/hikvision/README.md layout, little-endian), one container
# being written on its second pass: slots 0 and 1 complete, slot 2 being recorded when the card
# was pulled (its stream cut off mid-pack), slot 3 a record of the first pass whose offset now
# holds a pack of newer data with another clock (overwritten), slot 4 a first-pass record whose
# bytes are intact (old).
# ---------------------------------------------------------------------------------------------
CONTAINER = 268_435_456

def first_scr(ps):
    b = ps
    assert b[:4] == b'\x00\x00\x01\xba', 'not a program stream'
    b4, b5, b6, b7, b8 = b[4], b[5], b[6], b[7], b[8]
    return ((b4 >> 3) & 7) << 30 | (b4 & 3) << 28 | b5 << 20 | (b6 >> 3) << 15 | (b6 & 3) << 13 | b7 << 5 | b8 >> 3

def hikvision_index(segments, live_slot, counter=9):
    n = 1
    out = bytearray(0x500 + n * (32 + 256 * 80))
    struct.pack_into('<QIIII', out, 0, counter, 2, n, 0, 0)
    for k in range(49):
        struct.pack_into('<H', out, 0x18 + 24 * k, 0xFFFF)
    t0 = segments[0]['start']
    struct.pack_into('<HHIIIII', out, 0x18, 0, live_slot, segments[live_slot]['start'], segments[live_slot]['start'] + 4, 0, 1, 0)
    # Its own record still describes the first pass (last valid slot 4): the live record wins.
    struct.pack_into('<IHHII', out, 0x500, 0, 1, 4, t0 - 86400, t0 - 86000)
    for j, s in enumerate(segments):
        o = 0x500 + 32 * n + j * 80
        out[o] = 13
        struct.pack_into('<I', out, o + 4, 98)
        struct.pack_into('<QQQ', out, o + 8, s['start'], s['end'], s['start'])
        span = 0 if s['end'] == 0 else (s['end'] - s['start']) * 45000
        struct.pack_into('<IIII', out, o + 0x20, s['clock'], (s['clock'] + span) & 0xFFFFFFFF, s['offset'], s['end_offset'])
    return bytes(out)

def hikvision_ring(tree, a, b, c, d):
    pa, pb, pc, pd = (open(p, 'rb').read() for p in (a, b, c, d))
    t = wall(2026, 11, 20, 21, 30, 0)
    old = wall(2026, 11, 19, 9, 0, 0)
    cut = pc[:len(pc) - len(pc) // 3]              # the card was pulled mid-recording
    layout = [
        dict(start=t, end=t + 6, offset=0, data=pa),
        dict(start=t + 6, end=t + 10, offset=0x10_0000, data=pb),
        dict(start=t + 10, end=0, offset=0x20_0000, data=cut),
        dict(start=old - 600, end=old - 596, offset=0x10_0000, data=None),   # its bytes: slot 1's now
        dict(start=old, end=old + 4, offset=0x80_0000, data=pd),
    ]
    for s in layout:
        src = s['data'] if s['data'] is not None else pb
        s['clock'] = (first_scr(src) >> 1) & 0xFFFFFFFF
        if s['data'] is None:
            s['clock'] = (s['clock'] + 3600 * 45000) & 0xFFFFFFFF
        s['end_offset'] = 0 if s['end'] == 0 else s['offset'] + len(src)
    index = hikvision_index(layout, live_slot=2)
    os.makedirs(tree, exist_ok=True)
    for name in ('index00.bin', 'index01.bin'):
        put(tree, name, index, '2026-11-01 10:00:00')
    path = os.path.join(tree, 'hiv00000.mp4')
    with open(path, 'wb') as f:
        for s in layout:
            if s['data'] is not None:
                f.seek(s['offset']); f.write(s['data'])
        f.truncate(CONTAINER)
    ts = time.mktime(time.strptime('2026-11-01 10:00:00', '%Y-%m-%d %H:%M:%S'))
    os.utime(path, (ts, ts))

if __name__ == '__main__' and len(sys.argv) > 1 and sys.argv[1] == 'hikvision-ring':
    hikvision_ring(*sys.argv[2:7])
