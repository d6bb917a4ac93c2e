#!/usr/bin/env bash
# Builds an EXPERIMENTAL JNI binding for a newer LadybugDB engine from npm, so that
# staging-ladybug's tests and the SyncBenchmark can run on it (docs/ladybug-binding.md,
# "The product on 0.19.1"). Not part of the build, and not safe to ship:
#  - the glue (staging-ladybug/src/main/native/lbug_jni.cpp, unchanged) is compiled against
#    lbug@0.14.3's headers, with the two declarations known to differ in 0.19.1 patched in
#    (SystemConfig's two new flags, Value's uuid constructor); anything else that changed in a
#    class the glue reaches into would go unnoticed by the compiler;
#  - the glue's replacements of engine functions (float_segment_estimate.cpp, flush_metadata.cpp,
#    integer_minimum.cpp) are left out and their entry points answer 0.
#
#   try-binding.sh <repo-root> <out-dir> [version]     (version: default 0.19.1)
#
# Needs staging-ladybug built once (its target/native-build holds 0.14.3's headers), npm, g++,
# python3. Writes liblbug.so and liblbug_jni.so into <out-dir>; to run the product on them, copy
# both into staging-ladybug/target/classes/io/graphstaging/ladybug/native of a THROWAWAY worktree
# that has its own Maven repository (the module's build keeps them while they are newer than its
# sources, and an install would put them into the jar), then run its tests or the benchmark.
set -euo pipefail

die() {
    echo "try-binding: $*" >&2
    exit 1
}

[ $# -ge 2 ] || die "usage: try-binding.sh <repo-root> <out-dir> [version]"
REPO=$(cd "$1" && pwd)
OUT=$2
VERSION=${3:-0.19.1}
NATIVE="$REPO/staging-ladybug/src/main/native"
PKG="$REPO/staging-ladybug/target/native-build/lbug-0.14.3/package"
GENERATED="$REPO/staging-ladybug/target/native-build/build/generated"
[ -d "$PKG/lbug-source/src/include" ] && [ -d "$GENERATED" ] ||
    die "build staging-ladybug once first (mvn -B -q install -DskipTests): its 0.14.3 headers are missing"
JAVA_HOME_DIR=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -f "$JAVA_HOME_DIR/include/jni.h" ] || die "jni.h not found under $JAVA_HOME_DIR/include: set JAVA_HOME to a JDK"

WORK=$(mktemp -d /tmp/try-binding.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
echo "try-binding: fetching @ladybugdb/core-linux-x64@$VERSION"
npm pack "@ladybugdb/core-linux-x64@$VERSION" --silent --cache "$WORK/npm-cache" --no-update-notifier \
    --no-fund --no-audit >/dev/null || die "npm pack @ladybugdb/core-linux-x64@$VERSION failed"
tar -xzf ladybugdb-core-linux-x64-"$VERSION".tgz package/lbugjs.node

# The declarations this script knows to differ; any other engine needs its own look.
EXPORTED=$(nm -D --defined-only package/lbugjs.node)
for symbol in _ZN4lbug4main12SystemConfigC1Emmbbmbmbbbbb _ZN4lbug6common5ValueC1ENS0_4uuidE; do
    grep -q " T $symbol\$" <<<"$EXPORTED" ||
        die "the engine does not export $symbol: its declarations differ from 0.19.1's, patch them first"
done

cp -r "$PKG/lbug-source/src/include" include
python3 - include <<'EOF'
import sys
root = sys.argv[1]

def patch(path, old, new):
    with open(path) as f:
        text = f.read()
    if old not in text:
        sys.exit(f"try-binding: {path} no longer holds the text to patch: {old!r}")
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))

# 0.19.1's SystemConfig: two flags after enableChecksums (bytes 0x33 and 0x34, seen in its
# constructor); the Node addon passes false and true, the second being enableDefaultHashIndex.
patch(f"{root}/main/database.h", "bool enableChecksums = true\n",
      "bool enableChecksums = true, bool unnamedFlag = false, bool enableDefaultHashIndex = true\n")
patch(f"{root}/main/database.h", "    bool enableChecksums;\n",
      "    bool enableChecksums;\n    bool unnamedFlag;\n    bool enableDefaultHashIndex;\n")
# ku_uuid_t was renamed uuid (same single int128 member): Value::Value(uuid).
patch(f"{root}/common/types/uuid.h", "struct ku_uuid_t {\n    int128_t value;\n};",
      "struct uuid {\n    int128_t value;\n};\nusing ku_uuid_t = uuid;")
EOF

cat >interposer_entry_points.cpp <<'EOF'
// The glue's replacements of engine functions are not built for this engine: their counters
// answer 0 and their switches do nothing (the tests that look at them fail, as they should).
#include <cstdint>
#include "engine_check.h"
namespace lbug_jni {
const char* checkEngineDefinitions() { return nullptr; }
uint64_t floatSegmentEstimates() { return 0; }
void setFloatSegmentEstimateEnabled(bool) {}
uint64_t naNChunksFlushed() { return 0; }
uint64_t integerMinimumChunksUncompressed() { return 0; }
uint64_t integerMinimumInPlaceUpdatesRefused() { return 0; }
void setIntegerMinimumCheckEnabled(bool) {}
} // namespace lbug_jni
extern "C" const char* lbug_jni_check_engine(const char*) { return nullptr; }
EOF

HOST_LIBS=()
for lib in libc.so.6 libm.so.6 libstdc++.so.6; do
    HOST_LIBS+=("$(g++ -print-file-name="$lib")")
done
python3 "$NATIVE/patch_version_needs.py" package/lbugjs.node liblbug.so liblbug.so "${HOST_LIBS[@]}" >compat.log
GLUE=("$NATIVE/lbug_jni.cpp" interposer_entry_points.cpp napi_stubs.cpp)
[ "$(tail -n1 compat.log)" = patched ] && GLUE+=("$NATIVE/glibc_compat.cpp")
python3 "$NATIVE/write_napi_stubs.py" liblbug.so napi_stubs.cpp >/dev/null
g++ -std=c++20 -O2 -DNDEBUG -fPIC -shared -fvisibility=hidden \
    -I"$JAVA_HOME_DIR/include" -I"$JAVA_HOME_DIR/include/linux" -I"$GENERATED" -Iinclude -I"$NATIVE" \
    -I"$PKG/lbug-source/third_party/fast_float/include" -I"$PKG/lbug-source/third_party/alp/include" \
    -o liblbug_jni.so "${GLUE[@]}" -L. -llbug -ldl -Wl,-rpath,'$ORIGIN' -Wl,-z,defs ||
    die "compiling or linking the glue against $VERSION failed"
mkdir -p "$OUT"
cp liblbug.so liblbug_jni.so "$OUT/"
echo "try-binding: $OUT/liblbug.so ($VERSION) and $OUT/liblbug_jni.so built (experimental, see the header)"
