#!/bin/sh
# Rebuilds the small exFAT seed images in Tests/Corpus/FuzzExFAT (fuzz corpus and the base of the
# damaged-image tests). Needs root, mkfs.exfat (exfatprogs) and mount.exfat-fuse (exfat-fuse).
# The images are committed, so tests never need root; rerun this only to change what they hold.
set -eu
out=$(cd "$(dirname "$0")" && pwd)/FuzzExFAT
work=$(mktemp -d)
loop=""
cleanup() {
    umount "$work/mnt" 2>/dev/null || true
    [ -n "$loop" ] && losetup -d "$loop" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/mnt"

# seed-small.img: 128 KiB, 512-byte clusters: nested folders, a long and a Japanese name, a
# fragmented file, an empty file, a one-cluster file and a deleted file whose clusters are free.
img="$work/seed-small.img"
truncate -s 128K "$img"
mkfs.exfat -b 512 -c 512 -L SEED "$img" >/dev/null
loop=$(losetup -f --show "$img")
mount.exfat-fuse "$loop" "$work/mnt" 2>/dev/null
m="$work/mnt"
mkdir -p "$m/DCIM/100MEDIA/deep"
printf 'hello exfat\n' > "$m/DCIM/100MEDIA/deep/note.txt"
: > "$m/empty.txt"
head -c 512 /dev/zero | tr '\0' 'A' > "$m/one-cluster.bin"
printf '録画\n' > "$m/DCIM/録画_2024年.txt"
head -c 1536 /dev/zero | tr '\0' 'G' > "$m/DCIM/gap.bin"
head -c 700 /dev/zero | tr '\0' 'K' > "$m/DCIM/keep.bin"
rm "$m/DCIM/gap.bin"
# Fills the gap left by gap.bin, then continues after keep.bin: a FAT chain with two runs.
seq 1 900 | head -c 3000 > "$m/DCIM/100MEDIA/frag.txt"
printf 'long name\n' > "$m/$(printf 'L%.0s' $(seq 1 100))-long-name.txt"
seq 1 400 | head -c 1200 > "$m/DCIM/100MEDIA/deleted.txt"
rm "$m/DCIM/100MEDIA/deleted.txt"
umount "$m"
losetup -d "$loop"; loop=""
cp "$img" "$out/seed-small.img"

# seed-empty.img: 64 KiB, freshly formatted, nothing on it.
img="$work/seed-empty.img"
truncate -s 64K "$img"
mkfs.exfat -b 512 -c 512 -L EMPTY "$img" >/dev/null
cp "$img" "$out/seed-empty.img"
echo "wrote $out/seed-small.img $out/seed-empty.img"
