// Replaces the engine's ColumnChunkData::getMetadataToFlush() for FLOAT and DOUBLE chunks that hold
// a NaN, and for chunks whose bit packing would cut a signed integer type's minimum
// (integer_minimum.cpp says why and how).
//
// NaN:
// Why: the engine (lbug 0.14.3) computes a chunk's minimum and maximum with < and > when it flushes
// the chunk, and stores it as a constant when they are equal. A NaN compares false with everything:
// when it is the first non-NULL value, minimum and maximum stay NaN and the whole chunk reads back
// as NaN; anywhere else it is ignored, and a chunk whose other values are all equal reads back with
// that value in place of each NaN. Either way the data changes silently.
//
// How: reached like float_segment_estimate.cpp (interposed.h). For a FLOAT/DOUBLE chunk with a NaN
// among its values (NULL slots included: that can only make the bounds wider) the engine's
// compression metadata function is called with -inf and +inf as bounds: never equal, so the chunk
// is compressed with ALP (NaN as an exception) or stored uncompressed, and bounds that contain every
// value, so zone maps never skip a chunk a predicate could match. Every other chunk goes to the
// engine's own definition.
//
// That part can go when the engine's statistics order NaN (e.g. as the largest value, as DuckDB does).
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>

#include "integer_minimum.h"
#include "interposed.h"
#include "storage/table/column_chunk_data.h"

namespace lbug_jni {
namespace {

using EngineDefinition = lbug::storage::ColumnChunkMetadata (*)(const lbug::storage::ColumnChunkData*);

std::atomic<uint64_t> naNChunks{0};

EngineDefinition engineMetadataToFlush() {
    static const auto definition = reinterpret_cast<EngineDefinition>(engineDefinition(kMetadataToFlushSymbol));
    return definition;
}

template<typename T>
bool holdsNaN(const uint8_t* data, uint64_t numValues) {
    const T* values = reinterpret_cast<const T*>(data);
    for (uint64_t i = 0; i < numValues; i++) {
        if (std::isnan(values[i])) {
            return true;
        }
    }
    return false;
}

} // namespace

uint64_t naNChunksFlushed() {
    return naNChunks.load(std::memory_order_relaxed);
}

} // namespace lbug_jni

namespace lbug::storage {

ColumnChunkMetadata ColumnChunkData::getMetadataToFlush() const {
    const auto physicalType = dataType.getPhysicalType();
    const bool naN = capacity > 0 &&
                     ((physicalType == common::PhysicalTypeID::DOUBLE && lbug_jni::holdsNaN<double>(getData(), numValues)) ||
                      (physicalType == common::PhysicalTypeID::FLOAT && lbug_jni::holdsNaN<float>(getData(), numValues)));
    if (naN) {
        lbug_jni::naNChunks.fetch_add(1, std::memory_order_relaxed);
        return getMetadataFunction(buffer->getBuffer(), numValues, StorageValue(-std::numeric_limits<double>::infinity()),
            StorageValue(std::numeric_limits<double>::infinity()));
    }
    if (physicalType == common::PhysicalTypeID::INT128 && capacity > 0) {
        const auto nulls = getNullMask();
        if (const auto bounds = lbug_jni::int128BoundsWithMinimum(getData(), numValues, nulls ? &*nulls : nullptr)) {
            return lbug_jni::uncompressed(numValues, numBytesPerValue, bounds->first, bounds->second);
        }
    }
    return lbug_jni::keptExact(physicalType, numBytesPerValue, lbug_jni::engineMetadataToFlush()(this));
}

} // namespace lbug::storage
