// Finds the engine's own definitions of the functions the glue replaces (see interposed.h).
#include <dlfcn.h>

#include <initializer_list>

#include "interposed.h"

namespace lbug_jni {

const char* const kSizeEstimateSymbol = "_ZNK4lbug7storage15ColumnChunkData26getSizeOnDiskInMemoryStatsEv";
const char* const kMetadataToFlushSymbol = "_ZNK4lbug7storage15ColumnChunkData18getMetadataToFlushEv";
const char* const kInPlaceUpdateSymbol = "_ZNK4lbug7storage19CompressionMetadata16canUpdateInPlaceEPKhjmNS_6common14PhysicalTypeIDERNS0_23InPlaceUpdateLocalStateERKSt8optionalINS4_8NullMaskEE";

void* engineDefinition(const char* symbol) {
    return dlsym(RTLD_NEXT, symbol);
}

const char* checkEngineDefinitions() {
    Dl_info glue{};
    if (dladdr(reinterpret_cast<void*>(&checkEngineDefinitions), &glue) == 0) {
        return "dladdr cannot find the glue itself";
    }
    for (const char* symbol : {kSizeEstimateSymbol, kMetadataToFlushSymbol, kInPlaceUpdateSymbol}) {
        void* definition = engineDefinition(symbol);
        Dl_info engine{};
        if (definition == nullptr || dladdr(definition, &engine) == 0 || engine.dli_fbase == glue.dli_fbase) {
            return symbol == kSizeEstimateSymbol    ? "the engine does not export ColumnChunkData::getSizeOnDiskInMemoryStats() const" :
                   symbol == kMetadataToFlushSymbol ? "the engine does not export ColumnChunkData::getMetadataToFlush() const" :
                                                      "the engine does not export CompressionMetadata::canUpdateInPlace(...) const";
        }
    }
    return nullptr;
}

} // namespace lbug_jni
