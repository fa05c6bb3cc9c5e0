#!/bin/sh
# fuzz/build.sh BUILDDIR: builds inspector's libFuzzer targets (`make fuzz`).
#
# The source tree is configured in place for the ordinary build, so the
# fuzz build works on a copy: `make distdir` writes the distributed sources
# to BUILDDIR/fuzz/build/src.new, files newer than those of the last copy
# replace them in BUILDDIR/fuzz/build/src (so make rebuilds only what
# changed), and that copy is configured once with --enable-fuzzing and
# clang: every object of the library is compiled with
# -fsanitize=fuzzer-no-link,address,undefined and each target linked with
# -fsanitize=fuzzer.  Exit status 0 when built, 1 on a failure, 77 when
# clang or its libFuzzer runtime is missing (the smoke test then skips).
set -eu
B=$(cd "$1" && pwd)
CC_FUZZ=${FUZZ_CC:-clang}
if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
    echo "make fuzz: needs clang with libFuzzer (apt-get install clang libclang-rt-14-dev)" >&2
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$tmp/t.c"
if ! "$CC_FUZZ" -fsanitize=fuzzer "$tmp/t.c" -o "$tmp/t" >/dev/null 2>&1; then
    echo "make fuzz: $CC_FUZZ cannot link -fsanitize=fuzzer (apt-get install libclang-rt-14-dev)" >&2
    exit 77
fi
D=$B/fuzz/build
mkdir -p "$D"
rm -rf "$D/src.new"
# distdir relative to the build tree: gettext's po/Makefile cannot take an
# absolute one when automake hands it down to po/
make -C "$B" -s distdir distdir="fuzz/build/src.new" >/dev/null
mkdir -p "$D/src"
cp -a -u "$D/src.new/." "$D/src/"
rm -rf "$D/src.new"
cd "$D/src"
if [ ! -f config.status ] || [ configure -nt config.status ]; then
    ./configure -q --enable-fuzzing --disable-shared CC="$CC_FUZZ" >"$D/configure.log" 2>&1 ||
        { cat "$D/configure.log" >&2; exit 1; }
fi
make -s -j2 fuzz-targets >"$D/make.log" 2>&1 || { tail -40 "$D/make.log" >&2; exit 1; }
echo "make fuzz: targets in $D/src/fuzz"
