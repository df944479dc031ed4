#!/bin/bash
# mkseeds.sh - regenerate tests/fuzz/corpus/: constructed DHCP frames,
# command lines, nfsspec and build inputs (mkseeds.c), and real squashfs
# superblocks (the first 96 bytes of images made with mksquashfs, one per
# compressor this mksquashfs has, some followed by an environment: file
# size, kernel compressors, page size, why-buffer size).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$corpus"/{cmdline,dhcp,netconf,nfsspec,squash,dhcp-roundtrip}
${CC:-cc} -O1 -Wall -Wextra -Werror -I"$here/../unit" -o "$tmp/mkseeds" "$here/mkseeds.c"
"$tmp/mkseeds" "$corpus"

# env: file_size (8 LE) comp_mask (4 LE) page_size (4 LE) whysz (1)
env_bytes() {
	printf '%016x' "$1" | sed 's/../& /g' | awk '{for(i=NF;i>0;i--) printf "\\x%s", $i}' | xargs -0 printf
	printf '%08x' "$2" | sed 's/../& /g' | awk '{for(i=NF;i>0;i--) printf "\\x%s", $i}' | xargs -0 printf
	printf '%08x' "$3" | sed 's/../& /g' | awk '{for(i=NF;i>0;i--) printf "\\x%s", $i}' | xargs -0 printf
	printf "\\x$(printf %02x "$4")"
}

mkdir -p "$tmp/root/casper" "$tmp/root/.disk"
echo "Ubuntu 24.04 LTS" >"$tmp/root/.disk/info"
seq 1 2000 >"$tmp/root/casper/filesystem.manifest"
ln -s casper "$tmp/root/live"
for comp in gzip xz lzo lz4 zstd; do
	img=$tmp/$comp.sqfs
	mksquashfs "$tmp/root" "$img" -comp "$comp" -mkfs-time 0 -all-time 0 -noappend -quiet -no-progress \
		>/dev/null 2>&1 || continue
	head -c 96 "$img" >"$corpus/squash/sb-$comp"
	size=$(stat -c %s "$img")
	{ head -c 96 "$img"; env_bytes "$size" 0x7a 4096 200; } >"$corpus/squash/sb-$comp-env"
done
img=$tmp/big-block.sqfs
mksquashfs "$tmp/root" "$img" -b 1M -no-fragments -mkfs-time 0 -all-time 0 -noappend -quiet -no-progress >/dev/null 2>&1
{ head -c 96 "$img"; env_bytes 100 0x02 65536 12; } >"$corpus/squash/sb-1m-truncated-env"
printf 'hsqs' >"$corpus/squash/short"
for t in cmdline dhcp netconf nfsspec squash dhcp-roundtrip; do : >"$corpus/$t/empty"; done
echo "seeds written to $corpus"
