// JNI glue for io.graphstaging.ladybug.binding.LbugNative.
//
// Only uses the part of the C++ API that the prebuilt engine exports (Database, Connection,
// prepare/executeWithParams, interrupt, setQueryTimeOut, QueryResult iteration, FlatTuple, Value
// constructors and getters, NestedVal/NodeVal/RelVal, DecimalType/StructType, LogicalType::DECIMAL/
// LIST/STRUCT): never the engine's local helpers (the LogicalType(LogicalTypeID, ExtraTypeInfo)
// constructor, Int128_t::toString, ...). Values cross as raw parts: NativeValues.java makes the
// Java values, EngineParameter.java decides the engine type of a parameter.
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
#include "parser/ddl/create_table.h"
#include "parser/parser.h"
#include "parser/query/regular_query.h"

using namespace lbug;

namespace {

jclass gLong;
jclass gDouble;
jclass gBoolean;
jclass gObject;
jclass gByteArray;
jclass gLocalDate;
jclass gNativeValues;
jmethodID gLongValueOf;
jmethodID gDoubleValueOf;
jmethodID gBooleanValueOf;
jmethodID gLocalDateOfEpochDay;
jmethodID gNvString;
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
jfieldID gEpKind;
jfieldID gEpA;
jfieldID gEpB;
jfieldID gEpC;
jfieldID gEpP;
jfieldID gEpX;
jfieldID gEpBytes;
jfieldID gEpChildren;
jfieldID gEpNames;

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

// EngineParameter.java's kinds.
enum ParameterKind : jint {
    P_NULL = 0,
    P_INT64 = 1,
    P_DOUBLE = 2,
    P_BOOL = 3,
    P_STRING = 4,
    P_DATE = 5,
    P_TIMESTAMP = 6,
    P_TIMESTAMP_TZ = 7,
    P_DECIMAL = 8,
    P_INT128 = 9,
    P_BLOB = 10,
    P_UUID = 11,
    P_INTERVAL = 12,
    P_LIST = 13,
    P_STRUCT = 14,
    P_INTERNAL_ID = 15,
};

std::vector<std::unique_ptr<common::Value>> engineValues(JNIEnv* env, jobjectArray parameters);

common::int128_t int128(jlong low, jlong high) {
    common::int128_t value;
    value.low = (uint64_t)low;
    value.high = (int64_t)high;
    return value;
}

std::unique_ptr<common::Value> decimalValue(jlong low, jlong high, jint scale, jint precision) {
    std::unique_ptr<common::Value> value;
    if (precision <= 4) {
        value = std::make_unique<common::Value>((int16_t)low);
    } else if (precision <= 9) {
        value = std::make_unique<common::Value>((int32_t)low);
    } else if (precision <= 18) {
        value = std::make_unique<common::Value>((int64_t)low);
    } else {
        value = std::make_unique<common::Value>(int128(low, high));
    }
    value->setDataType(common::LogicalType::DECIMAL((uint32_t)precision, (uint32_t)scale));
    return value;
}

// Whether a type leaves some part open (ANY): an empty or all-NULL list parameter has such a type.
bool containsAny(const common::LogicalType& type) {
    switch (type.getLogicalTypeID()) {
    case common::LogicalTypeID::ANY:
        return true;
    case common::LogicalTypeID::LIST:
        return containsAny(common::ListType::getChildType(type));
    case common::LogicalTypeID::ARRAY:
        return containsAny(common::ArrayType::getChildType(type));
    case common::LogicalTypeID::STRUCT:
        for (const auto* field : common::StructType::getFieldTypes(type)) {
            if (containsAny(*field)) {
                return true;
            }
        }
        return false;
    default:
        return false;
    }
}

// A LIST of its elements' one type; an element of an open type (an empty list) takes that type.
std::unique_ptr<common::Value> listValue(std::vector<std::unique_ptr<common::Value>> elements) {
    const common::LogicalType* elementType = nullptr;
    for (const auto& element : elements) {
        const auto& type = element->getDataType();
        if (element->isNull() || containsAny(type)) {
            continue;
        }
        if (elementType == nullptr) {
            elementType = &type;
        } else if (!(*elementType == type)) {
            throw std::invalid_argument("a list parameter holds values of two types, " + elementType->toString() +
                                        " and " + type.toString());
        }
    }
    if (elementType == nullptr) {
        for (const auto& element : elements) {
            if (!element->isNull()) {
                elementType = &element->getDataType();
                break;
            }
        }
    }
    auto type = elementType == nullptr ? common::LogicalType::ANY() : elementType->copy();
    for (auto& element : elements) {
        if (element->isNull() || containsAny(element->getDataType())) {
            element->setDataType(type);
        }
    }
    return std::make_unique<common::Value>(common::LogicalType::LIST(std::move(type)), std::move(elements));
}

std::unique_ptr<common::Value> toEngineValue(JNIEnv* env, jobject parameter) {
    const jint kind = env->GetIntField(parameter, gEpKind);
    const jlong a = env->GetLongField(parameter, gEpA);
    const jlong b = env->GetLongField(parameter, gEpB);
    const jint c = env->GetIntField(parameter, gEpC);
    switch (kind) {
    case P_NULL:
        return std::make_unique<common::Value>(common::Value::createNullValue());
    case P_INT64:
        return std::make_unique<common::Value>((int64_t)a);
    case P_DOUBLE:
        return std::make_unique<common::Value>((double)env->GetDoubleField(parameter, gEpX));
    case P_BOOL:
        return std::make_unique<common::Value>(a != 0);
    case P_STRING:
    case P_BLOB: {
        auto bytes = static_cast<jbyteArray>(env->GetObjectField(parameter, gEpBytes));
        auto text = fromUtf8(env, bytes);
        env->DeleteLocalRef(bytes);
        return kind == P_STRING ? std::make_unique<common::Value>(text) :
                                  std::make_unique<common::Value>(common::LogicalType::BLOB(), std::move(text));
    }
    case P_DATE:
        return std::make_unique<common::Value>(common::date_t((int32_t)a));
    case P_TIMESTAMP:
        return std::make_unique<common::Value>(common::timestamp_t(a));
    case P_TIMESTAMP_TZ:
        return std::make_unique<common::Value>(common::timestamp_tz_t(a));
    case P_DECIMAL:
        return decimalValue(a, b, c, env->GetIntField(parameter, gEpP));
    case P_INT128:
        return std::make_unique<common::Value>(int128(a, b));
    case P_UUID:
        return std::make_unique<common::Value>(common::ku_uuid_t{int128(a, b)});
    case P_INTERVAL:
        return std::make_unique<common::Value>(common::interval_t(c, (int32_t)b, a));
    case P_INTERNAL_ID:
        return std::make_unique<common::Value>(common::internalID_t((common::offset_t)b, (common::table_id_t)a));
    case P_LIST: {
        auto children = static_cast<jobjectArray>(env->GetObjectField(parameter, gEpChildren));
        auto elements = engineValues(env, children);
        env->DeleteLocalRef(children);
        return listValue(std::move(elements));
    }
    case P_STRUCT: {
        auto children = static_cast<jobjectArray>(env->GetObjectField(parameter, gEpChildren));
        auto names = static_cast<jobjectArray>(env->GetObjectField(parameter, gEpNames));
        auto values = engineValues(env, children);
        std::vector<common::StructField> fields;
        for (size_t i = 0; i < values.size(); i++) {
            auto name = static_cast<jbyteArray>(env->GetObjectArrayElement(names, (jsize)i));
            fields.emplace_back(fromUtf8(env, name), values[i]->getDataType().copy());
            env->DeleteLocalRef(name);
        }
        env->DeleteLocalRef(children);
        env->DeleteLocalRef(names);
        return std::make_unique<common::Value>(common::LogicalType::STRUCT(std::move(fields)), std::move(values));
    }
    default:
        throw std::invalid_argument("unknown parameter kind " + std::to_string(kind));
    }
}

std::vector<std::unique_ptr<common::Value>> engineValues(JNIEnv* env, jobjectArray parameters) {
    std::vector<std::unique_ptr<common::Value>> values;
    jsize count = env->GetArrayLength(parameters);
    values.reserve(count);
    for (jsize i = 0; i < count; i++) {
        jobject parameter = env->GetObjectArrayElement(parameters, i);
        values.push_back(toEngineValue(env, parameter));
        env->DeleteLocalRef(parameter);
    }
    return values;
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
    gObject = globalClass(env, "java/lang/Object");
    gByteArray = globalClass(env, "[B");
    gLocalDate = globalClass(env, "java/time/LocalDate");
    gNativeValues = globalClass(env, "io/graphstaging/ladybug/binding/NativeValues");
    jclass parameter = env->FindClass("io/graphstaging/ladybug/binding/EngineParameter");
    if (env->ExceptionCheck()) {
        return false;
    }
    gEpKind = env->GetFieldID(parameter, "kind", "I");
    gEpA = env->GetFieldID(parameter, "a", "J");
    gEpB = env->GetFieldID(parameter, "b", "J");
    gEpC = env->GetFieldID(parameter, "c", "I");
    gEpP = env->GetFieldID(parameter, "p", "I");
    gEpX = env->GetFieldID(parameter, "x", "D");
    gEpBytes = env->GetFieldID(parameter, "bytes", "[B");
    gEpChildren = env->GetFieldID(parameter, "children", "[Lio/graphstaging/ladybug/binding/EngineParameter;");
    gEpNames = env->GetFieldID(parameter, "names", "[[B");
    env->DeleteLocalRef(parameter);
    gLongValueOf = env->GetStaticMethodID(gLong, "valueOf", "(J)Ljava/lang/Long;");
    gDoubleValueOf = env->GetStaticMethodID(gDouble, "valueOf", "(D)Ljava/lang/Double;");
    gBooleanValueOf = env->GetStaticMethodID(gBoolean, "valueOf", "(Z)Ljava/lang/Boolean;");
    gLocalDateOfEpochDay = env->GetStaticMethodID(gLocalDate, "ofEpochDay", "(J)Ljava/time/LocalDate;");
    gNvString = env->GetStaticMethodID(gNativeValues, "string", "([B)Ljava/lang/String;");
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

// Appends the type of every reading and updating clause of a parsed query (all UNION parts).
void appendClauseTypes(const parser::RegularQuery& query, std::vector<jint>& out) {
    for (common::idx_t i = 0; i < query.getNumSingleQueries(); i++) {
        const parser::SingleQuery* single = query.getSingleQuery(i);
        for (uint32_t p = 0; p < single->getNumQueryParts(); p++) {
            const parser::QueryPart* part = single->getQueryPart(p);
            for (uint32_t c = 0; c < part->getNumReadingClauses(); c++) {
                out.push_back(static_cast<jint>(part->getReadingClause(c)->getClauseType()));
            }
            for (uint32_t c = 0; c < part->getNumUpdatingClauses(); c++) {
                out.push_back(static_cast<jint>(part->getUpdatingClause(c)->getClauseType()));
            }
        }
        for (uint32_t c = 0; c < single->getNumReadingClauses(); c++) {
            out.push_back(static_cast<jint>(single->getReadingClause(c)->getClauseType()));
        }
        for (uint32_t c = 0; c < single->getNumUpdatingClauses(); c++) {
            out.push_back(static_cast<jint>(single->getUpdatingClause(c)->getClauseType()));
        }
    }
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

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_integerMinimumChunksUncompressed(JNIEnv*, jclass) {
    return (jlong)lbug_jni::integerMinimumChunksUncompressed();
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_integerMinimumInPlaceUpdatesRefused(JNIEnv*,
    jclass) {
    return (jlong)lbug_jni::integerMinimumInPlaceUpdatesRefused();
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_setFloatSegmentEstimateEnabled(JNIEnv*,
    jclass, jboolean enabled) {
    lbug_jni::setFloatSegmentEstimateEnabled(enabled == JNI_TRUE);
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_setIntegerMinimumCheckEnabled(JNIEnv*,
    jclass, jboolean enabled) {
    lbug_jni::setIntegerMinimumCheckEnabled(enabled == JNI_TRUE);
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_openDatabase(JNIEnv* env, jclass,
    jbyteArray path, jlong bufferPoolBytes, jlong maxThreads, jboolean compression, jboolean readOnly,
    jlong maxDbSize) {
    return guarded<jlong>(env, 0, [&] {
        main::SystemConfig config((uint64_t)bufferPoolBytes, (uint64_t)maxThreads, compression, readOnly,
            (uint64_t)maxDbSize);
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

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_interrupt(JNIEnv* env, jclass,
    jlong conn) {
    guarded<int>(env, 0, [&] {
        reinterpret_cast<main::Connection*>(conn)->interrupt();
        return 0;
    });
}

JNIEXPORT void JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_setQueryTimeout(JNIEnv* env, jclass,
    jlong conn, jlong millis) {
    guarded<int>(env, 0, [&] {
        reinterpret_cast<main::Connection*>(conn)->setQueryTimeOut((uint64_t)millis);
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

JNIEXPORT jobjectArray JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_statementShapes(JNIEnv* env, jclass,
    jbyteArray cypher) {
    return guarded<jobjectArray>(env, nullptr, [&]() -> jobjectArray {
        // The parser only: nothing is bound, planned or run, and no file is touched.
        auto statements = parser::Parser::parseQuery(fromUtf8(env, cypher));
        jclass intArray = env->FindClass("[I");
        checkJava(env);
        jobjectArray shapes = env->NewObjectArray(static_cast<jsize>(statements.size()), intArray, nullptr);
        checkJava(env);
        for (size_t i = 0; i < statements.size(); i++) {
            std::vector<jint> shape{static_cast<jint>(statements[i]->getStatementType())};
            if (statements[i]->getStatementType() == common::StatementType::QUERY) {
                appendClauseTypes(static_cast<const parser::RegularQuery&>(*statements[i]), shape);
            } else if (statements[i]->getStatementType() == common::StatementType::CREATE_TABLE) {
                auto& create = static_cast<const parser::CreateTable&>(*statements[i]);
                shape.push_back(static_cast<jint>(create.getInfo()->type));
                shape.push_back(create.getSource() == nullptr ? 0 : 1);
            }
            jintArray values = env->NewIntArray(static_cast<jsize>(shape.size()));
            checkJava(env);
            env->SetIntArrayRegion(values, 0, static_cast<jsize>(shape.size()), shape.data());
            env->SetObjectArrayElement(shapes, static_cast<jsize>(i), values);
            env->DeleteLocalRef(values);
        }
        return shapes;
    });
}

JNIEXPORT jboolean JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_preparedReadOnly(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jboolean>(env, JNI_FALSE, [&] {
        return reinterpret_cast<main::PreparedStatement*>(handle)->isReadOnly() ? JNI_TRUE : JNI_FALSE;
    });
}

} // extern "C"
