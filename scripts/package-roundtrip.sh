#!/bin/sh
# package-roundtrip.sh DEB [ROOT]: installs the Debian package DEB in a fresh
# Debian 12 root made with debootstrap, runs the main job there from the
# installed data (/usr/share/inspector) on a world made by the installed
# generator, removes the package with --purge and checks that nothing of it
# is left.  Run by hand, as root, with debootstrap installed and the network
# reachable (the root's packages come from deb.debian.org).  ROOT defaults
# to a new directory under /tmp; it is left for inspection.
#
#   dpkg-buildpackage -us -uc -b && sudo scripts/package-roundtrip.sh ../inspector_0.1.0_amd64.deb
set -eu
[ $# -ge 1 ] || { echo "usage: $0 DEB [ROOT]" >&2; exit 2; }
DEB=$1
ROOT=${2:-$(mktemp -d /tmp/inspector-root.XXXXXX)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
echo "== debootstrap bookworm into $ROOT"
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 ||
    { echo "debootstrap failed: see $ROOT.debootstrap.log" >&2; exit 1; }
cp "$DEB" "$ROOT/tmp/inspector.deb"
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 sh -ec "$1"; }

echo "== install"
in_root 'apt-get update -q >/dev/null && apt-get install -y -q /tmp/inspector.deb'
in_root 'test -x /usr/bin/inspector && test -s /usr/share/inspector/rules/transport.rules && man -w inspector >/dev/null 2>&1 || test -s /usr/share/man/man1/inspector.1.gz'

echo "== the main job from /usr/share"
in_root 'cd /tmp && /usr/libexec/inspector/gen-world --seed 42 world >/dev/null &&
    inspector --db /tmp/demo.db init &&
    inspector --db /tmp/demo.db import world/reference world/sunat world/suppliers &&
    inspector --db /tmp/demo.db score --as-of 2026-11-28 &&
    inspector --db /tmp/demo.db worklist labor --top 5 --no-record &&
    inspector --db /tmp/demo.db explain "$(inspector --db /tmp/demo.db worklist labor --top 1 --no-record --format csv | sed -n "2s/^[^,]*,\([^,]*\),.*/\1/p")" | head -20'

echo "== remove"
in_root 'apt-get remove --purge -y -q inspector'
in_root 'test ! -e /usr/bin/inspector && test ! -e /usr/share/inspector && test ! -e /usr/libexec/inspector &&
    test ! -e /usr/share/doc/inspector && ! dpkg -s inspector >/dev/null 2>&1'
echo "package-roundtrip: installed, ran the main job and removed cleanly in $ROOT"
