#!/usr/bin/env python3
"""Checks, before the glue is compiled, what the glue's replacements (interposed.h) rely on in the prebuilt engine.

- The engine's page size and vector capacity equal those of the system_config.h that build.sh
  generated: read from the engine's own symbol table (LBUG_PAGE_SIZE's value, and the size of
  INCREMENTAL_SELECTED_POS, an array of DEFAULT_VECTOR_CAPACITY sel_t). The node group and segment
  sizes leave no such trace: engine_check.cpp checks them, and these two again, on a real database.
- The engine exports the ColumnChunkData functions the glue replaces (interposed.h) with default
  visibility and reaches them through dynamic relocations only, so that the glue's definitions
  take precedence.

usage: check_engine.py <engine.so> <page-size-log2> <vector-capacity-log2>
Prints one line on success; exits 2 saying what differs otherwise.
"""
import struct
import sys

from elf_file import SHT_DYNSYM, SHT_SYMTAB, Elf, fail

INTERPOSED = {
    "_ZNK4lbug7storage15ColumnChunkData26getSizeOnDiskInMemoryStatsEv":
        "ColumnChunkData::getSizeOnDiskInMemoryStats() const (float_segment_estimate.cpp)",
    "_ZNK4lbug7storage15ColumnChunkData18getMetadataToFlushEv":
        "ColumnChunkData::getMetadataToFlush() const (flush_metadata.cpp)",
    "_ZNK4lbug7storage19CompressionMetadata16canUpdateInPlaceEPKhjmNS_6common14PhysicalTypeIDERNS0_23InPlaceUpdateLocalStateERKSt8optionalINS4_8NullMaskEE":
        "CompressionMetadata::canUpdateInPlace(...) const (integer_minimum.cpp)",
}
PAGE_SIZE = "_ZN4lbug6commonL14LBUG_PAGE_SIZEE"
SELECTED_POS = "_ZN4lbug6commonL24INCREMENTAL_SELECTED_POSE"
SEL_T_SIZE = 8  # common/types/types.h: using sel_t = uint64_t
STB_GLOBAL, STB_WEAK, STV_DEFAULT = 1, 2, 0


def local_symbol(symtab, name):
    for symbol in symtab:
        if symbol.name == name and symbol.defined:
            return symbol
    fail("the prebuilt engine has no %s in its symbol table: cannot check the build constants of "
         "system_config.h against it" % name)


def main():
    if len(sys.argv) != 4:
        fail("usage: check_engine.py <engine.so> <page-size-log2> <vector-capacity-log2>")
    engine = Elf(bytearray(open(sys.argv[1], "rb").read()))
    page_size, vector_capacity = 1 << int(sys.argv[2]), 1 << int(sys.argv[3])

    symtab = engine.symbols(SHT_SYMTAB)
    if not symtab:
        fail("the prebuilt engine is stripped: cannot check the build constants of system_config.h")
    actual_page_size, = struct.unpack("<Q", engine.read(local_symbol(symtab, PAGE_SIZE)))
    if actual_page_size != page_size:
        fail("the prebuilt engine's page size is %d, the generated system_config.h says %d"
             % (actual_page_size, page_size))
    actual_capacity = local_symbol(symtab, SELECTED_POS).size // SEL_T_SIZE
    if actual_capacity != vector_capacity:
        fail("the prebuilt engine's vector capacity is %d, the generated system_config.h says %d"
             % (actual_capacity, vector_capacity))

    dynsym = engine.symbols(SHT_DYNSYM)
    relocations = []
    for name, what in INTERPOSED.items():
        exported = [s for s in dynsym if s.name == name and s.defined]
        if not exported or exported[0].binding not in (STB_GLOBAL, STB_WEAK) or exported[0].visibility != STV_DEFAULT:
            fail("the prebuilt engine no longer exports %s: the glue cannot replace it" % what)
        count = engine.dynamic_relocations_against(exported[0].index)
        if count == 0:
            fail("the prebuilt engine calls %s directly, not through dynamic relocations: the glue's "
                 "definition would not be used" % what)
        relocations.append(str(count))
    print("engine constants match system_config.h (page %d bytes, vector %d values); the replaced "
          "functions are exported and bound through %s dynamic relocations"
          % (page_size, vector_capacity, " + ".join(relocations)))


if __name__ == "__main__":
    main()
