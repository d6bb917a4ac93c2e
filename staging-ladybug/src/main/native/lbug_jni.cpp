// JNI glue for io.graphstaging.ladybug.binding.LbugNative.
//
// Only uses the part of the C++ API that the prebuilt engine exports (Database, Connection,
// prepare/executeWithParams, QueryResult iteration, FlatTuple, Value getters and toString):
// no INT128/DECIMAL/ARRAY type construction, whose helpers the engine keeps local.
// Every entry point catches C++ exceptions and rethrows them as LadybugException, so no
// exception ever unwinds into the JVM.
#include <jni.h>

#include <iostream> // NOLINT: with libstdc++ < 13 this TU must carry the ios_base::Init object
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_check.h"
#include "interposed.h"
#include "main/lbug.h"

using namespace lbug;

namespace {

jclass gLong;
jclass gDouble;
jclass gBoolean;
jclass gString;
jclass gObject;
jclass gByteArray;
jclass gLocalDate;
jclass gInstant;
jclass gNativeValues;
jmethodID gLongValueOf;
jmethodID gLongLongValue;
jmethodID gDoubleValueOf;
jmethodID gDoubleDoubleValue;
jmethodID gBooleanValueOf;
jmethodID gBooleanBooleanValue;
jmethodID gLocalDateOfEpochDay;
jmethodID gLocalDateToEpochDay;
jmethodID gInstantGetEpochSecond;
jmethodID gInstantGetNano;
jmethodID gNvString;
jmethodID gNvUtf8;
jmethodID gNvException;
jmethodID gNvSigned128;
jmethodID gNvUnsigned128;
jmethodID gNvUnsigned64;
jmethodID gNvDecimal;
jmethodID gNvInstant;
jmethodID gNvInterval;
jmethodID gNvUuid;
jmethodID gNvList;
jmethodID gNvStruct;
jmethodID gNvMap;
jmethodID gNvInternalId;
jmethodID gNvNode;
jmethodID gNvRelationship;

jclass globalClass(JNIEnv* env, const char* name) {
    jclass local = env->FindClass(name);
    if (local == nullptr) {
        return nullptr;
    }
    auto global = static_cast<jclass>(env->NewGlobalRef(local));
    env->DeleteLocalRef(local);
    return global;
}

// Text crosses JNI as UTF-8 bytes both ways: JNI's own string functions use modified UTF-8, which
// encodes NUL and characters outside the BMP differently from the engine.
jbyteArray utf8Bytes(JNIEnv* env, const std::string& value) {
    jbyteArray bytes = env->NewByteArray(static_cast<jsize>(value.size()));
    if (bytes != nullptr) {
        env->SetByteArrayRegion(bytes, 0, static_cast<jsize>(value.size()), reinterpret_cast<const jbyte*>(value.data()));
    }
    return bytes;
}

jstring javaString(JNIEnv* env, const std::string& value) {
    jbyteArray bytes = utf8Bytes(env, value);
    if (bytes == nullptr) {
        return nullptr;
    }
    auto text = static_cast<jstring>(env->CallStaticObjectMethod(gNativeValues, gNvString, bytes));
    env->DeleteLocalRef(bytes);
    return text;
}

std::string fromUtf8(JNIEnv* env, jbyteArray bytes) {
    jsize length = env->GetArrayLength(bytes);
    std::string result(static_cast<size_t>(length), '\0');
    env->GetByteArrayRegion(bytes, 0, length, reinterpret_cast<jbyte*>(result.data()));
    return result;
}

std::string toStdString(JNIEnv* env, jstring value) {
    auto bytes = static_cast<jbyteArray>(env->CallStaticObjectMethod(gNativeValues, gNvUtf8, value));
    if (bytes == nullptr) {
        throw std::runtime_error("cannot encode a string as UTF-8");
    }
    std::string result = fromUtf8(env, bytes);
    env->DeleteLocalRef(bytes);
    return result;
}

void throwJava(JNIEnv* env, const std::string& message) {
    if (env->ExceptionCheck()) {
        return;
    }
    jbyteArray bytes = utf8Bytes(env, message);
    if (bytes == nullptr) {
        return; // OutOfMemoryError pending
    }
    auto exception = static_cast<jthrowable>(env->CallStaticObjectMethod(gNativeValues, gNvException, bytes));
    env->DeleteLocalRef(bytes);
    if (exception != nullptr) {
        env->Throw(exception);
        env->DeleteLocalRef(exception);
    }
}

// Thrown from inside a conversion when the JVM has an exception pending (out of memory, ...).
struct JavaExceptionPending {};

void checkJava(JNIEnv* env) {
    if (env->ExceptionCheck()) {
        throw JavaExceptionPending{};
    }
}

jobject toJavaValue(JNIEnv* env, const common::Value& value);

jobjectArray javaValues(JNIEnv* env, const std::vector<const common::Value*>& values) {
    jobjectArray array = env->NewObjectArray(static_cast<jsize>(values.size()), gObject, nullptr);
    checkJava(env);
    for (size_t i = 0; i < values.size(); i++) {
        jobject element = toJavaValue(env, *values[i]);
        env->SetObjectArrayElement(array, static_cast<jsize>(i), element);
        env->DeleteLocalRef(element);
    }
    return array;
}

jobjectArray javaNames(JNIEnv* env, const std::vector<std::string>& names) {
    jobjectArray array = env->NewObjectArray(static_cast<jsize>(names.size()), gByteArray, nullptr);
    checkJava(env);
    for (size_t i = 0; i < names.size(); i++) {
        jbyteArray name = utf8Bytes(env, names[i]);
        checkJava(env);
        env->SetObjectArrayElement(array, static_cast<jsize>(i), name);
        env->DeleteLocalRef(name);
    }
    return array;
}

std::vector<const common::Value*> children(const common::Value& value) {
    std::vector<const common::Value*> result;
    auto count = common::NestedVal::getChildrenSize(&value);
    result.reserve(count);
    for (uint32_t i = 0; i < count; i++) {
        result.push_back(common::NestedVal::getChildVal(&value, i));
    }
    return result;
}

jobject javaInternalId(JNIEnv* env, const common::Value& value) {
    auto id = value.getValue<common::internalID_t>();
    return env->CallStaticObjectMethod(gNativeValues, gNvInternalId, (jlong)id.tableID, (jlong)id.offset);
}

// A NODE's or REL's properties: names and values, in declared order.
template<typename Val>
std::pair<jobjectArray, jobjectArray> javaProperties(JNIEnv* env, const common::Value& value) {
    std::vector<std::string> names;
    std::vector<const common::Value*> values;
    auto count = Val::getNumProperties(&value);
    for (uint64_t i = 0; i < count; i++) {
        names.push_back(Val::getPropertyName(&value, i));
        values.push_back(Val::getPropertyVal(&value, i));
    }
    jobjectArray javaNameArray = javaNames(env, names);
    jobjectArray javaValueArray = javaValues(env, values);
    return {javaNameArray, javaValueArray};
}

jobject javaDecimal(JNIEnv* env, const common::Value& value) {
    const auto scale = (jint)common::DecimalType::getScale(value.getDataType());
    int64_t low;
    int64_t high;
    switch (value.getDataType().getPhysicalType()) {
    case common::PhysicalTypeID::INT16:
        low = value.val.int16Val;
        high = low < 0 ? -1 : 0;
        break;
    case common::PhysicalTypeID::INT32:
        low = value.val.int32Val;
        high = low < 0 ? -1 : 0;
        break;
    case common::PhysicalTypeID::INT64:
        low = value.val.int64Val;
        high = low < 0 ? -1 : 0;
        break;
    case common::PhysicalTypeID::INT128:
        low = (int64_t)value.val.int128Val.low;
        high = value.val.int128Val.high;
        break;
    default:
        throw std::runtime_error("DECIMAL stored as an unexpected physical type: " + value.getDataType().toString());
    }
    return env->CallStaticObjectMethod(gNativeValues, gNvDecimal, (jlong)low, (jlong)high, scale);
}

jobject javaInstant(JNIEnv* env, int64_t value, int64_t unitsPerSecond) {
    return env->CallStaticObjectMethod(gNativeValues, gNvInstant, (jlong)value, (jlong)unitsPerSecond);
}

jobject toJavaValue(JNIEnv* env, const common::Value& value) {
    if (value.isNull()) {
        return nullptr;
    }
    using common::LogicalTypeID;
    jobject result;
    switch (value.getDataType().getLogicalTypeID()) {
    case LogicalTypeID::BOOL:
        result = env->CallStaticObjectMethod(gBoolean, gBooleanValueOf, (jboolean)value.getValue<bool>());
        break;
    case LogicalTypeID::INT64:
    case LogicalTypeID::SERIAL:
        result = env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int64_t>());
        break;
    case LogicalTypeID::INT32:
        result = env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int32_t>());
        break;
    case LogicalTypeID::INT16:
        result = env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int16_t>());
        break;
    case LogicalTypeID::INT8:
        result = env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int8_t>());
        break;
    case LogicalTypeID::UINT64:
        result = env->CallStaticObjectMethod(gNativeValues, gNvUnsigned64, (jlong)value.getValue<uint64_t>());
        break;
    case LogicalTypeID::UINT32:
        result = env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<uint32_t>());
        break;
    case LogicalTypeID::UINT16:
        result = env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<uint16_t>());
        break;
    case LogicalTypeID::UINT8:
        result = env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<uint8_t>());
        break;
    case LogicalTypeID::INT128: {
        auto v = value.getValue<common::int128_t>();
        result = env->CallStaticObjectMethod(gNativeValues, gNvSigned128, (jlong)v.low, (jlong)v.high);
    } break;
    case LogicalTypeID::UINT128: {
        auto v = value.getValue<common::uint128_t>();
        result = env->CallStaticObjectMethod(gNativeValues, gNvUnsigned128, (jlong)v.low, (jlong)v.high);
    } break;
    case LogicalTypeID::DOUBLE:
        result = env->CallStaticObjectMethod(gDouble, gDoubleValueOf, (jdouble)value.getValue<double>());
        break;
    case LogicalTypeID::FLOAT:
        // Widening to double is exact.
        result = env->CallStaticObjectMethod(gDouble, gDoubleValueOf, (jdouble)value.getValue<float>());
        break;
    case LogicalTypeID::DECIMAL:
        result = javaDecimal(env, value);
        break;
    case LogicalTypeID::DATE:
        result = env->CallStaticObjectMethod(gLocalDate, gLocalDateOfEpochDay, (jlong)value.getValue<common::date_t>().days);
        break;
    case LogicalTypeID::TIMESTAMP:
    case LogicalTypeID::TIMESTAMP_TZ:
        result = javaInstant(env, value.val.int64Val, 1000000);
        break;
    case LogicalTypeID::TIMESTAMP_MS:
        result = javaInstant(env, value.val.int64Val, 1000);
        break;
    case LogicalTypeID::TIMESTAMP_SEC:
        result = javaInstant(env, value.val.int64Val, 1);
        break;
    case LogicalTypeID::TIMESTAMP_NS:
        result = javaInstant(env, value.val.int64Val, 1000000000);
        break;
    case LogicalTypeID::INTERVAL: {
        auto v = value.getValue<common::interval_t>();
        result = env->CallStaticObjectMethod(gNativeValues, gNvInterval, (jint)v.months, (jint)v.days, (jlong)v.micros);
    } break;
    case LogicalTypeID::STRING:
        result = javaString(env, value.strVal);
        break;
    case LogicalTypeID::BLOB:
        result = utf8Bytes(env, value.strVal);
        break;
    case LogicalTypeID::UUID: {
        jbyteArray text = utf8Bytes(env, value.toString());
        checkJava(env);
        result = env->CallStaticObjectMethod(gNativeValues, gNvUuid, text);
        env->DeleteLocalRef(text);
    } break;
    case LogicalTypeID::LIST:
    case LogicalTypeID::ARRAY: {
        jobjectArray elements = javaValues(env, children(value));
        result = env->CallStaticObjectMethod(gNativeValues, gNvList, elements);
        env->DeleteLocalRef(elements);
    } break;
    case LogicalTypeID::STRUCT: {
        jobjectArray names = javaNames(env, common::StructType::getFieldNames(value.getDataType()));
        jobjectArray fields = javaValues(env, children(value));
        result = env->CallStaticObjectMethod(gNativeValues, gNvStruct, names, fields);
        env->DeleteLocalRef(names);
        env->DeleteLocalRef(fields);
    } break;
    case LogicalTypeID::MAP: {
        // A MAP is a list of STRUCT(key, value).
        std::vector<const common::Value*> keys;
        std::vector<const common::Value*> values;
        for (const auto* entry : children(value)) {
            keys.push_back(common::NestedVal::getChildVal(entry, 0));
            values.push_back(common::NestedVal::getChildVal(entry, 1));
        }
        jobjectArray javaKeys = javaValues(env, keys);
        jobjectArray javaMapValues = javaValues(env, values);
        result = env->CallStaticObjectMethod(gNativeValues, gNvMap, javaKeys, javaMapValues);
        env->DeleteLocalRef(javaKeys);
        env->DeleteLocalRef(javaMapValues);
    } break;
    case LogicalTypeID::INTERNAL_ID:
        result = javaInternalId(env, value);
        break;
    case LogicalTypeID::NODE: {
        jobject id = javaInternalId(env, *common::NodeVal::getNodeIDVal(&value));
        checkJava(env);
        jobject label = toJavaValue(env, *common::NodeVal::getLabelVal(&value));
        auto [names, values] = javaProperties<common::NodeVal>(env, value);
        result = env->CallStaticObjectMethod(gNativeValues, gNvNode, id, label, names, values);
        env->DeleteLocalRef(id);
        env->DeleteLocalRef(label);
        env->DeleteLocalRef(names);
        env->DeleteLocalRef(values);
    } break;
    case LogicalTypeID::REL: {
        jobject id = javaInternalId(env, *common::RelVal::getIDVal(&value));
        checkJava(env);
        jobject source = javaInternalId(env, *common::RelVal::getSrcNodeIDVal(&value));
        checkJava(env);
        jobject destination = javaInternalId(env, *common::RelVal::getDstNodeIDVal(&value));
        checkJava(env);
        jobject label = toJavaValue(env, *common::RelVal::getLabelVal(&value));
        auto [names, values] = javaProperties<common::RelVal>(env, value);
        result = env->CallStaticObjectMethod(gNativeValues, gNvRelationship, id, source, destination, label, names, values);
        env->DeleteLocalRef(id);
        env->DeleteLocalRef(source);
        env->DeleteLocalRef(destination);
        env->DeleteLocalRef(label);
        env->DeleteLocalRef(names);
        env->DeleteLocalRef(values);
    } break;
    default:
        // Paths (RECURSIVE_REL), UNION, ...: their engine text form.
        result = javaString(env, value.toString());
        break;
    }
    checkJava(env);
    return result;
}

