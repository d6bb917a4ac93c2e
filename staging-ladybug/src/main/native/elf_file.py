"""A minimal reader of 64-bit little-endian ELF shared objects, for the binding's build scripts."""
import struct
import sys

SHT_SYMTAB = 2
SHT_RELA = 4
SHT_DYNAMIC = 6
SHT_DYNSYM = 11
SHT_GNU_VERDEF = 0x6FFFFFFD
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
DT_SONAME = 14


def fail(message):
    sys.stderr.write("lbug binding build: " + message + "\n")
    sys.exit(2)


class Symbol:
    def __init__(self, index, name, info, other, shndx, value, size):
        self.index = index
        self.name = name
        self.binding = info >> 4
        self.visibility = other & 3
        self.shndx = shndx
        self.value = value
        self.size = size

    @property
    def defined(self):
        return self.shndx != 0


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
            self.sections.append({"type": typ, "addr": addr, "offset": off, "size": size, "link": link,
                                  "info": info, "entsize": entsize})

    def section(self, typ):
        for s in self.sections:
            if s["type"] == typ:
                return s
        return None

    def string(self, strtab, offset):
        start = strtab["offset"] + offset
        end = self.data.index(b"\0", start)
        return self.data[start:end].decode()

    def symbols(self, typ):
        """The symbols of the SHT_SYMTAB or SHT_DYNSYM section, by index; [] when it is absent."""
        table = self.section(typ)
        if table is None:
            return []
        strtab = self.sections[table["link"]]
        result = []
        for i in range(table["size"] // 24):
            name_off, info, other, shndx, value, size = struct.unpack_from(
                "<IBBHQQ", self.data, table["offset"] + i * 24)
            result.append(Symbol(i, self.string(strtab, name_off), info, other, shndx, value, size))
        return result

    def read(self, symbol):
        """The bytes a defined data symbol points to."""
        section = self.sections[symbol.shndx]
        start = section["offset"] + symbol.value - section["addr"]
        return bytes(self.data[start:start + symbol.size])

    def dynamic_relocations_against(self, symbol_index):
        """How many relocations of the sections tied to .dynsym name this .dynsym index."""
        dynsym_index = self.sections.index(self.section(SHT_DYNSYM))
        count = 0
        for s in self.sections:
            if s["type"] != SHT_RELA or s["link"] != dynsym_index:
                continue
            for off in range(s["offset"], s["offset"] + s["size"], 24):
                _, info, _ = struct.unpack_from("<QQq", self.data, off)
                if info >> 32 == symbol_index:
                    count += 1
        return count

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
        """[(file, [(aux_offset, name, other, name_offset)])] of .gnu.version_r."""
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
        versym = self.section(SHT_GNU_VERSYM)
        by_index = {}
        for symbol in self.symbols(SHT_DYNSYM):
            ver, = struct.unpack_from("<H", self.data, versym["offset"] + symbol.index * 2)
            if not symbol.defined and symbol.name:
                by_index.setdefault(ver & 0x7FFF, []).append(symbol.name)
        return by_index
