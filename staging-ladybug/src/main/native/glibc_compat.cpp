// Compiled only when the host's glibc is older than 2.38 / libstdc++ older than GCC 13 (the
// prebuilt engine was built against those). build.sh rewrites the engine's version needs for
// these symbols to versions the host has; these definitions then satisfy them.
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <ios>

extern "C" {
// C23 variants differ from the classic ones only by accepting a "0b" prefix for base 0/2,
// which the engine's number parsing (base 10 / 16) does not use.
__attribute__((visibility("default"))) long __isoc23_strtol(const char* s, char** end, int base) {
    return std::strtol(s, end, base);
}
__attribute__((visibility("default"))) long long __isoc23_strtoll(const char* s, char** end, int base) {
    return std::strtoll(s, end, base);
}
__attribute__((visibility("default"))) unsigned long __isoc23_strtoul(const char* s, char** end, int base) {
    return std::strtoul(s, end, base);
}
__attribute__((visibility("default"))) unsigned long long __isoc23_strtoull(const char* s, char** end, int base) {
    return std::strtoull(s, end, base);
}

// GCC 13's std::__cxx11::basic_string<char>::_M_replace_cold(char*, size_t, const char*, size_t, size_t),
// the out-of-line slow path of replace() when source and destination overlap. Same algorithm as
// libstdc++ 13 (basic_string.tcc); `self` is the unused `this`.
__attribute__((visibility("default"))) void
_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE15_M_replace_coldEPcmPKcmm(
    void* /*self*/, char* p, std::size_t len1, const char* s, std::size_t len2, std::size_t howMuch) {
    if (len2 && len2 <= len1) {
        std::memmove(p, s, len2);
    }
    if (howMuch && len1 != len2) {
        std::memmove(p + len2, p + len1, howMuch);
    }
    if (len2 > len1) {
        if (s + len2 <= p + len1) {
            std::memmove(p, s, len2);
        } else if (s >= p + len1) {
            const std::size_t poff = (s - p) + (len2 - len1);
            std::memcpy(p, p + poff, len2);
        } else {
            const std::size_t nleft = (p + len1) - s;
            std::memmove(p, s, nleft);
            std::memcpy(p + nleft, p + len2, len2 - nleft);
        }
    }
}
}

// GCC 13 moved stream initialisation into libstdc++ behind std::ios_base_library_init(); with an
// older libstdc++ the ios_base::Init object below (and the one <iostream> puts in the glue)
// initialises the standard streams.
namespace std {
__attribute__((visibility("default"))) void ios_base_library_init() {
    static ios_base::Init init;
}
} // namespace std
