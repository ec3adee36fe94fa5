#!/usr/bin/env bash
# Builds (once) what the microVM tests boot: a Debian kernel other than the host's, extracted from
# its package (not installed), its modules with modules.dep, the ELF vmlinux for PVH boot and a
# busybox initramfs. Prints the asset folder. Reuses it when complete; safe to run concurrently.
#
# usage: make-assets.sh CACHE_DIR [KERNEL_VERSION]   (default: what linux-image-amd64 depends on)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="$1"
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

# depmod lives in /usr/sbin, which a non-login PATH may lack
export PATH="$PATH:/usr/sbin:/sbin"
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v depmod >/dev/null || need+=(kmod)
command -v cpio >/dev/null || need+=(cpio)
# the initramfs needs the static busybox (Debian's plain busybox is dynamically linked)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || need+=(busybox-static)
if ((${#need[@]})); then
  echo "make-assets: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${need[@]}" >&2; }
fi

current_kernel() {
  apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1
}
kver="${2:-}"
if [[ -z "$kver" ]]; then
  kver="$(current_kernel)"
  if [[ -z "$kver" ]]; then
    apt-get update -qq >&2
    kver="$(current_kernel)"
  fi
fi
[[ -n "$kver" ]] || { echo "make-assets: no linux-image-amd64 in the apt lists (apt-get update?)" >&2; exit 1; }
if [[ "$kver" == "$(uname -r)" ]]; then
  echo "make-assets: $kver is the host's kernel; the VM tests want another one" >&2
  exit 1
fi
dir="$cache/$kver"
if [[ ! -f "$dir/complete" ]]; then
  rm -rf "$dir"
  mkdir -p "$dir/download"
  echo "make-assets: fetching linux-image-$kver" >&2
  (cd "$dir/download" && apt-get download "linux-image-$kver" >&2)
  # The modules share holds lib/modules/KVER as extracted, plus the modules.dep the package leaves out.
  dpkg-deb -x "$dir"/download/linux-image-*.deb "$dir/root"
  depmod -b "$dir/root" "$kver"
  python3 "$here/extract-vmlinux.py" "$dir/root/boot/vmlinuz-$kver" "$dir/vmlinux"
  rm -rf "$dir/root/boot" "$dir/root/usr" "$dir/download"
  echo "$kver" >"$dir/kernel-version"
  touch "$dir/complete"
fi

# The initramfs: static busybox, the modules that mount 9p and overlay in load order, /init.
# Rebuilt whenever /init changes.
stamp="$(sha256sum "$here/init" /bin/busybox | sha256sum | cut -c1-16)"
if [[ "$(cat "$dir/initramfs.stamp" 2>/dev/null)" != "$stamp" ]]; then
  root="$dir/initramfs"
  rm -rf "$root"
  mkdir -p "$root/bin" "$root/modules"
  cp /bin/busybox "$root/bin/busybox"
  install -m 0755 "$here/init" "$root/init"
  for m in virtio_pci 9pnet_virtio 9p overlay; do
    modprobe -d "$dir/root" -S "$kver" --show-depends "$m"
  done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r ko; do
    cp "$ko" "$root/modules/"
    basename "$ko" >>"$root/modules/order"
  done
  [[ -s "$root/modules/order" ]] || { echo "make-assets: found no modules to load" >&2; exit 1; }
  (cd "$root" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$dir/initramfs.cpio.gz.tmp"
  mv "$dir/initramfs.cpio.gz.tmp" "$dir/initramfs.cpio.gz"
  rm -rf "$root"
  echo "$stamp" >"$dir/initramfs.stamp"
fi
echo "$dir"
