// Keeps signed integer chunks that hold their type's minimum exact: the helpers that
// flush_metadata.cpp and float_segment_estimate.cpp call, and a replacement of the engine's
// CompressionMetadata::canUpdateInPlace().
//
// Why: the engine's integer bit packing (IntegerBitpacking<T>::getPackingInfo, lbug 0.14.3) takes a
// chunk holding negative values to need bitWidth(max(abs(min), abs(max))) + 1 bits. The absolute
// value of a signed type's minimum -2^(n-1) overflows back to the minimum, so the width comes from
// the maximum alone: the minimum (its low bits are 0) and every value wider than the maximum are cut
// to their low bits (INT64's minimum next to 0 reads back 0), and for INT128, whose abs() checks,
// the copy fails ("cannot negate INT128_MIN"; a UUID 00000000-0000-... is INT128's minimum). Chunks
// without the minimum are packed correctly.
//
// How: a chunk whose metadata would bit-pack the minimum is given the engine's own UNCOMPRESSED
// metadata, with the true minimum and maximum (what the engine chooses itself when the width reaches
// the type's size). The engine checks in place updates of a chunk on disk with the same width
// computation: canUpdateInPlace() answers false when values to write into a bit-packed chunk hold
// the minimum, so the chunk is rewritten through getMetadataToFlush(). Everything else goes to the
// engine's definitions. It can go when the engine's bit width accounts for the minimum.
#include <atomic>
#include <cstdint>
#include <limits>
#include <optional>

#include "integer_minimum.h"
#include "interposed.h"

