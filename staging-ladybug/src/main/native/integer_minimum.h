// Helpers of integer_minimum.cpp for the glue's other replacements (see that file for why).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "storage/table/column_chunk_data.h"

namespace lbug_jni {

// Whether `value` is the minimum of the signed integer physical type `type` (false for other types).
bool isMinimum(lbug::common::PhysicalTypeID type, const lbug::storage::StorageValue& value);

// Whether a chunk of these bounds (over its non-NULL values) would be bit-packed with its minimum cut.
bool bitPacksMinimum(lbug::common::PhysicalTypeID type, const std::optional<lbug::storage::StorageValue>& min,
    const std::optional<lbug::storage::StorageValue>& max);

// Pages that `numValues` values of `valueSize` bytes take uncompressed.
uint64_t uncompressedPages(uint64_t numValues, uint64_t valueSize);

// The engine's UNCOMPRESSED metadata for a chunk of these values and bounds.
lbug::storage::ColumnChunkMetadata uncompressed(uint64_t numValues, uint64_t valueSize, lbug::storage::StorageValue min,
    lbug::storage::StorageValue max);

// For an INT128 chunk holding INT128's minimum and another value: its minimum and maximum (the
// engine's metadata function throws for it), else nothing.
std::optional<std::pair<lbug::storage::StorageValue, lbug::storage::StorageValue>> int128BoundsWithMinimum(const uint8_t* data,
    uint64_t numValues, const lbug::common::NullMask* nulls);

// `metadata`, or UNCOMPRESSED metadata when it would bit-pack the minimum of `type`.
lbug::storage::ColumnChunkMetadata keptExact(lbug::common::PhysicalTypeID type, uint64_t valueSize,
    const lbug::storage::ColumnChunkMetadata& metadata);

} // namespace lbug_jni
