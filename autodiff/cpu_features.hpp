#pragma once
// Which vector instructions this CPU (and its operating system) can run, and which of
// OpenBLAS's kernel sets fits them. Debian's OpenBLAS 0.3.21 picks its kernels at load time
// from the CPU model; on a CPU it does not know (a cloud VM that hides the model name, a
// newer generation) it falls back to its Prescott (SSE3) kernels: a fifth of the sgemm
// speed of an AVX-512 machine. The mapping below is a pure function so that it is tested.

#include <string>

namespace agop {

struct CpuFeatures {
    bool sse3 = false;
    bool avx = false;  // the instructions and the operating system's saving of ymm state (xgetbv)
    bool fma = false;
    bool avx2 = false;
    bool avx512f = false;  // each AVX-512 flag also needs the OS to save opmask and zmm state
    bool avx512dq = false;
    bool avx512bw = false;
    bool avx512vl = false;
    bool avx512_bf16 = false;
};

// The vector width class of a kernel set, ordered: a higher level runs wider instructions.
enum class SimdLevel { sse = 0, avx = 1, avx2 = 2, avx512 = 3 };

// Reads this CPU's features with cpuid, and the OS's support of AVX / AVX-512 state with
// xgetbv. All false on a CPU that is not x86-64.
CpuFeatures detect_cpu_features();

// The OpenBLAS core type (a value of OPENBLAS_CORETYPE) whose kernels fit `features`:
// AVX-512 F+DQ+BW+VL -> "SkylakeX", AVX2+FMA -> "Haswell", AVX -> "Sandybridge", and "" for
// anything less (OpenBLAS's own choice is as good as any there).
std::string openblas_core_for(const CpuFeatures& features);

// The widest level `features` supports, by the same rules.
SimdLevel simd_level_of(const CpuFeatures& features);

// The level of an OpenBLAS core name as openblas_get_corename() spells it (any case):
// SkylakeX, Cooperlake, SapphireRapids -> avx512; Haswell, Zen, Excavator -> avx2;
// Sandybridge, Bulldozer, Piledriver, Steamroller -> avx; every other name -> sse.
SimdLevel simd_level_of_openblas_core(const std::string& core);

// "sse3 avx fma avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16" (the flags present).
std::string describe(const CpuFeatures& features);

}  // namespace agop
