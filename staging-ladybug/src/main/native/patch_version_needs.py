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

SHT_DYNAMIC = 6
SHT_DYNSYM = 11
DT_SONAME = 14
SHT_GNU_VERDEF = 0x6FFFFFFD
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF

# Symbols glibc_compat.cpp defines, and those the host has under an older version.
SHIMMED = {
    "__isoc23_strtol", "__isoc23_strtoll", "__isoc23_strtoul", "__isoc23_strtoull",
    "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE15_M_replace_coldEPcmPKcmm",
    "_ZSt21ios_base_library_initv",
}
OLDER_VERSION_OK = {"fmod"}


def fail(message):
    sys.stderr.write("lbug binding build: " + message + "\n")
    sys.exit(2)


def elf_hash(name):
    h = 0
    for c in name.encode():
        h = (h << 4) + c
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


class Elf:
    def __init__(self, data):
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            fail("not a 64-bit little-endian ELF file")
        self.data = data
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        self.sections = []
        for i in range(shnum):
            name, typ, flags, addr, off, size, link, info, align, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", data, shoff + i * shentsize)
            self.sections.append({"type": typ, "offset": off, "size": size, "link": link, "info": info,
                                  "entsize": entsize})

    def section(self, typ):
        for s in self.sections:
            if s["type"] == typ:
                return s
        return None

    def string(self, strtab, offset):
        start = strtab["offset"] + offset
        end = self.data.index(b"\0", start)
        return self.data[start:end].decode()

    def defined_versions(self):
        verdef = self.section(SHT_GNU_VERDEF)
        if verdef is None:
            return set()
        strtab = self.sections[verdef["link"]]
        names = set()
        off = verdef["offset"]
        while True:
            _, _, _, cnt, _, aux, nxt = struct.unpack_from("<HHHHIII", self.data, off)
            name_off, = struct.unpack_from("<I", self.data, off + aux)
            names.add(self.string(strtab, name_off))
            if nxt == 0:
                return names
            off += nxt

    def needs(self):
        """[(file, [(aux_offset, name, other)])] of .gnu.version_r."""
        verneed = self.section(SHT_GNU_VERNEED)
        if verneed is None:
            return []
        strtab = self.sections[verneed["link"]]
        result = []
        off = verneed["offset"]
        while True:
            _, cnt, file_off, aux, nxt = struct.unpack_from("<HHIII", self.data, off)
            entries = []
            aoff = off + aux
            for _ in range(cnt):
                _, _, other, name_off, anext = struct.unpack_from("<IHHII", self.data, aoff)
                entries.append((aoff, self.string(strtab, name_off), other, name_off))
                aoff += anext
            result.append((self.string(strtab, file_off), entries))
            if nxt == 0:
                return result
            off += nxt

    def rename_soname(self, new_name):
        """Overwrites the DT_SONAME string in place; the new name must not be longer."""
        dynamic = self.section(SHT_DYNAMIC)
        strtab = self.sections[dynamic["link"]]
        for off in range(dynamic["offset"], dynamic["offset"] + dynamic["size"], 16):
            tag, val = struct.unpack_from("<qQ", self.data, off)
            if tag == DT_SONAME:
                old = self.string(strtab, val)
                if len(new_name) > len(old):
                    fail("cannot rename soname %s to the longer %s" % (old, new_name))
                start = strtab["offset"] + val
                self.data[start:start + len(old) + 1] = new_name.encode().ljust(len(old) + 1, b"\0")
                return old
        fail("the engine has no DT_SONAME")

    def undefined_symbols_by_version_index(self):
        dynsym = self.section(SHT_DYNSYM)
        versym = self.section(SHT_GNU_VERSYM)
        strtab = self.sections[dynsym["link"]]
        count = dynsym["size"] // 24
        by_index = {}
        for i in range(count):
            name_off, info, other, shndx, value, size = struct.unpack_from("<IBBHQQ", self.data,
                                                                           dynsym["offset"] + i * 24)
            ver, = struct.unpack_from("<H", self.data, versym["offset"] + i * 2)
            if shndx == 0 and name_off:
                by_index.setdefault(ver & 0x7FFF, []).append(self.string(strtab, name_off))
        return by_index


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
