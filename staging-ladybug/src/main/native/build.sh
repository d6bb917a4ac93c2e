#!/usr/bin/env bash
# Builds the LadybugDB JNI binding from the npm package lbug@0.14.3.
#
#   build.sh <native-src-dir> <work-dir> <resource-out-dir> <java-home> <cache-dir>
#
# 1. npm pack lbug@0.14.3 into <cache-dir> (outside target/, so a clean build does not fetch
#    again) and check its sha256;
# 2. extract the prebuilt engine and the headers into <work-dir>;
# 3. copy the engine as liblbug.so with its soname renamed and, on a host whose glibc/libstdc++
#    is older than the engine's (Debian 12), its symbol version needs rewritten
#    (patch_version_needs.py), adding glibc_compat.cpp to the glue in that case only;
# 4. generate common/system_config.h from the engine's template with the engine's build options,
#    and check them against the engine (check_engine.py: its symbol table and relocations);
# 5. compile and link the glue against it (-z defs, rpath $ORIGIN) with a stub for each of the
#    engine's Node entry points (write_napi_stubs.py: LD_BIND_NOW binds them all at load), then
#    run the glue's engine check (engine_check.cpp) on a scratch database;
# 6. put liblbug.so and liblbug_jni.so into <resource-out-dir>.
# Any step that cannot work on this host stops the build with a message saying why.
set -euo pipefail

VERSION=0.14.3
SHA256=0d4c8930a68722e873d2bd4ceaae5af0c6d645b719bf64d3d4ae47cb317762a7
# The engine's build options (defaults of its CMakeLists.txt), for the generated system_config.h;
# check_engine.py and engine_check.cpp fail the build if the prebuilt engine disagrees.
PAGE_SIZE_LOG2=12
VECTOR_CAPACITY_LOG2=11
NODE_GROUP_SIZE_LOG2=17
MAX_SEGMENT_SIZE_LOG2=18
REL_STORAGE_DIRECTION=BOTH

die() {
    echo "lbug binding build: $*" >&2
    exit 1
}

[ $# -eq 5 ] || die "usage: build.sh <native-src-dir> <work-dir> <resource-out-dir> <java-home> <cache-dir>"
SRC=$1
WORK=$2
OUT=$3
JAVA_HOME_DIR=$4
CACHE=$5

[ "$(uname -s)" = Linux ] || die "only Linux is supported (this host is $(uname -s))"
case "$(uname -m)" in
    x86_64) PLATFORM=linux-x64 ;;
    aarch64) PLATFORM=linux-arm64 ;;
    *) die "no prebuilt LadybugDB engine for $(uname -m); lbug@$VERSION ships linux-x64 and linux-arm64" ;;
esac
for tool in g++ gcc python3 sha256sum tar; do
    command -v "$tool" >/dev/null || die "'$tool' is required and not on PATH"
done
JNI_INCLUDE="$JAVA_HOME_DIR/include"
[ -f "$JNI_INCLUDE/jni.h" ] || die "jni.h not found under $JNI_INCLUDE: build with a JDK, not a JRE"

ENGINE_OUT="$OUT/liblbug.so"
GLUE_OUT="$OUT/liblbug_jni.so"
# Up to date: nothing to do when both outputs are newer than every native source.
if [ -f "$ENGINE_OUT" ] && [ -f "$GLUE_OUT" ] && [ -z "$(find "$SRC" -newer "$GLUE_OUT" -type f)" ]; then
    echo "lbug binding: up to date"
    exit 0
fi

# 1. The tarball, fetched once.
TARBALL="$CACHE/lbug-$VERSION.tgz"
if [ ! -f "$TARBALL" ] || [ "$(sha256sum "$TARBALL" | cut -d' ' -f1)" != "$SHA256" ]; then
    command -v npm >/dev/null || die "npm is required to fetch lbug@$VERSION (no cached $TARBALL)"
    mkdir -p "$CACHE"
    FETCH=$(mktemp -d "$CACHE/fetch.XXXXXX")
    trap 'rm -rf "$FETCH"' EXIT
    echo "lbug binding: fetching lbug@$VERSION with npm pack"
    # npm's own cache goes into the temporary directory too, so that the 165 MB tarball is kept
    # once (here), not a second time under ~/.npm.
    (cd "$FETCH" && npm pack "lbug@$VERSION" --silent --cache "$FETCH/npm-cache" --no-update-notifier \
        --no-fund --no-audit --color=false >/dev/null) || die "npm pack lbug@$VERSION failed"
    ACTUAL=$(sha256sum "$FETCH/lbug-$VERSION.tgz" | cut -d' ' -f1)
    [ "$ACTUAL" = "$SHA256" ] || die "lbug-$VERSION.tgz has sha256 $ACTUAL, expected $SHA256"
    mv "$FETCH/lbug-$VERSION.tgz" "$TARBALL"
fi

# 2. Extract only what is needed.
EXTRACTED="$WORK/lbug-$VERSION"
EXTRACT=("package/prebuilt/lbugjs-$PLATFORM.node" package/lbug-source/src/include
    package/lbug-source/cmake/templates/system_config.h.in package/lbug-source/third_party/fast_float/include
    package/lbug-source/third_party/alp/include)
if [ "$(cat "$EXTRACTED/.complete" 2>/dev/null)" != "${EXTRACT[*]}" ]; then
    rm -rf "$EXTRACTED"
    mkdir -p "$EXTRACTED"
    tar -xzf "$TARBALL" -C "$EXTRACTED" "${EXTRACT[@]}" ||
        die "could not extract the engine and headers from $TARBALL"
    echo "${EXTRACT[*]}" >"$EXTRACTED/.complete"
