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

jclass gLadybugException;
jclass gLong;
jclass gDouble;
jclass gBoolean;
jclass gString;
jclass gObject;
jclass gLocalDate;
jclass gInstant;
jmethodID gLongValueOf;
jmethodID gLongLongValue;
jmethodID gDoubleValueOf;
jmethodID gDoubleDoubleValue;
jmethodID gBooleanValueOf;
jmethodID gBooleanBooleanValue;
jmethodID gLocalDateOfEpochDay;
jmethodID gLocalDateToEpochDay;
jmethodID gInstantOfEpochSecond;
jmethodID gInstantGetEpochSecond;
jmethodID gInstantGetNano;

jclass globalClass(JNIEnv* env, const char* name) {
    jclass local = env->FindClass(name);
    if (local == nullptr) {
        return nullptr;
    }
    auto global = static_cast<jclass>(env->NewGlobalRef(local));
    env->DeleteLocalRef(local);
    return global;
}

void throwJava(JNIEnv* env, const std::string& message) {
    if (!env->ExceptionCheck()) {
        env->ThrowNew(gLadybugException, message.c_str());
    }
}

std::string toStdString(JNIEnv* env, jstring value) {
    const char* chars = env->GetStringUTFChars(value, nullptr);
    std::string result(chars);
    env->ReleaseStringUTFChars(value, chars);
    return result;
}

// Java strings use modified UTF-8 in JNI; engine strings are UTF-8. Build through UTF-16
// so that supplementary characters survive.
jstring toJavaString(JNIEnv* env, const std::string& value) {
    std::u16string utf16;
    utf16.reserve(value.size());
    size_t i = 0;
    while (i < value.size()) {
        unsigned char c = value[i];
        uint32_t cp;
        size_t n;
        if (c < 0x80) {
            cp = c;
            n = 1;
        } else if ((c >> 5) == 0x6 && i + 1 < value.size()) {
            cp = ((c & 0x1F) << 6) | (value[i + 1] & 0x3F);
            n = 2;
        } else if ((c >> 4) == 0xE && i + 2 < value.size()) {
            cp = ((c & 0x0F) << 12) | ((value[i + 1] & 0x3F) << 6) | (value[i + 2] & 0x3F);
            n = 3;
        } else if ((c >> 3) == 0x1E && i + 3 < value.size()) {
            cp = ((c & 0x07) << 18) | ((value[i + 1] & 0x3F) << 12) | ((value[i + 2] & 0x3F) << 6) |
                 (value[i + 3] & 0x3F);
            n = 4;
        } else {
            cp = 0xFFFD;
            n = 1;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            utf16.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
            utf16.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            utf16.push_back(static_cast<char16_t>(cp));
        }
        i += n;
    }
    return env->NewString(reinterpret_cast<const jchar*>(utf16.data()), static_cast<jsize>(utf16.size()));
}

jobject toJavaValue(JNIEnv* env, const common::Value& value) {
    if (value.isNull()) {
        return nullptr;
    }
    using common::LogicalTypeID;
    switch (value.getDataType().getLogicalTypeID()) {
    case LogicalTypeID::BOOL:
        return env->CallStaticObjectMethod(gBoolean, gBooleanValueOf, (jboolean)value.getValue<bool>());
    case LogicalTypeID::INT64:
    case LogicalTypeID::SERIAL:
        return env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int64_t>());
    case LogicalTypeID::INT32:
        return env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int32_t>());
    case LogicalTypeID::INT16:
        return env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int16_t>());
    case LogicalTypeID::INT8:
        return env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<int8_t>());
    case LogicalTypeID::UINT32:
        return env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<uint32_t>());
    case LogicalTypeID::UINT16:
        return env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<uint16_t>());
    case LogicalTypeID::UINT8:
        return env->CallStaticObjectMethod(gLong, gLongValueOf, (jlong)value.getValue<uint8_t>());
    case LogicalTypeID::DOUBLE:
        return env->CallStaticObjectMethod(gDouble, gDoubleValueOf, (jdouble)value.getValue<double>());
    case LogicalTypeID::FLOAT:
        return env->CallStaticObjectMethod(gDouble, gDoubleValueOf, (jdouble)value.getValue<float>());
    case LogicalTypeID::DATE:
        return env->CallStaticObjectMethod(gLocalDate, gLocalDateOfEpochDay,
            (jlong)value.getValue<common::date_t>().days);
    case LogicalTypeID::TIMESTAMP: {
        int64_t micros = value.getValue<common::timestamp_t>().value;
        int64_t seconds = micros / 1000000;
        int64_t rest = micros % 1000000;
        if (rest < 0) {
            seconds -= 1;
            rest += 1000000;
        }
        return env->CallStaticObjectMethod(gInstant, gInstantOfEpochSecond, (jlong)seconds, (jlong)(rest * 1000));
    }
    case LogicalTypeID::STRING:
        return toJavaString(env, value.getValue<std::string>());
    default:
        // Lists, structs, nodes, rels, UINT64, INT128, ...: their engine text form.
        return toJavaString(env, value.toString());
    }
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

} // namespace

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
    JNIEnv* env;
    if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    gLadybugException = globalClass(env, "io/graphstaging/ladybug/binding/LadybugException");
    gLong = globalClass(env, "java/lang/Long");
    gDouble = globalClass(env, "java/lang/Double");
    gBoolean = globalClass(env, "java/lang/Boolean");
    gString = globalClass(env, "java/lang/String");
    gObject = globalClass(env, "java/lang/Object");
    gLocalDate = globalClass(env, "java/time/LocalDate");
    gInstant = globalClass(env, "java/time/Instant");
    if (!gLadybugException || !gLong || !gDouble || !gBoolean || !gString || !gObject || !gLocalDate ||
        !gInstant) {
        return JNI_ERR;
    }
    gLongValueOf = env->GetStaticMethodID(gLong, "valueOf", "(J)Ljava/lang/Long;");
    gLongLongValue = env->GetMethodID(gLong, "longValue", "()J");
    gDoubleValueOf = env->GetStaticMethodID(gDouble, "valueOf", "(D)Ljava/lang/Double;");
    gDoubleDoubleValue = env->GetMethodID(gDouble, "doubleValue", "()D");
    gBooleanValueOf = env->GetStaticMethodID(gBoolean, "valueOf", "(Z)Ljava/lang/Boolean;");
    gBooleanBooleanValue = env->GetMethodID(gBoolean, "booleanValue", "()Z");
    gLocalDateOfEpochDay = env->GetStaticMethodID(gLocalDate, "ofEpochDay", "(J)Ljava/time/LocalDate;");
    gLocalDateToEpochDay = env->GetMethodID(gLocalDate, "toEpochDay", "()J");
    gInstantOfEpochSecond = env->GetStaticMethodID(gInstant, "ofEpochSecond", "(JJ)Ljava/time/Instant;");
    gInstantGetEpochSecond = env->GetMethodID(gInstant, "getEpochSecond", "()J");
    gInstantGetNano = env->GetMethodID(gInstant, "getNano", "()I");
    if (env->ExceptionCheck()) {
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
    return guarded<jstring>(env, nullptr, [&] { return toJavaString(env, main::Version::getVersion()); });
}

