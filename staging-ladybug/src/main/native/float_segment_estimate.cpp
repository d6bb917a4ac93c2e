// Replaces the engine's ColumnChunkData::getSizeOnDiskInMemoryStats() for FLOAT and DOUBLE chunks.
//
// Why: ColumnChunkData::split (storage/table/column_chunk_data.cpp in lbug 0.14.3) cuts a column
// chunk larger than StorageConfig::MAX_SEGMENT_SIZE into segments by appending 64 values at a time
// and asking getSizeOnDiskInMemoryStats() after each append. For floating-point chunks that call
// runs the whole ALP compression parameter search over the segment built so far, so splitting is
// quadratic: a COPY of 1M random doubles spends over 90% of its time there (75x an INT64 COPY).
// Integers only compute cheap bit-packing metadata, which is why they are fast.
//
// How: the engine reaches this member only through dynamic relocations (vtable entries and a PLT
// slot), so its calls come to the definition below (interposed.h). For FLOAT/DOUBLE it
// returns the uncompressed size in whole pages plus the null data's size (what the engine computes
// for a chunk it stores uncompressed, and more than for one it compresses, but for ALP exception
// pages in rare cases), so split() cuts segments of at most MAX_SEGMENT_SIZE uncompressed bytes and
// each segment is still compressed, once, when it is flushed. Every other type goes to the engine's
// own definition. The engine calls this function only from split() and from the overrides that add
// their children's sizes to it, so the estimate changes where segments are cut, never what is stored.
//
// build.sh checks that the engine still exports the symbol and binds it through dynamic
// relocations, and runs engine_check.cpp, which proves this definition is the one called.
// It can go when the engine's split() stops recomputing float compression metadata per append.
#include <atomic>
#include <cstdint>

#include "integer_minimum.h"
#include "interposed.h"
#include "storage/table/column_chunk_data.h"

namespace lbug_jni {
namespace {

using EngineDefinition = uint64_t (*)(const lbug::storage::ColumnChunkData*);

std::atomic<uint64_t> estimates{0};
std::atomic<bool> enabled{true};

EngineDefinition engineEstimate() {
    static const auto definition = reinterpret_cast<EngineDefinition>(engineDefinition(kSizeEstimateSymbol));
    return definition;
}

} // namespace

uint64_t floatSegmentEstimates() {
    return estimates.load(std::memory_order_relaxed);
}

void setFloatSegmentEstimateEnabled(bool on) {
    enabled.store(on, std::memory_order_relaxed);
}

} // namespace lbug_jni

namespace lbug::storage {

uint64_t ColumnChunkData::getSizeOnDiskInMemoryStats() const {
    const auto physicalType = dataType.getPhysicalType();
    const bool floating =
        physicalType == common::PhysicalTypeID::DOUBLE || physicalType == common::PhysicalTypeID::FLOAT;
    // A chunk holding its integer type's minimum is stored uncompressed (integer_minimum.cpp); the
    // engine's estimate would cut the minimum's width, or throw for INT128.
    const bool keptUncompressed = lbug_jni::bitPacksMinimum(physicalType, inMemoryStats.min, inMemoryStats.max);
    if (!keptUncompressed && (!floating || !lbug_jni::enabled.load(std::memory_order_relaxed))) {
        return lbug_jni::engineEstimate()(this);
    }
    if (floating) {
        lbug_jni::estimates.fetch_add(1, std::memory_order_relaxed);
    }
    const uint64_t nullSize = nullData ? nullData->getSizeOnDiskInMemoryStats() : 0;
    return lbug_jni::uncompressedPages(numValues, numBytesPerValue) * common::LBUG_PAGE_SIZE + nullSize;
}

} // namespace lbug::storage