namespace lbug_jni {
namespace {

using lbug::common::PhysicalTypeID;
using lbug::storage::CompressionMetadata;
using lbug::storage::CompressionType;
using lbug::storage::StorageValue;

using EngineCanUpdateInPlace = bool (*)(const CompressionMetadata*, const uint8_t*, uint32_t, uint64_t, PhysicalTypeID,
    lbug::storage::InPlaceUpdateLocalState&, const std::optional<lbug::common::NullMask>&);

std::atomic<uint64_t> uncompressedChunks{0};
std::atomic<uint64_t> refusedInPlaceUpdates{0};
std::atomic<bool> checkEnabled{true};

bool checking() {
    return checkEnabled.load(std::memory_order_relaxed);
}

EngineCanUpdateInPlace engineCanUpdateInPlace() {
    static const auto definition = reinterpret_cast<EngineCanUpdateInPlace>(engineDefinition(kInPlaceUpdateSymbol));
    return definition;
}

bool isInt128Minimum(const lbug::common::int128_t& value) {
    return value.high == std::numeric_limits<int64_t>::min() && value.low == 0;
}

// Whether a non-NULL value of type T among `count` from `from` satisfies `isMinimum`.
template<typename T, typename IsMinimum>
bool holds(const uint8_t* data, uint64_t from, uint64_t count, const lbug::common::NullMask* nulls, IsMinimum isMinimum) {
    const T* values = reinterpret_cast<const T*>(data);
    for (uint64_t i = from; i < from + count; i++) {
        if (isMinimum(values[i]) && (nulls == nullptr || !nulls->isNull(i))) {
            return true;
        }
    }
    return false;
}

template<typename T>
bool holdsMinimumOf(const uint8_t* data, uint64_t from, uint64_t count, const lbug::common::NullMask* nulls) {
    return holds<T>(data, from, count, nulls, [](T value) { return value == std::numeric_limits<T>::min(); });
}

// Whether a non-NULL value among `count` from `from` is the minimum of the signed integer `type`.
bool holdsMinimum(PhysicalTypeID type, const uint8_t* data, uint64_t from, uint64_t count, const lbug::common::NullMask* nulls) {
    switch (type) {
    case PhysicalTypeID::INT8:
        return holdsMinimumOf<int8_t>(data, from, count, nulls);
    case PhysicalTypeID::INT16:
        return holdsMinimumOf<int16_t>(data, from, count, nulls);
    case PhysicalTypeID::INT32:
        return holdsMinimumOf<int32_t>(data, from, count, nulls);
    case PhysicalTypeID::INT64:
        return holdsMinimumOf<int64_t>(data, from, count, nulls);
    case PhysicalTypeID::INT128:
        return holds<lbug::common::int128_t>(data, from, count, nulls, isInt128Minimum);
    default:
        return false;
    }
}

bool int128Less(const lbug::common::int128_t& a, const lbug::common::int128_t& b) {
    return a.high < b.high || (a.high == b.high && a.low < b.low);
}

} // namespace

bool isMinimum(PhysicalTypeID type, const StorageValue& value) {
    switch (type) {
    case PhysicalTypeID::INT8:
        return value.get<int8_t>() == std::numeric_limits<int8_t>::min();
    case PhysicalTypeID::INT16:
        return value.get<int16_t>() == std::numeric_limits<int16_t>::min();
    case PhysicalTypeID::INT32:
        return value.get<int32_t>() == std::numeric_limits<int32_t>::min();
    case PhysicalTypeID::INT64:
        return value.get<int64_t>() == std::numeric_limits<int64_t>::min();
    case PhysicalTypeID::INT128:
        return isInt128Minimum(value.signedInt128);
    default:
        return false;
    }
}

bool bitPacksMinimum(PhysicalTypeID type, const std::optional<StorageValue>& min, const std::optional<StorageValue>& max) {
    return checking() && min && max && !(*min == *max) && isMinimum(type, *min);
}

uint64_t uncompressedPages(uint64_t numValues, uint64_t valueSize) {
    const uint64_t valuesPerPage = lbug::common::LBUG_PAGE_SIZE / valueSize;
    return (numValues + valuesPerPage - 1) / valuesPerPage;
}

lbug::storage::ColumnChunkMetadata uncompressed(uint64_t numValues, uint64_t valueSize, StorageValue min, StorageValue max) {
    uncompressedChunks.fetch_add(1, std::memory_order_relaxed);
    return lbug::storage::ColumnChunkMetadata(lbug::common::INVALID_PAGE_IDX, uncompressedPages(numValues, valueSize), numValues,
        CompressionMetadata(min, max, CompressionType::UNCOMPRESSED));
}

std::optional<std::pair<StorageValue, StorageValue>> int128BoundsWithMinimum(const uint8_t* data, uint64_t numValues,
    const lbug::common::NullMask* nulls) {
    if (!checking() || !holdsMinimum(PhysicalTypeID::INT128, data, 0, numValues, nulls)) {
        return std::nullopt;
    }
    const auto* values = reinterpret_cast<const lbug::common::int128_t*>(data);
    lbug::common::int128_t max = values[0];
    bool found = false;
    for (uint64_t i = 0; i < numValues; i++) {
        if (nulls == nullptr || !nulls->isNull(i)) {
            if (!found || int128Less(max, values[i])) {
                max = values[i];
            }
            found = true;
        }
    }
    if (isInt128Minimum(max)) {
        return std::nullopt; // every value is the minimum: the engine stores a constant
    }
    lbug::common::int128_t min{};
    min.low = 0;
    min.high = std::numeric_limits<int64_t>::min();
    return std::make_pair(StorageValue(min), StorageValue(max));
}

lbug::storage::ColumnChunkMetadata keptExact(PhysicalTypeID type, uint64_t valueSize, const lbug::storage::ColumnChunkMetadata& metadata) {
    const auto& compression = metadata.compMeta;
    if (checking() && compression.compression == CompressionType::INTEGER_BITPACKING && isMinimum(type, compression.min)) {
        return uncompressed(metadata.numValues, valueSize, compression.min, compression.max);
    }
    return metadata;
}

uint64_t integerMinimumChunksUncompressed() {
    return uncompressedChunks.load(std::memory_order_relaxed);
}

uint64_t integerMinimumInPlaceUpdatesRefused() {
    return refusedInPlaceUpdates.load(std::memory_order_relaxed);
}

void setIntegerMinimumCheckEnabled(bool on) {
    checkEnabled.store(on, std::memory_order_relaxed);
}

} // namespace lbug_jni

namespace lbug::storage {

bool CompressionMetadata::canUpdateInPlace(const uint8_t* data, uint32_t pos, uint64_t numValues,
    common::PhysicalTypeID physicalType, InPlaceUpdateLocalState& localUpdateState,
    const std::optional<common::NullMask>& nullMask) const {
    if (compression == CompressionType::INTEGER_BITPACKING && lbug_jni::checking() &&
        lbug_jni::holdsMinimum(physicalType, data, pos, numValues, nullMask ? &*nullMask : nullptr)) {
        lbug_jni::refusedInPlaceUpdates.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    return lbug_jni::engineCanUpdateInPlace()(this, data, pos, numValues, physicalType, localUpdateState, nullMask);
}

} // namespace lbug::storage
