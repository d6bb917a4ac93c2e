// Runs the glue's engine check at build time: engine_check_main <liblbug_jni.so> <scratch-dir>.
// Exit 0 when the engine agrees with the glue's build constants, 1 (saying what differs) otherwise.
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        fputs("usage: engine_check_main <liblbug_jni.so> <scratch-dir>\n", stderr);
        return 2;
    }
    void* glue = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL);
    if (glue == NULL) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
        return 2;
    }
    const char* (*check)(const char*) = (const char* (*)(const char*))dlsym(glue, "lbug_jni_check_engine");
    if (check == NULL) {
        fprintf(stderr, "%s has no lbug_jni_check_engine\n", argv[1]);
        return 2;
    }
    const char* problem = check(argv[2]);
    if (problem != NULL) {
        fprintf(stderr, "%s\n", problem);
        return 1;
    }
    return 0;
}
