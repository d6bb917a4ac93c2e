// The engine check of engine_check.cpp, callable from C (engine_check_main.c) and from the JNI glue.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

// Opens a database under `directory` (which must exist and be writable) and checks the engine
// against the glue's build constants; NULL when they agree, else what differs (valid until the
// calling thread's next call).
__attribute__((visibility("default"))) const char* lbug_jni_check_engine(const char* directory);

#ifdef __cplusplus
}
#endif