std::unique_ptr<common::Value> toEngineValue(JNIEnv* env, jobject value) {
    if (value == nullptr) {
        return std::make_unique<common::Value>(common::Value::createNullValue());
    }
    if (env->IsInstanceOf(value, gLong)) {
        return std::make_unique<common::Value>((int64_t)env->CallLongMethod(value, gLongLongValue));
    }
    if (env->IsInstanceOf(value, gDouble)) {
        return std::make_unique<common::Value>((double)env->CallDoubleMethod(value, gDoubleDoubleValue));
    }
    if (env->IsInstanceOf(value, gBoolean)) {
        return std::make_unique<common::Value>((bool)env->CallBooleanMethod(value, gBooleanBooleanValue));
    }
    if (env->IsInstanceOf(value, gString)) {
        return std::make_unique<common::Value>(toStdString(env, static_cast<jstring>(value)));
    }
    if (env->IsInstanceOf(value, gLocalDate)) {
        auto days = env->CallLongMethod(value, gLocalDateToEpochDay);
        return std::make_unique<common::Value>(common::date_t((int32_t)days));
    }
    if (env->IsInstanceOf(value, gInstant)) {
        int64_t seconds = env->CallLongMethod(value, gInstantGetEpochSecond);
        int64_t nanos = env->CallIntMethod(value, gInstantGetNano);
        return std::make_unique<common::Value>(common::timestamp_t(seconds * 1000000 + nanos / 1000));
    }
    throw std::invalid_argument("unsupported parameter type");
}

