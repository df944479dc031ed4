#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# tests/lib/kernel.sh - a real Debian kernel and its modules for qemu guests.
#
# kernel_fetch downloads the linux-image package that Debian's
# linux-image-amd64 metapackage points at (apt-get download, the only
# registry reachable), unpacks it under build/kernel/ and runs depmod there.
# It is cached: once build/kernel/.done exists no network is used.
# kernel_modules_closure resolves module names to .ko paths, dependencies
# first, from modules.dep.  Builtin modules (modules.builtin) resolve to
# nothing.  Facts for Debian 12's 6.1 kernel (6.1.0-56-amd64, 6.1.192-2):
# modules are plain .ko (CONFIG_MODULE_COMPRESS_NONE), af_packet, unix,
# devtmpfs, tmpfs and 8250 serial are builtin; virtio_pci, virtio_net, e1000,
# nfs*, sunrpc, loop, squashfs and overlay are modules.  .ko.xz/.ko.zst/.ko.gz
# are still handled (kernel_module_copy decompresses: busybox insmod only
# takes plain ELF).
#
# Env: KERNEL_PKG overrides the package name (e.g. linux-image-6.1.0-56-amd64).
# Exports: KVER, KERNEL (vmlinuz), KMODROOT (unpacked root), KMODDIR
# (KMODROOT/lib/modules/KVER).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KERNEL_DIR=${KERNEL_DIR:-$NB_BUILD/kernel}

# kernel_pkg_name - the linux-image-X package linux-image-amd64 depends on.
kernel_pkg_name() {
	if [[ -n "${KERNEL_PKG:-}" ]]; then
		echo "$KERNEL_PKG"
		return
	fi
	local name
	name=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
	if [[ -z "$name" ]]; then
		nb_log "apt-cache knows no linux-image-amd64; running apt-get update"
		apt-get update -qq >/dev/null
		name=$(apt-cache depends linux-image-amd64 |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
	fi
	[[ -n "$name" ]] || nb_die "cannot resolve linux-image-amd64"
	echo "$name"
}

# kernel_set_vars - export KVER KERNEL KMODROOT KMODDIR from the cache.
kernel_set_vars() {
	KMODROOT=$KERNEL_DIR/root
	KVER=$(cat "$KERNEL_DIR/.done")
	KERNEL=$KMODROOT/boot/vmlinuz-$KVER
	KMODDIR=$KMODROOT/lib/modules/$KVER
	export KVER KERNEL KMODROOT KMODDIR
	[[ -f "$KERNEL" && -f "$KMODDIR/modules.dep" ]] ||
		nb_die "kernel cache $KERNEL_DIR is broken; remove it"
}

# kernel_fetch - download + unpack + depmod once; then just set the vars.
kernel_fetch() {
	if [[ -s "$KERNEL_DIR/.done" ]]; then
		kernel_set_vars
		return 0
	fi
	local pkg tmp deb kver lockfd
	mkdir -p "$(dirname "$KERNEL_DIR")"
	# Concurrent test runs share the cache: one downloads, the others wait.
	exec {lockfd}>>"$KERNEL_DIR.lock"
	flock -w 600 "$lockfd" || nb_die "kernel: $KERNEL_DIR.lock busy"
	if [[ -s "$KERNEL_DIR/.done" ]]; then
		exec {lockfd}>&-
		kernel_set_vars
		return 0
	fi
	pkg=$(kernel_pkg_name)
	nb_log "kernel: fetching $pkg"
	rm -rf "$KERNEL_DIR"
	mkdir -p "$KERNEL_DIR"
	tmp=$(mktemp -d "$KERNEL_DIR/dl.XXXXXX")
	# apt-get download writes into the cwd; _apt cannot write there, the
	# "unsandboxed" warning is expected.
	(cd "$tmp" && apt-get download -q "$pkg") 2>&1 |
		{ grep -v '^W: Download is performed unsandboxed' || true; } >&2
	deb=$(find "$tmp" -maxdepth 1 -name '*.deb' | head -n1)
	[[ -n "$deb" ]] || nb_die "apt-get download $pkg produced no .deb"
	dpkg -x "$deb" "$KERNEL_DIR/root"
	dpkg-deb -f "$deb" Package Version >"$KERNEL_DIR/package"
	rm -rf "$tmp"
	kver=$(find "$KERNEL_DIR/root/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | head -n1)
	[[ -n "$kver" ]] || nb_die "no lib/modules in $pkg"
	depmod -b "$KERNEL_DIR/root" "$kver"
	echo "$kver" >"$KERNEL_DIR/.done"
	exec {lockfd}>&-
	kernel_set_vars
	nb_log "kernel: $KVER ready in $KERNEL_DIR"
}

# kernel_module_norm NAME - module name with '-' folded to '_'.
kernel_module_norm() {
	echo "${1//-/_}"
}

# kernel_modules_closure MOD... - print the .ko paths (relative to KMODDIR)
# needed to load MODs, each dependency before its users, no duplicates.
# Builtin modules print nothing; an unknown module is an error.
kernel_modules_closure() {
	[[ -n "${KMODDIR:-}" ]] || kernel_fetch
	awk -v want="$*" '
		function norm(p,  n) {
			n = p; sub(/.*\//, "", n); sub(/\.ko(\.(xz|gz|zst))?$/, "", n)
			gsub(/-/, "_", n); return n
		}
		function visit(m,   i, n, d) {
			if (m in done) return
			if (m in busy) return          # cycles cannot happen; be safe
			busy[m] = 1
			n = split(deps[m], d, " ")
			for (i = 1; i <= n; i++) visit(norm(d[i]))
			done[m] = 1
			print path[m]
		}
		FILENAME ~ /modules\.builtin$/ { builtin[norm($1)] = 1; next }
		{
			k = $1; sub(/:$/, "", k); m = norm(k)
			path[m] = k; $1 = ""; deps[m] = $0
		}
		END {
			n = split(want, w, " ")
			for (i = 1; i <= n; i++) {
				m = w[i]; gsub(/-/, "_", m)
				if (m in path) visit(m)
				else if (!(m in builtin)) {
					print "kernel_modules_closure: unknown module " w[i] > "/dev/stderr"
					bad = 1
				}
			}
			exit bad
		}' "$KMODDIR/modules.builtin" "$KMODDIR/modules.dep"
}

# kernel_module_copy REL DESTDIR - copy KMODDIR/REL to DESTDIR/<name>.ko,
# decompressing .xz/.gz/.zst; prints the destination file name (basename).
kernel_module_copy() {
	local rel=$1 dest=$2 src base
	src=$KMODDIR/$rel
	base=${rel##*/}
	case $base in
	*.ko.xz) base=${base%.xz}; xz -dc "$src" >"$dest/$base" ;;
	*.ko.gz) base=${base%.gz}; gzip -dc "$src" >"$dest/$base" ;;
	*.ko.zst) base=${base%.zst}; zstd -qdc "$src" >"$dest/$base" ;;
	*) cp "$src" "$dest/$base" ;;
	esac
	echo "$base"
}
