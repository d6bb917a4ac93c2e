// Checks, against a real database, that the prebuilt engine was built with the constants of the
// system_config.h that build.sh generated for this glue (float_segment_estimate.cpp depends on
// them), and that the engine calls the glue's replacements of ColumnChunkData functions.
// build.sh runs it through engine_check_main.c after linking (a mismatch fails the build); the
// binding's tests run it through LbugNative.checkEngine.
#include <cstdint>
#include <memory>
#include <string>

#include "common/system_config.h"
#include "engine_check.h"
#include "interposed.h"
#include "main/lbug.h"

using namespace lbug;

namespace {

constexpr uint64_t kInt64PerSegment = common::StorageConfig::MAX_SEGMENT_SIZE / sizeof(int64_t);
constexpr uint64_t kPagesPerSegment = common::StorageConfig::MAX_SEGMENT_SIZE / common::LBUG_PAGE_SIZE;

std::unique_ptr<main::QueryResult> run(main::Connection& connection, const std::string& cypher) {
    auto result = connection.query(cypher);
    if (!result->isSuccess()) {
        throw std::runtime_error(cypher + ": " + result->getErrorMessage());
    }
    return result;
}

std::string expectedStorageDirection() {
    switch (common::DEFAULT_EXTEND_DIRECTION) {
    case common::ExtendDirection::FWD:
        return "fwd";
    case common::ExtendDirection::BWD:
        return "bwd";
    default:
        return "both";
    }
}

// "" when the engine agrees with the header, else what differs.
std::string check(const std::string& directory) {
    main::SystemConfig config(256ULL << 20, 2);
    main::Database database(directory + "/engine-check.lbug", config);
    main::Connection connection(&database);
    const auto nodeGroupSize = common::StorageConfig::NODE_GROUP_SIZE;
    run(connection, "CREATE NODE TABLE N(id INT64, v INT64, d DOUBLE, c DOUBLE, m INT64, PRIMARY KEY(id))");
    run(connection, "CREATE REL TABLE R(FROM N TO N, w DOUBLE)");
    const auto estimatesBefore = lbug_jni::floatSegmentEstimates();
    const auto naNChunksBefore = lbug_jni::naNChunksFlushed();
    const auto minimumChunksBefore = lbug_jni::integerMinimumChunksUncompressed();
    // One full node group and one row more; v spans the whole INT64 range, so it is stored
    // uncompressed and its segments show MAX_SEGMENT_SIZE exactly; d needs split() to run; c is
    // NULL, NaN, then 1.5, which the engine alone stores as a constant NaN; m is INT64's minimum, then
    // small values, which the engine alone bit-packs with the minimum cut to 0.
    run(connection, "COPY N FROM (UNWIND range(0, " + std::to_string(nodeGroupSize) +
                        ") AS i RETURN i, CAST(hash(i) % 9223372036854775807 AS INT64) * "
                        "(CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END), CAST(hash(i) AS DOUBLE) / 7.0, "
                        "CASE WHEN i = 0 THEN NULL WHEN i = 1 THEN CAST('nan' AS DOUBLE) ELSE 1.5 END, "
                        "CASE WHEN i = 0 THEN -9223372036854775807 - 1 ELSE i % 100 END)");
    if (lbug_jni::floatSegmentEstimates() == estimatesBefore) {
        return "the engine did not call the glue's ColumnChunkData::getSizeOnDiskInMemoryStats while "
               "copying a DOUBLE column: the interposition no longer takes effect";
    }
    auto kept = run(connection, "MATCH (n:N) WHERE n.c = 1.5 RETURN count(*)");
    if (lbug_jni::naNChunksFlushed() == naNChunksBefore ||
        kept->getNext()->getValue(0)->getValue<int64_t>() != (int64_t)nodeGroupSize - 1) {
        return "a DOUBLE column of NULL, NaN, then 1.5 did not read back: the glue's "
               "ColumnChunkData::getMetadataToFlush no longer takes effect";
    }
    auto minimum = run(connection, "MATCH (n:N) WHERE n.m = -9223372036854775807 - 1 RETURN count(*)");
    if (lbug_jni::integerMinimumChunksUncompressed() == minimumChunksBefore ||
        minimum->getNext()->getValue(0)->getValue<int64_t>() != 1) {
        return "INT64's minimum next to small values did not read back: the glue's "
               "ColumnChunkData::getMetadataToFlush no longer keeps it";
    }
    // A bit-packed chunk on disk given the minimum: the engine's in-place check would take it.
    const auto refusedBefore = lbug_jni::integerMinimumInPlaceUpdatesRefused();
    run(connection, "CREATE NODE TABLE P(id INT64, m INT64, PRIMARY KEY(id))");
    run(connection, "COPY P FROM (UNWIND range(0, 99) AS i RETURN i, i - 50)");
    run(connection, "CHECKPOINT");
    run(connection, "MATCH (p:P) WHERE p.id IN [7, 8] SET p.m = -9223372036854775807 - 1");
    run(connection, "CHECKPOINT");
    auto updated = run(connection, "MATCH (p:P) WHERE p.m = -9223372036854775807 - 1 RETURN count(*)");
    if (lbug_jni::integerMinimumInPlaceUpdatesRefused() == refusedBefore ||
        updated->getNext()->getValue(0)->getValue<int64_t>() != 2) {
        return "INT64's minimum written into a bit-packed chunk did not read back: the glue's "
               "CompressionMetadata::canUpdateInPlace no longer takes effect";
    }
    uint64_t firstGroupValues = 0;
    uint64_t secondGroupValues = 0;
    std::string badSegment;
    auto segments = run(connection, "CALL storage_info('N') RETURN node_group_id, column_name, num_pages, "
                                    "num_values, compression");
    while (segments->hasNext()) {
        auto row = segments->getNext();
        if (row->getValue(1)->getValue<std::string>() != "v") {
            continue;
        }
        auto pages = (uint64_t)row->getValue(2)->getValue<int64_t>();
        auto values = (uint64_t)row->getValue(3)->getValue<int64_t>();
        if (row->getValue(0)->getValue<int64_t>() != 0) {
            secondGroupValues += values;
            continue;
        }
        firstGroupValues += values;
        if (row->getValue(4)->getValue<std::string>() != "UNCOMPRESSED" || values != kInt64PerSegment ||
            pages != kPagesPerSegment) {
            badSegment = "a segment of an uncompressed INT64 column holds " + std::to_string(values) + " values in " +
                         std::to_string(pages) + " pages, not " + std::to_string(kInt64PerSegment) + " in " +
                         std::to_string(kPagesPerSegment) +
                         ": MAX_SEGMENT_SIZE or LBUG_PAGE_SIZE differs from the engine's";
        }
    }
    if (firstGroupValues != nodeGroupSize || secondGroupValues != 1) {
        return "node groups hold " + std::to_string(firstGroupValues) + " + " + std::to_string(secondGroupValues) +
               " rows, not " + std::to_string(nodeGroupSize) + " + 1: NODE_GROUP_SIZE differs from the engine's";
    }
    if (!badSegment.empty()) {
        return badSegment;
    }
    auto header = run(connection, "CALL disk_size_info() WHERE name = 'database_header' RETURN size_bytes");
    if (!header->hasNext() || header->getNext()->getValue(0)->getValue<uint64_t>() != common::LBUG_PAGE_SIZE) {
        return "the database header is not one page of " + std::to_string(common::LBUG_PAGE_SIZE) +
               " bytes: LBUG_PAGE_SIZE differs from the engine's";
    }
    auto direction = run(connection, "CALL table_info('R') RETURN storage_direction");
    const auto actualDirection = direction->hasNext() ? direction->getNext()->getValue(0)->getValue<std::string>() : "";
    if (actualDirection != expectedStorageDirection()) {
        return "relationship tables are stored '" + actualDirection + "', not '" + expectedStorageDirection() +
               "': DEFAULT_REL_STORAGE_DIRECTION differs from the engine's";
    }
    return "";
}

} // namespace

extern "C" const char* lbug_jni_check_engine(const char* directory) {
    static thread_local std::string problem;
    if (const char* missing = lbug_jni::checkEngineDefinitions()) {
        problem = missing;
        return problem.c_str();
    }
    try {
        problem = check(directory);
    } catch (const std::exception& e) {
        problem = std::string("the engine check failed: ") + e.what();
    }
    return problem.empty() ? nullptr : problem.c_str();
}
