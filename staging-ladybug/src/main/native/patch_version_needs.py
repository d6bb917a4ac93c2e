#!/usr/bin/env python3
"""Makes the prebuilt LadybugDB engine loadable on a host with an older glibc/libstdc++.

The engine (a Node addon) was linked against glibc 2.39 and libstdc++ 13. Each symbol
version it needs that the host's library does not define is rewritten, in place, to another
version of the same library that the host does define. The symbols bound to a rewritten
version must then be either present in the host library under an older version (fmod) or
defined by glibc_compat.cpp; any other symbol means the host cannot run this engine, and the
script fails saying which.

It also renames the engine's soname (lbugjs.node) to the file name it is shipped under, so the
glue's DT_NEEDED names that file.

usage: patch_version_needs.py <engine.so> <out.so> <soname> <host-lib-path>...
exit 0 and prints "patched" or "unchanged" (out.so is written either way).
"""
import shutil
import struct
import sys

from elf_file import Elf, fail

# Symbols glibc_compat.cpp defines, and those the host has under an older version.
SHIMMED = {
    "__isoc23_strtol", "__isoc23_strtoll", "__isoc23_strtoul", "__isoc23_strtoull",
    "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE15_M_replace_coldEPcmPKcmm",
    "_ZSt21ios_base_library_initv",
}
OLDER_VERSION_OK = {"fmod"}


def elf_hash(name):
    h = 0
    for c in name.encode():
        h = (h << 4) + c
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def version_key(name):
    tail = name.split("_", 1)[1] if "_" in name else name
    return [int(p) if p.isdigit() else 0 for p in tail.split(".")]


def main():
    if len(sys.argv) < 5:
        fail("usage: patch_version_needs.py <engine.so> <out.so> <soname> <host-lib-path>...")
    src, out, soname, host_paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    data = bytearray(open(src, "rb").read())
    engine = Elf(data)
    engine.rename_soname(soname)
    host = {}
    for path in host_paths:
        with open(path, "rb") as f:
            host[path.rsplit("/", 1)[-1]] = Elf(f.read()).defined_versions()
    symbols = engine.undefined_symbols_by_version_index()
    patched = []
    for file, entries in engine.needs():
        if file not in host:
            continue  # a library we do not check (e.g. libgcc_s): its old versions are stable
        provided = host[file]
        usable = sorted((e for e in entries if e[1] in provided), key=lambda e: version_key(e[1]))
        for aoff, name, other, _ in entries:
            if name in provided:
                continue
            bound = symbols.get(other, [])
            unknown = [s for s in bound if s not in SHIMMED and s not in OLDER_VERSION_OK]
            if unknown or not usable:
                fail("the prebuilt engine needs %s from %s for %s, which this host's %s lacks and no shim "
                     "provides; build on a host with glibc >= 2.38 and libstdc++ from GCC >= 13 (e.g. Debian 13)"
                     % (name, file, ", ".join(unknown or bound), file))
            replacement = usable[0]
            struct.pack_into("<I", data, aoff, elf_hash(replacement[1]))
            struct.pack_into("<I", data, aoff + 8, replacement[3])
            patched.append("%s %s -> %s (%s)" % (file, name, replacement[1], ", ".join(bound)))
    with open(out, "wb") as f:
        f.write(data)
    shutil.copymode(src, out)
    for line in patched:
        print("rewrote " + line)
    print("patched" if patched else "unchanged")


if __name__ == "__main__":
    main()