JNIEXPORT jstring JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_checkEngine(JNIEnv* env, jclass,
    jstring directory) {
    return guarded<jstring>(env, nullptr, [&]() -> jstring {
        const char* problem = lbug_jni_check_engine(toStdString(env, directory).c_str());
        return problem == nullptr ? nullptr : toJavaString(env, problem);
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
    jstring path, jlong bufferPoolBytes, jlong maxThreads, jboolean compression, jboolean readOnly) {
    return guarded<jlong>(env, 0, [&] {
        main::SystemConfig config((uint64_t)bufferPoolBytes, (uint64_t)maxThreads, compression, readOnly);
        auto* db = new main::Database(toStdString(env, path), config);
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
    jstring cypher) {
    return guarded<jlong>(env, 0, [&] {
        auto result = reinterpret_cast<main::Connection*>(conn)->query(toStdString(env, cypher));
        return checkedResult(env, std::move(result));
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_prepare(JNIEnv* env, jclass, jlong conn,
    jstring cypher) {
    return guarded<jlong>(env, 0, [&] {
        auto prepared = reinterpret_cast<main::Connection*>(conn)->prepare(toStdString(env, cypher));
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
            auto name = static_cast<jstring>(env->GetObjectArrayElement(names, i));
            jobject value = env->GetObjectArrayElement(values, i);
            params.emplace(toStdString(env, name), toEngineValue(env, value));
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
    return guarded<jobjectArray>(env, nullptr, [&] {
        auto names = reinterpret_cast<main::QueryResult*>(handle)->getColumnNames();
        jobjectArray array = env->NewObjectArray((jsize)names.size(), gString, nullptr);
        for (size_t i = 0; i < names.size(); i++) {
            jstring s = toJavaString(env, names[i]);
            env->SetObjectArrayElement(array, (jsize)i, s);
            env->DeleteLocalRef(s);
        }
        return array;
    });
}

JNIEXPORT jobjectArray JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_columnTypes(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jobjectArray>(env, nullptr, [&] {
        auto types = reinterpret_cast<main::QueryResult*>(handle)->getColumnDataTypes();
        jobjectArray array = env->NewObjectArray((jsize)types.size(), gString, nullptr);
        for (size_t i = 0; i < types.size(); i++) {
            jstring s = toJavaString(env, types[i].toString());
            env->SetObjectArrayElement(array, (jsize)i, s);
            env->DeleteLocalRef(s);
        }
        return array;
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
        auto len = tuple->len();
        jobjectArray row = env->NewObjectArray((jsize)len, gObject, nullptr);
        for (common::idx_t i = 0; i < len; i++) {
            jobject value = toJavaValue(env, *tuple->getValue(i));
            if (env->ExceptionCheck()) {
                return nullptr;
            }
            env->SetObjectArrayElement(row, (jsize)i, value);
            env->DeleteLocalRef(value);
        }
        return row;
    });
}

JNIEXPORT jlong JNICALL Java_io_graphstaging_ladybug_binding_LbugNative_rowCount(JNIEnv* env, jclass,
    jlong handle) {
    return guarded<jlong>(env, 0, [&] { return (jlong)reinterpret_cast<main::QueryResult*>(handle)->getNumTuples(); });
}

} // extern "C"
