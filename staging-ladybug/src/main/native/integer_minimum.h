// Helpers of integer_minimum.cpp for the glue's other replacements (see that file for why).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "storage/table/column_chunk_data.h"

namespace lbug_jni {

using namespace lbug;

// Whether `value` is the minimum of the signed integer physical type `type` (false for other types).
bool isMinimum(common::PhysicalTypeID type, const storage::StorageValue& value);

// Whether a chunk of these bounds (over its non-NULL values) would be bit-packed with its minimum cut.
bool bitPacksMinimum(common::PhysicalTypeID type, const std::optional<storage::StorageValue>& min,
    const std::optional<storage::StorageValue>& max);

// Pages that `numValues` values of `valueSize` bytes take uncompressed.
uint64_t uncompressedPages(uint64_t numValues, uint64_t valueSize);

// The engine's UNCOMPRESSED metadata for a chunk of these values and bounds.
storage::ColumnChunkMetadata uncompressed(uint64_t numValues, uint64_t valueSize, storage::StorageValue min,
    storage::StorageValue max);

// For an INT128 chunk holding INT128's minimum and another value: its minimum and maximum (the
// engine's metadata function throws for it), else nothing.
std::optional<std::pair<storage::StorageValue, storage::StorageValue>> int128BoundsWithMinimum(const uint8_t* data,
    uint64_t numValues, const common::NullMask* nulls);

// `metadata`, or UNCOMPRESSED metadata when it would bit-pack the minimum of `type` (or of a FLOAT/
// DOUBLE chunk's ALP integers).
storage::ColumnChunkMetadata keptExact(common::PhysicalTypeID type, uint64_t valueSize,
    const storage::ColumnChunkMetadata& metadata);

} // namespace lbug_jni
