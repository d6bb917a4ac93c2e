// Engine functions the glue defines again (float_segment_estimate.cpp, flush_metadata.cpp,
// integer_minimum.cpp).
// The engine exports them and reaches them only through dynamic relocations, and the glue is the
// root of the load group that brings the engine in, so the dynamic linker binds the engine's own
// calls to the glue's definitions; build.sh checks both facts and engine_check.cpp proves it.
#pragma once

#include <cstdint>

namespace lbug_jni {

// The engine's own definition of a symbol the glue also defines (dlsym RTLD_NEXT), or nullptr.
void* engineDefinition(const char* symbol);

// nullptr when the engine's own definition of every replaced function was found, else which is not.
const char* checkEngineDefinitions();

// How many times float_segment_estimate.cpp answered for a FLOAT/DOUBLE chunk since loading.
uint64_t floatSegmentEstimates();

// Off sends FLOAT/DOUBLE to the engine's estimate too: only to measure what the replacement saves.
void setFloatSegmentEstimateEnabled(bool on);

// How many FLOAT/DOUBLE chunks holding NaN flush_metadata.cpp flushed since loading.
uint64_t naNChunksFlushed();

// How many chunks integer_minimum.cpp stored uncompressed to keep an integer minimum, and how many
// in-place updates it refused, since loading.
uint64_t integerMinimumChunksUncompressed();
uint64_t integerMinimumInPlaceUpdatesRefused();

// Off leaves integer chunks to the engine alone (minimums cut again): only to measure what the check costs.
void setIntegerMinimumCheckEnabled(bool on);

extern const char* const kSizeEstimateSymbol;
extern const char* const kMetadataToFlushSymbol;
extern const char* const kInPlaceUpdateSymbol;

} // namespace lbug_jni
