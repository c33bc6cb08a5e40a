#include "autodiff/cpu_features.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace agop {

namespace {

#if defined(__x86_64__) || defined(__i386__)
// XCR0, the register where the OS says which register state it saves on a context switch.
// Inline assembly rather than _xgetbv(), which needs -mxsave on the whole file.
std::uint64_t extended_control_register_0() {
    std::uint32_t eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (static_cast<std::uint64_t>(edx) << 32) | eax;
}
#endif

bool has_bit(unsigned int reg, int bit) { return (reg >> bit) & 1u; }

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

}  // namespace

CpuFeatures detect_cpu_features() {
    CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
    f.sse3 = has_bit(ecx, 0);
    const bool os_saves_xsave_state = has_bit(ecx, 27);  // OSXSAVE: xgetbv may be executed
    const std::uint64_t xcr0 = os_saves_xsave_state ? extended_control_register_0() : 0;
    const bool os_saves_ymm = (xcr0 & 0x6) == 0x6;     // SSE and AVX state
    const bool os_saves_zmm = (xcr0 & 0xE0) == 0xE0;   // opmask, upper zmm0-15, zmm16-31
    f.avx = has_bit(ecx, 28) && os_saves_ymm;
    f.fma = has_bit(ecx, 12) && os_saves_ymm;
    unsigned int max_leaf = __get_cpuid_max(0, nullptr);
    if (max_leaf >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        const unsigned int max_subleaf = eax;
        f.avx2 = has_bit(ebx, 5) && os_saves_ymm;
        const bool avx512 = os_saves_ymm && os_saves_zmm;
        f.avx512f = has_bit(ebx, 16) && avx512;
        f.avx512dq = has_bit(ebx, 17) && avx512;
        f.avx512bw = has_bit(ebx, 30) && avx512;
        f.avx512vl = has_bit(ebx, 31) && avx512;
        if (max_subleaf >= 1) {
            __cpuid_count(7, 1, eax, ebx, ecx, edx);
            f.avx512_bf16 = has_bit(eax, 5) && avx512;
        }
    }
#endif
    return f;
}

SimdLevel simd_level_of(const CpuFeatures& f) {
    if (f.avx512f && f.avx512dq && f.avx512bw && f.avx512vl) return SimdLevel::avx512;
    if (f.avx2 && f.fma) return SimdLevel::avx2;
    if (f.avx) return SimdLevel::avx;
    return SimdLevel::sse;
}

// SkylakeX rather than Cooperlake on CPUs with AVX512_BF16: in OpenBLAS 0.3.21 Cooperlake's
// sgemm and dgemm kernels are SkylakeX's (it adds only bfloat16 routines agop does not call),
// and their sgemm and dgemm speeds measured the same on a Zen 5.
std::string openblas_core_for(const CpuFeatures& f) {
    switch (simd_level_of(f)) {
        case SimdLevel::avx512: return "SkylakeX";
        case SimdLevel::avx2: return "Haswell";
        case SimdLevel::avx: return "Sandybridge";
        case SimdLevel::sse: return "";
    }
    return "";
}

SimdLevel simd_level_of_openblas_core(const std::string& core) {
    const std::string name = lower(core);
    for (const char* n : {"skylakex", "cooperlake", "sapphirerapids"})
        if (name == n) return SimdLevel::avx512;
    for (const char* n : {"haswell", "zen", "excavator"})
        if (name == n) return SimdLevel::avx2;
    for (const char* n : {"sandybridge", "bulldozer", "piledriver", "steamroller"})
        if (name == n) return SimdLevel::avx;
    return SimdLevel::sse;
}

std::string describe(const CpuFeatures& f) {
    std::string text;
    auto add = [&text](bool present, const char* name) {
        if (!present) return;
        if (!text.empty()) text += ' ';
        text += name;
    };
    add(f.sse3, "sse3");
    add(f.avx, "avx");
    add(f.fma, "fma");
    add(f.avx2, "avx2");
    add(f.avx512f, "avx512f");
    add(f.avx512dq, "avx512dq");
    add(f.avx512bw, "avx512bw");
    add(f.avx512vl, "avx512vl");
    add(f.avx512_bf16, "avx512_bf16");
    return text.empty() ? "none of sse3/avx/avx2/avx512" : text;
}

}  // namespace agop
