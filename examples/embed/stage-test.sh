#!/bin/sh
# stage-test.sh BUILD_DIR SOURCE_DIR PREFIX LIBDIR LUADIR PYTHONDIR PYTHON
#
# Installs the build into a fresh stage (DESTDIR, outside the build and
# source trees), then builds and runs the four host examples with nothing
# but the staged files: pkg-config (PKG_CONFIG_PATH), find_package
# (CMAKE_PREFIX_PATH), lua5.4 (LUA_CPATH), python3 (PYTHONPATH).  Each must
# use the staged rules and print, per report, the score the staged
# `nianshen score --csv` gives it.  Finally the install manifest
# uninstalls the stage completely.  Run by ctest as embed_install.
set -eu
build=$1 src=$2 prefix=$3 libdir=$4 luadir=$5 pydir=$6 python=$7

stage=$(mktemp -d "${TMPDIR:-/tmp}/nianshen-stage.XXXXXX")
manifest="$build/install_manifest.txt"
# cmake --install writes the manifest into the build tree: keep the one of
# a real install, if any, and put it back
[ -f "$manifest" ] && cp "$manifest" "$stage.manifest"
cleanup() {
	rm -rf "$stage" "$stage.staged-manifest"
	if [ -f "$stage.manifest" ]; then mv "$stage.manifest" "$manifest"; else rm -f "$manifest"; fi
}
trap cleanup EXIT
fail() { echo "stage-test: $*" >&2; exit 1; }

# an install for real (no DESTDIR) runs ldconfig, or hosts of /usr/local/lib
# do not start; a staged one does not (a fake ldconfig says whether it ran)
mkdir -p "$stage/fakebin" "$stage/real"
printf '#!/bin/sh\necho ran >> "%s/ldconfig.log"\n' "$stage" > "$stage/fakebin/ldconfig"
chmod +x "$stage/fakebin/ldconfig"
PATH="$stage/fakebin:$PATH" DESTDIR="$stage/real" cmake --install "$build" >/dev/null
[ ! -e "$stage/ldconfig.log" ] || fail "ldconfig ran for a staged install"
env -u DESTDIR PATH="$stage/fakebin:$PATH" cmake --install "$build" --prefix "$stage/real" >/dev/null
[ -e "$stage/ldconfig.log" ] || fail "an install without DESTDIR did not run ldconfig"
rm -rf "$stage/fakebin" "$stage/real" "$stage/ldconfig.log"

DESTDIR="$stage" cmake --install "$build" >/dev/null
cp "$manifest" "$stage.staged-manifest"
root="$stage$prefix"
for f in bin/nianshen "$libdir/libnianshen.so.0" "$libdir/libnianshen.a" \
         include/nianshen.h "$libdir/pkgconfig/nianshen.pc" \
         "$libdir/cmake/nianshen/nianshenConfig.cmake" "$luadir/nianshen.so" \
         "$pydir/nianshen/__init__.py" share/nianshen/rules/schemes/default.lua \
         share/man/man1/nianshen.1; do
	[ -e "$root/$f" ] || fail "not installed: $f"
done
# the soname, and no path into the source or build tree in what was installed
objdump -p "$root/$libdir/libnianshen.so.0" | grep -q 'SONAME *libnianshen.so.0' ||
	fail "libnianshen.so.0 has no soname libnianshen.so.0"
if grep -rqs -e "$src/" -e "$build/" "$root/$libdir/pkgconfig" "$root/$libdir/cmake" \
	"$root/$pydir"; then
	fail "an installed file names the source or build tree"
fi

# a work directory with copies: the examples and the district
work="$stage/work"
mkdir -p "$work"
cp "$src"/examples/embed/score.c "$src"/examples/embed/Makefile \
   "$src"/examples/embed/CMakeLists.txt "$src"/examples/embed/score.lua \
   "$src"/examples/embed/score.py "$work/"
cp -r "$src/examples/district" "$work/district"
cd "$work"

export PKG_CONFIG_PATH="$root/$libdir/pkgconfig"
export CMAKE_PREFIX_PATH="$root"
export LUA_CPATH="$root/$luadir/?.so;;"
export PYTHONPATH="$root/$pydir"
flags=$(pkg-config --cflags --libs nianshen)
case "$flags" in *"$src"*|*"$build"*) fail "pkg-config points into the tree: $flags";; esac

# the reference: the staged command
"$root/bin/nianshen" score --scheme "$root/share/nianshen/rules/schemes/default.lua" \
	district --csv-ids ref.csv --year all --jobs 2 >/dev/null || [ $? -le 2 ] || fail "nianshen score failed"

# 1. C with pkg-config (shared, rpath into the stage), and static
cc -O1 score.c $flags -Wl,-rpath,"$root/$libdir" -o score-pc
cc -O1 score.c $(pkg-config --cflags nianshen) -Wl,-Bstatic -lnianshen -Wl,-Bdynamic \
	$(pkg-config --static --libs nianshen | sed 's/-lnianshen//') -o score-static
# 2. CMake with find_package
cmake -S . -B cmake-build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build cmake-build >/dev/null

run() { # name command...: its output in NAME.out; exit codes 0..2 are outcomes
	name=$1; shift
	"$@" > "$name.out" || [ $? -le 2 ] || fail "$name exited $?"
}
run c-pkgconfig ./score-pc district
# a static host is not installed beside the rules: it is told where they are
run c-static ./score-static district "$(pkg-config --variable=rulesdir nianshen)/schemes/default.lua"
run cmake ./cmake-build/score district
run lua lua5.4 score.lua district
run python "$python" score.py district
"$python" -c "import nianshen" || fail "python3 -c 'import nianshen' failed"

"$python" - "$root" ref.csv c-pkgconfig.out c-static.out cmake.out lua.out python.out <<'PY'
import csv, sys
root, ref_csv, outs = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(ref_csv, encoding="utf-8-sig") as f:
    ref = {r["path"]: (r["rank"], r["score"]) for r in csv.DictReader(f)}
assert len(ref) == 24, "the reference has %d reports" % len(ref)
for out in outs:
    lines = open(out, encoding="utf-8").read().splitlines()
    scheme = lines[0].split("\t")[1]
    assert scheme.startswith(root + "/"), "%s used rules outside the stage: %s" % (out, scheme)
    got = {}
    for l in lines[1:]:
        if not l.startswith(" "):
            rank, score, path = l.split("\t")[:3]
            got[path] = (rank, score)
    assert got == ref, "%s differs from nianshen score: %s" % (
        out, sorted(set(got.items()) ^ set(ref.items()))[:4])
    print("%-16s %d reports, scores and ranks as nianshen score's" % (out, len(got)))
PY

# uninstall: the manifest removes every staged file
DESTDIR="$stage" cmake -DMANIFEST="$stage.staged-manifest" -P "$src/cmake/uninstall.cmake" >/dev/null
left=$(find "$stage" -path "$work" -prune -o -type f -print -o -type l -print | head -5)
[ -z "$left" ] || fail "left after uninstall: $left"
rm -f "$stage.staged-manifest"
echo "stage-test: installed, four hosts agree with nianshen score, uninstalled"
