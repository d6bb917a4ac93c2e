// The prebuilt engine is a Node addon. Its napi_* references are bound lazily and never
// called from Java, except napi_create_error, which is bound when the library loads and so
// needs a definition. Java never reaches it: aborting is the honest behaviour if it did.
#include <cstdio>
#include <cstdlib>

extern "C" __attribute__((visibility("default"))) int napi_create_error(void*, void*, void*, void**) {
    std::fputs("lbug JNI: napi_create_error called outside Node.js\n", stderr);
    std::abort();
}
