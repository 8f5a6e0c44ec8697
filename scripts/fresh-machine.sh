#!/usr/bin/env bash
# Proves that the README's quick start works the first time on a machine that
# has only make, git and a C compiler (make fresh-check; not part of make test).
#
# Builds a minimal Debian 12 root once with debootstrap (the mirror apt on this
# machine uses), installs make, git and gcc in it and keeps it as the base.
# Then, for each command of the README's quick start ("make run", "make test"),
# copies the base (cp -a), clones the committed HEAD of this repository into
# /root/bsxsim (no ../shared next to it), runs the command there exactly as
# written inside chroot and prints its wall time and exit status. Needs root,
# debootstrap and network access. The roots live in BSX_FRESH_DIR (default
# /var/tmp/bsxsim-fresh); logs are kept next to them. Downloaded .deb files are
# shared between the copies (bind-mounted apt archive cache); nothing is
# installed in a copy before its command runs.
set -euo pipefail

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=${BSX_FRESH_DIR:-/var/tmp/bsxsim-fresh}
base=$work/base

die() { echo "fresh-machine: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install debootstrap)"

# The commands of the README's "Quick start" block, as written (comments cut).
mapfile -t commands < <(awk '/^## Quick start/{q=1; next} /^## /{q=0}
  q && /^    make /{sub(/^    /, ""); sub(/[ \t]*#.*/, ""); print}' "$repo/README.md")
[[ ${#commands[@]} -gt 0 ]] || die "README.md: no '    make ...' lines in the Quick start section"

mirror=${BSX_FRESH_MIRROR:-$(apt-cache policy | awk '$3 ~ /^bookworm\// {print $2; exit}')}
[[ -n $mirror ]] || die "no bookworm mirror in apt's sources (set BSX_FRESH_MIRROR)"

mounts=()
mnt() { mount "$@"; mounts+=("${@: -1}"); }   # remembered for unmount_all
mount_into() {   # ROOT: proc, sys, dev, dev/pts, the shared apt archive cache
  local r=$1
  mnt -t proc proc "$r/proc"
  mnt -t sysfs sysfs "$r/sys"
  mnt --bind /dev "$r/dev"
  mnt --bind /dev/pts "$r/dev/pts"
  mnt -t tmpfs tmpfs "$r/dev/shm"
  mkdir -p "$work/apt-archives/partial"
  mnt --bind "$work/apt-archives" "$r/var/cache/apt/archives"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
}
unmount_all() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" || umount -l "${mounts[i]}" || true
  done
  mounts=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

# Refuses to delete a root that still has something mounted inside it.
remove_root() {
  if findmnt -rn -o TARGET | grep -q "^$1/"; then
    die "$1 still has mounts; unmount them before rerunning"
  fi
  rm -rf "$1"
}

in_root() {   # ROOT COMMAND: a login-like clean environment
  chroot "$1" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "$2"
}

mkdir -p "$work"
if [[ ! -e $base/.bsx-base-ready ]]; then
  echo "== base root: debootstrap --variant=minbase bookworm ($mirror)"
  remove_root "$base"
  start=$(date +%s)
  debootstrap --variant=minbase bookworm "$base" "$mirror" > "$work/base.log" 2>&1 \
    || { tail -n 20 "$work/base.log"; die "debootstrap failed (log $work/base.log)"; }
  mount_into "$base"
  in_root "$base" "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make git gcc ca-certificates" \
    >> "$work/base.log" 2>&1 || { tail -n 20 "$work/base.log"; die "installing make git gcc failed"; }
  unmount_all
  touch "$base/.bsx-base-ready"
  echo "   $(( $(date +%s) - start )) s (log $work/base.log)"
fi
echo "== base: Debian $(cat "$base/etc/debian_version"), $(chroot "$base" dpkg-query -W -f='${binary:Package}\n' | wc -l) packages;" \
  "$(in_root "$base" 'make --version | head -1; git --version; gcc --version | head -1' | paste -sd ';' -)"

sha=$(git -C "$repo" rev-parse HEAD)
echo "== repository $repo at $sha (committed HEAD; uncommitted changes are not tested)"
[[ -z $(git -C "$repo" status --porcelain --untracked-files=no) ]] \
  || echo "   note: the work tree has uncommitted changes"

summary=()
status_all=0
for i in "${!commands[@]}"; do
  cmd=${commands[i]}
  root=$work/try-$((i + 1))
  log=$work/try-$((i + 1)).log
  echo "== fresh copy $root: $cmd"
  remove_root "$root"
  cp -a "$base" "$root"
  git clone -q "$repo" "$root/root/bsxsim"
  git -C "$root/root/bsxsim" checkout -q --detach "$sha"
  mount_into "$root"
  start=$(date +%s)
  set +e
  in_root "$root" "cd /root/bsxsim && $cmd" > "$log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  unmount_all
  echo "   --- last lines of $log"
  tail -n 25 "$log" | sed 's/^/   | /'
  line=$(printf '%-10s exit %d  wall %dm%02ds  (first try on a fresh copy; log %s)' \
    "$cmd" "$rc" $((secs / 60)) $((secs % 60)) "$log")
  echo "   $line"
  summary+=("$line")
  [[ $rc -eq 0 ]] || status_all=1
done

echo "== summary (commit $sha)"
printf '   %s\n' "${summary[@]}"
exit $status_all