fi
PKG="$EXTRACTED/package"

# 3. The engine under its shipped name, made loadable on this host.
BUILD="$WORK/build"
rm -rf "$BUILD"
mkdir -p "$BUILD"
HOST_LIBS=()
for lib in libc.so.6 libm.so.6 libstdc++.so.6; do
    path=$(g++ -print-file-name="$lib")
    [ -f "$path" ] || die "cannot find this host's $lib (g++ -print-file-name=$lib gave '$path')"
    HOST_LIBS+=("$path")
done
COMPAT_LOG="$WORK/engine-compat.log"
python3 "$SRC/patch_version_needs.py" "$PKG/prebuilt/lbugjs-$PLATFORM.node" "$BUILD/liblbug.so" \
    liblbug.so "${HOST_LIBS[@]}" >"$COMPAT_LOG" || exit 1
# The engine's Node entry points, defined so that it also loads under LD_BIND_NOW.
NAPI_COUNT=$(python3 "$SRC/write_napi_stubs.py" "$BUILD/liblbug.so" "$BUILD/napi_stubs.cpp") || exit 1
GLUE_SOURCES=("$SRC/lbug_jni.cpp" "$SRC/engine_definitions.cpp" "$SRC/float_segment_estimate.cpp"
    "$SRC/flush_metadata.cpp" "$SRC/integer_minimum.cpp" "$SRC/engine_check.cpp" "$BUILD/napi_stubs.cpp")
if [ "$(tail -n1 "$COMPAT_LOG")" = patched ]; then
    # Expected on Debian 12 (glibc 2.36): the engine was linked against glibc 2.39 / libstdc++ 13.
    echo "lbug binding: this host's glibc/libstdc++ ($(getconf GNU_LIBC_VERSION 2>/dev/null || echo unknown)) is older" \
        "than the engine's; $(grep -c '^rewrote' "$COMPAT_LOG") version needs mapped to older versions and" \
        "compatibility functions added (details: $COMPAT_LOG)"
    GLUE_SOURCES+=("$SRC/glibc_compat.cpp")
else
    echo "lbug binding: this host's glibc/libstdc++ provide everything the engine needs"
fi

# 4. The build constants the engine was compiled with (the npm package ships the template only:
#    these are the defaults of the engine's CMakeLists.txt), checked against the engine itself.
GENERATED="$BUILD/generated"
mkdir -p "$GENERATED/common"
sed -e "s/@LBUG_VECTOR_CAPACITY_LOG2@/$VECTOR_CAPACITY_LOG2/" \
    -e "s/@LBUG_PAGE_SIZE_LOG2@/$PAGE_SIZE_LOG2/" \
    -e "s/@LBUG_DEFAULT_REL_STORAGE_DIRECTION@/${REL_STORAGE_DIRECTION}_REL_STORAGE/" \
    -e "s/@LBUG_NODE_GROUP_SIZE_LOG2@/$NODE_GROUP_SIZE_LOG2/" \
    -e "s/@LBUG_MAX_SEGMENT_SIZE_LOG2@/$MAX_SEGMENT_SIZE_LOG2/" \
    "$PKG/lbug-source/cmake/templates/system_config.h.in" >"$GENERATED/common/system_config.h"
# A placeholder left outside the template's opening comment is an option this script does not know.
UNFILLED=$(grep -v '^ *\(/\*\| \*\)' "$GENERATED/common/system_config.h" | grep -o '@[A-Z0-9_]*@' | sort -u | tr '\n' ' ' || true)
[ -z "$UNFILLED" ] || die "system_config.h.in has placeholders this script does not fill: $UNFILLED"
python3 "$SRC/check_engine.py" "$BUILD/liblbug.so" "$PAGE_SIZE_LOG2" "$VECTOR_CAPACITY_LOG2" | sed 's/^/lbug binding: /'
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 1

# 5. The glue, and the engine check it carries, run once on a scratch database.
g++ -std=c++20 -O2 -DNDEBUG -fPIC -shared -fvisibility=hidden \
    -I"$JNI_INCLUDE" -I"$JNI_INCLUDE/linux" -I"$GENERATED" \
    -I"$PKG/lbug-source/src/include" -I"$PKG/lbug-source/third_party/fast_float/include" \
    -I"$PKG/lbug-source/third_party/alp/include" \
    -o "$BUILD/liblbug_jni.so" "${GLUE_SOURCES[@]}" \
    -L"$BUILD" -llbug -ldl -Wl,-rpath,'$ORIGIN' -Wl,-z,defs ||
    die "compiling or linking the JNI glue failed (see the compiler output above)"
gcc -O1 -o "$BUILD/engine_check" "$SRC/engine_check_main.c" -ldl ||
    die "compiling engine_check_main.c failed (see the compiler output above)"
SCRATCH="$BUILD/engine-check"
mkdir -p "$SCRATCH"
# With eager binding, so that a missing definition shows here rather than in a user's process.
LD_BIND_NOW=1 "$BUILD/engine_check" "$BUILD/liblbug_jni.so" "$SCRATCH" ||
    die "the prebuilt engine does not match the glue's build (above); see interposed.h"
rm -rf "$SCRATCH"
echo "lbug binding: engine check passed (node group, segment and page sizes; the glue's chunk functions are called; $NAPI_COUNT Node entry points stubbed)"

# 6. Into the jar's resources.
mkdir -p "$OUT"
cp "$BUILD/liblbug.so" "$ENGINE_OUT"
cp "$BUILD/liblbug_jni.so" "$GLUE_OUT"
echo "lbug binding: built $GLUE_OUT and $ENGINE_OUT"
