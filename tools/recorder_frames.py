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
    else:
        sys.exit('unknown sample ' + kind)

if __name__ == '__main__':
    main()