// Runs `body`, turning any C++ exception into a pending LadybugException.
template<typename T, typename F>
T guarded(JNIEnv* env, T onError, F body) {
    try {
        return body();
    } catch (const JavaExceptionPending&) {
        // The JVM's own exception is already pending.
    } catch (const std::exception& e) {
        throwJava(env, e.what());
    } catch (...) {
        throwJava(env, "unknown engine error");
    }
    return onError;
}

jlong checkedResult(JNIEnv* env, std::unique_ptr<main::QueryResult> result) {
    if (!result->isSuccess()) {
        throwJava(env, result->getErrorMessage());
        return 0;
    }
    return reinterpret_cast<jlong>(result.release());
}

bool lookUp(JNIEnv* env) {
    gLong = globalClass(env, "java/lang/Long");
    gDouble = globalClass(env, "java/lang/Double");
    gBoolean = globalClass(env, "java/lang/Boolean");
    gString = globalClass(env, "java/lang/String");
    gObject = globalClass(env, "java/lang/Object");
    gByteArray = globalClass(env, "[B");
    gLocalDate = globalClass(env, "java/time/LocalDate");
    gInstant = globalClass(env, "java/time/Instant");
    gNativeValues = globalClass(env, "io/graphstaging/ladybug/binding/NativeValues");
    if (env->ExceptionCheck()) {
        return false;
    }
    gLongValueOf = env->GetStaticMethodID(gLong, "valueOf", "(J)Ljava/lang/Long;");
    gLongLongValue = env->GetMethodID(gLong, "longValue", "()J");
    gDoubleValueOf = env->GetStaticMethodID(gDouble, "valueOf", "(D)Ljava/lang/Double;");
    gDoubleDoubleValue = env->GetMethodID(gDouble, "doubleValue", "()D");
    gBooleanValueOf = env->GetStaticMethodID(gBoolean, "valueOf", "(Z)Ljava/lang/Boolean;");
    gBooleanBooleanValue = env->GetMethodID(gBoolean, "booleanValue", "()Z");
    gLocalDateOfEpochDay = env->GetStaticMethodID(gLocalDate, "ofEpochDay", "(J)Ljava/time/LocalDate;");
    gLocalDateToEpochDay = env->GetMethodID(gLocalDate, "toEpochDay", "()J");
    gInstantGetEpochSecond = env->GetMethodID(gInstant, "getEpochSecond", "()J");
    gInstantGetNano = env->GetMethodID(gInstant, "getNano", "()I");
    gNvString = env->GetStaticMethodID(gNativeValues, "string", "([B)Ljava/lang/String;");
    gNvUtf8 = env->GetStaticMethodID(gNativeValues, "utf8", "(Ljava/lang/String;)[B");
    gNvException = env->GetStaticMethodID(gNativeValues, "exception",
        "([B)Lio/graphstaging/ladybug/binding/LadybugException;");
    gNvSigned128 = env->GetStaticMethodID(gNativeValues, "signed128", "(JJ)Ljava/math/BigInteger;");
    gNvUnsigned128 = env->GetStaticMethodID(gNativeValues, "unsigned128", "(JJ)Ljava/math/BigInteger;");
    gNvUnsigned64 = env->GetStaticMethodID(gNativeValues, "unsigned64", "(J)Ljava/math/BigInteger;");
    gNvDecimal = env->GetStaticMethodID(gNativeValues, "decimal", "(JJI)Ljava/math/BigDecimal;");
    gNvInstant = env->GetStaticMethodID(gNativeValues, "instant", "(JJ)Ljava/time/Instant;");
    gNvInterval = env->GetStaticMethodID(gNativeValues, "interval", "(IIJ)Lio/graphstaging/ladybug/binding/Interval;");
    gNvUuid = env->GetStaticMethodID(gNativeValues, "uuid", "([B)Ljava/util/UUID;");
    gNvList = env->GetStaticMethodID(gNativeValues, "list", "([Ljava/lang/Object;)Ljava/util/List;");
    gNvStruct = env->GetStaticMethodID(gNativeValues, "struct", "([[B[Ljava/lang/Object;)Ljava/util/Map;");
    gNvMap = env->GetStaticMethodID(gNativeValues, "map", "([Ljava/lang/Object;[Ljava/lang/Object;)Ljava/util/Map;");
    gNvInternalId = env->GetStaticMethodID(gNativeValues, "internalId", "(JJ)Lio/graphstaging/ladybug/binding/InternalId;");
    gNvNode = env->GetStaticMethodID(gNativeValues, "node",
        "(Lio/graphstaging/ladybug/binding/InternalId;Ljava/lang/String;[[B[Ljava/lang/Object;)"
        "Lio/graphstaging/ladybug/binding/Node;");
    gNvRelationship = env->GetStaticMethodID(gNativeValues, "relationship",
        "(Lio/graphstaging/ladybug/binding/InternalId;Lio/graphstaging/ladybug/binding/InternalId;"
        "Lio/graphstaging/ladybug/binding/InternalId;Ljava/lang/String;[[B[Ljava/lang/Object;)"
        "Lio/graphstaging/ladybug/binding/Relationship;");
    return !env->ExceptionCheck();
}

} // namespace

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
    JNIEnv* env;
    if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    if (!lookUp(env)) {
        return JNI_ERR;
    }
    if (const char* problem = lbug_jni::checkEngineDefinitions()) {
        jclass linkError = env->FindClass("java/lang/UnsatisfiedLinkError");
        env->ThrowNew(linkError, problem);
        return JNI_ERR;
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT jstring JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_engineVersion(JNIEnv* env, jclass) {
    return guarded<jstring>(env, nullptr, [&] { return javaString(env, main::Version::getVersion()); });
}

JNIEXPORT jstring JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_checkEngine(JNIEnv* env, jclass,
    jbyteArray directory) {
    return guarded<jstring>(env, nullptr, [&]() -> jstring {
        const char* problem = lbug_jni_check_engine(fromUtf8(env, directory).c_str());
        return problem == nullptr ? nullptr : javaString(env, problem);
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_floatSegmentEstimates(JNIEnv*, jclass) {
    return (jlong)lbug_jni::floatSegmentEstimates();
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_naNChunksFlushed(JNIEnv*, jclass) {
    return (jlong)lbug_jni::naNChunksFlushed();
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_setFloatSegmentEstimateEnabled(JNIEnv*,
    jclass, jboolean enabled) {
    lbug_jni::setFloatSegmentEstimateEnabled(enabled == JNI_TRUE);
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_openDatabase(JNIEnv* env, jclass,
    jbyteArray path, jlong bufferPoolBytes, jlong maxThreads, jboolean compression, jboolean readOnly) {
    return guarded<jlong>(env, 0, [&] {
        main::SystemConfig config((uint64_t)bufferPoolBytes, (uint64_t)maxThreads, compression, readOnly);
        auto* db = new main::Database(fromUtf8(env, path), config);
        return reinterpret_cast<jlong>(db);
    });
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_closeDatabase(JNIEnv* env, jclass,
    jlong handle) {
    guarded<int>(env, 0, [&] {
        delete reinterpret_cast<main::Database*>(handle);
        return 0;
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_openConnection(JNIEnv* env, jclass,
    jlong db) {
    return guarded<jlong>(env, 0, [&] {
        return reinterpret_cast<jlong>(new main::Connection(reinterpret_cast<main::Database*>(db)));
    });
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_closeConnection(JNIEnv* env, jclass,
    jlong handle) {
    guarded<int>(env, 0, [&] {
        delete reinterpret_cast<main::Connection*>(handle);
        return 0;
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_query(JNIEnv* env, jclass, jlong conn,
    jbyteArray cypher) {
    return guarded<jlong>(env, 0, [&] {
        auto result = reinterpret_cast<main::Connection*>(conn)->query(fromUtf8(env, cypher));
        return checkedResult(env, std::move(result));
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_prepare(JNIEnv* env, jclass, jlong conn,
    jbyteArray cypher) {
    return guarded<jlong>(env, 0, [&] {
        auto prepared = reinterpret_cast<main::Connection*>(conn)->prepare(fromUtf8(env, cypher));
        if (!prepared->isSuccess()) {
            throwJava(env, prepared->getErrorMessage());
            return (jlong)0;
        }
        return reinterpret_cast<jlong>(prepared.release());
    });
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_closePrepared(JNIEnv* env, jclass,
    jlong handle) {
    guarded<int>(env, 0, [&] {
        delete reinterpret_cast<main::PreparedStatement*>(handle);
        return 0;
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_execute(JNIEnv* env, jclass, jlong conn,
    jlong prepared, jobjectArray names, jobjectArray values) {
    return guarded<jlong>(env, 0, [&] {
        std::unordered_map<std::string, std::unique_ptr<common::Value>> params;
        jsize count = env->GetArrayLength(names);
        for (jsize i = 0; i < count; i++) {
            auto name = static_cast<jbyteArray>(env->GetObjectArrayElement(names, i));
            jobject value = env->GetObjectArrayElement(values, i);
            params.emplace(fromUtf8(env, name), toEngineValue(env, value));
            env->DeleteLocalRef(name);
            env->DeleteLocalRef(value);
        }
        auto result = reinterpret_cast<main::Connection*>(conn)->executeWithParams(
            reinterpret_cast<main::PreparedStatement*>(prepared), std::move(params));
        return checkedResult(env, std::move(result));
    });
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_closeResult(JNIEnv* env, jclass,
    jlong handle) {
    guarded<int>(env, 0, [&] {
        delete reinterpret_cast<main::QueryResult*>(handle);
        return 0;
    });
}

JNIEXPORT jobjectArray JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_columnNames(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jobjectArray>(env, nullptr,
        [&] { return javaNames(env, reinterpret_cast<main::QueryResult*>(handle)->getColumnNames()); });
}

JNIEXPORT jobjectArray JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_columnTypes(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jobjectArray>(env, nullptr, [&] {
        std::vector<std::string> types;
        for (const auto& type : reinterpret_cast<main::QueryResult*>(handle)->getColumnDataTypes()) {
            types.push_back(type.toString());
        }
        return javaNames(env, types);
    });
}

JNIEXPORT jboolean JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_hasNext(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jboolean>(env, JNI_FALSE,
        [&] { return (jboolean)reinterpret_cast<main::QueryResult*>(handle)->hasNext(); });
}

JNIEXPORT jobjectArray JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_next(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jobjectArray>(env, nullptr, [&]() -> jobjectArray {
        auto* result = reinterpret_cast<main::QueryResult*>(handle);
        if (!result->hasNext()) {
            throwJava(env, "no more rows");
            return nullptr;
        }
        auto tuple = result->getNext();
        std::vector<const common::Value*> values;
        for (common::idx_t i = 0; i < tuple->len(); i++) {
            values.push_back(tuple->getValue(i));
        }
        return javaValues(env, values);
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_rowCount(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jlong>(env, 0, [&] { return (jlong)reinterpret_cast<main::QueryResult*>(handle)->getNumTuples(); });
}

} // extern "C"
