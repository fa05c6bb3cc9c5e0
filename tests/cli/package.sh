#!/bin/sh
# package.sh: the Debian package.  Builds it from a copy of the source with
# dpkg-buildpackage (its own suite skipped: this suite is that suite),
# unpacks it with dpkg-deb -x into a temporary root, checks what it holds,
# and runs the unpacked program on a fixture with its own data and rules.
# Installing and removing it in a fresh Debian 12 root is
# scripts/package-roundtrip.sh, run by hand (it needs debootstrap and the
# network).
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v dpkg-buildpackage >/dev/null 2>&1 || ! command -v dh >/dev/null 2>&1; then
    echo "ok 1 # SKIP dpkg-buildpackage or debhelper is not installed"
    exit 0
fi

# A copy of the source: the tracked files of a checkout, else (a dist tree,
# as under distcheck) every file.
SRC="$TMP/pkg/inspector-src"
mkdir -p "$SRC"
if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
   [ "$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top_srcdir" && pwd -P)" ]; then
    (cd "$top_srcdir" && git ls-files -z | tar --null -T - -cf -) | tar -C "$SRC" -xf -
else
    (cd "$top_srcdir" && tar -cf - .) | tar -C "$SRC" -xf -
fi
chmod -R u+w "$SRC"
check "the source has its debian/ directory" test -x "$SRC/debian/rules"

status_is 0 "dpkg-buildpackage -us -uc -b builds the package" \
    sh -c "cd '$SRC' && DEB_BUILD_OPTIONS='nocheck parallel=2' dpkg-buildpackage -us -uc -b"
DEB=$(ls "$TMP"/pkg/inspector_*_*.deb 2>/dev/null | head -n 1)
check "a .deb was written" test -n "$DEB"

ROOT="$TMP/root"
mkdir -p "$ROOT"
dpkg-deb -x "$DEB" "$ROOT" 2>/dev/null
for f in usr/bin/inspector usr/libexec/inspector/gen-world usr/share/man/man1/inspector.1.gz \
         usr/share/doc/inspector/copyright usr/share/doc/inspector/README.md.gz \
         usr/share/inspector/min-wage.csv usr/share/inspector/ubigeo_distrito.csv \
         usr/share/inspector/harmonized-system-2022.csv usr/share/inspector/ilab-goods.xml \
         usr/share/inspector/good-hs-map.csv usr/share/inspector/rules/README.md \
         usr/share/inspector/rules/transport.rules usr/share/inspector/rules/lists/remote-districts.list \
         usr/share/locale/es/LC_MESSAGES/inspector.mo; do
    check "the package holds /$f" test -s "$ROOT/$f"
done
check "every shipped rule file is in it" sh -c "
    for r in '$top_srcdir'/rules/*.rules; do test -s '$ROOT/usr/share/inspector/rules/'\$(basename \"\$r\") || exit 1; done"
check "nothing outside /usr" sh -c "[ -z \"\$(cd '$ROOT' && ls -A | grep -vx usr)\" ]"
check "no test, fuzz or benchmark program" sh -c "! find '$ROOT' -name 'check_*' -o -name 'fuzz_*' -o -name namebench -o -name graphgen | grep -q ."
check "the manual page is the source's" sh -c "gzip -dc '$ROOT/usr/share/man/man1/inspector.1.gz' | cmp -s - '$top_srcdir/docs/inspector.1'"
DEPS=$(dpkg-deb -f "$DEB" Depends)
check "it depends on the shared libraries it links: $DEPS" sh -c "
    for l in libxml2 libsqlite3 libpcre2-8 libarchive libsodium libcsv libutf8proc; do
        echo '$DEPS' | grep -q \"\$l\" || exit 1
    done"

# The unpacked program runs the main job with its own data and rules.
I() { INSPECTOR_DATADIR="$ROOT/usr/share/inspector" INSPECTOR_RULES="$ROOT/usr/share/inspector/rules" \
      "$ROOT/usr/bin/inspector" --db "$TMP/pkg.db" "$@"; }
status_is 0 "the packaged program prints its version" "$ROOT/usr/bin/inspector" --version
status_is 0 "init from the packaged data" I init
check "loads the reference data" grep -q 'ubigeo' "$TMP/out"
"$ROOT/usr/libexec/inspector/gen-world" --seed 5 --firms 120 --months 3 "$TMP/w" >/dev/null 2>&1
status_is 0 "imports a world made by the packaged generator" I import "$TMP/w/reference" "$TMP/w/sunat"
status_is 0 "scores it with the packaged rules" I score --as-of 2026-11-28
status_is 0 "and writes a worklist" I worklist labor --top 5 --format csv --no-record
check "with rows" sh -c "[ \$(grep -c . '$TMP/out') -ge 2 ]"
finish
