// The CPU feature reader against the kernel's own reading (/proc/cpuinfo), the feature ->
// OpenBLAS core mapping on every level, and the decision to set OPENBLAS_CORETYPE.

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "autodiff/cpu_features.hpp"
#include "autodiff/openblas_core.hpp"

using namespace agop;

namespace {

CpuFeatures avx512_skylake() {
    CpuFeatures f;
    f.sse3 = f.avx = f.fma = f.avx2 = true;
    f.avx512f = f.avx512dq = f.avx512bw = f.avx512vl = true;
    return f;
}

CpuFeatures avx2_haswell() {
    CpuFeatures f;
    f.sse3 = f.avx = f.fma = f.avx2 = true;
    return f;
}

// The flags Linux lists for the first CPU; empty where there is no /proc/cpuinfo.
std::set<std::string> linux_cpu_flags() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("flags", 0) != 0) continue;
        std::istringstream words(line.substr(line.find(':') + 1));
        std::set<std::string> flags;
        for (std::string w; words >> w;) flags.insert(w);
        return flags;
    }
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cpu_features)

BOOST_AUTO_TEST_CASE(each_instruction_set_level_maps_to_its_openblas_core) {
    BOOST_TEST(openblas_core_for(avx512_skylake()) == "SkylakeX");
    CpuFeatures cooper = avx512_skylake();
    cooper.avx512_bf16 = true;
    BOOST_TEST(openblas_core_for(cooper) == "SkylakeX");
    BOOST_TEST(openblas_core_for(avx2_haswell()) == "Haswell");
    CpuFeatures sandy;
    sandy.sse3 = sandy.avx = true;
    BOOST_TEST(openblas_core_for(sandy) == "Sandybridge");
    CpuFeatures old;
    old.sse3 = true;
    BOOST_TEST(openblas_core_for(old) == "");
    BOOST_TEST(openblas_core_for(CpuFeatures{}) == "");
}

BOOST_AUTO_TEST_CASE(avx512_needs_all_four_subsets_and_avx2_needs_fma) {
    for (int missing = 0; missing < 4; ++missing) {
        CpuFeatures f = avx512_skylake();
        bool* subset[] = {&f.avx512f, &f.avx512dq, &f.avx512bw, &f.avx512vl};
        *subset[missing] = false;
        BOOST_TEST(openblas_core_for(f) == "Haswell");  // e.g. Knights Landing: F without BW/VL/DQ
    }
    CpuFeatures no_fma = avx2_haswell();
    no_fma.fma = false;
    BOOST_TEST(openblas_core_for(no_fma) == "Sandybridge");
}

BOOST_AUTO_TEST_CASE(openblas_core_names_are_ranked_by_vector_width_in_any_case) {
    BOOST_TEST(static_cast<int>(simd_level_of_openblas_core("Prescott")) == static_cast<int>(SimdLevel::sse));
    BOOST_TEST(static_cast<int>(simd_level_of_openblas_core("Sandybridge")) == static_cast<int>(SimdLevel::avx));
    BOOST_TEST(static_cast<int>(simd_level_of_openblas_core("ZEN")) == static_cast<int>(SimdLevel::avx2));
    BOOST_TEST(static_cast<int>(simd_level_of_openblas_core("Haswell")) == static_cast<int>(SimdLevel::avx2));
    BOOST_TEST(static_cast<int>(simd_level_of_openblas_core("cooperlake")) == static_cast<int>(SimdLevel::avx512));
    BOOST_TEST(static_cast<int>(simd_level_of_openblas_core("SkylakeX")) == static_cast<int>(SimdLevel::avx512));
    for (const char* core : {"SkylakeX", "Haswell", "Sandybridge"})
        BOOST_TEST(static_cast<int>(simd_level_of_openblas_core(openblas_core_for(avx512_skylake()))) >=
                   static_cast<int>(simd_level_of_openblas_core(core)));
}

BOOST_AUTO_TEST_CASE(detected_features_agree_with_the_linux_kernel) {
    const auto flags = linux_cpu_flags();
    if (flags.empty()) return;  // not Linux: nothing independent to compare with
    const CpuFeatures f = detect_cpu_features();
    BOOST_TEST(f.sse3 == (flags.count("pni") == 1));
    BOOST_TEST(f.avx == (flags.count("avx") == 1));
    BOOST_TEST(f.fma == (flags.count("fma") == 1));
    BOOST_TEST(f.avx2 == (flags.count("avx2") == 1));
    BOOST_TEST(f.avx512f == (flags.count("avx512f") == 1));
    BOOST_TEST(f.avx512dq == (flags.count("avx512dq") == 1));
    BOOST_TEST(f.avx512bw == (flags.count("avx512bw") == 1));
    BOOST_TEST(f.avx512vl == (flags.count("avx512vl") == 1));
    BOOST_TEST(f.avx512_bf16 == (flags.count("avx512_bf16") == 1));
}

BOOST_AUTO_TEST_CASE(coretype_is_set_only_when_unset_and_openblas_runs_narrower_kernels) {
    BOOST_TEST(openblas_coretype_to_set("", "Prescott", avx512_skylake()) == "SkylakeX");
    BOOST_TEST(openblas_coretype_to_set("", "Haswell", avx512_skylake()) == "SkylakeX");
    BOOST_TEST(openblas_coretype_to_set("", "Cooperlake", avx512_skylake()) == "");
    BOOST_TEST(openblas_coretype_to_set("", "Zen", avx2_haswell()) == "");
    BOOST_TEST(openblas_coretype_to_set("", "Prescott", avx2_haswell()) == "Haswell");
    BOOST_TEST(openblas_coretype_to_set("Prescott", "Prescott", avx512_skylake()) == "");  // the user's word stands
    BOOST_TEST(openblas_coretype_to_set("", "Prescott", CpuFeatures{}) == "");
}

BOOST_AUTO_TEST_CASE(core_description_says_who_chose_and_what_the_cpu_supports) {
    OpenblasCore chosen{"SkylakeX", "SkylakeX", OpenblasCoreSource::chosen_by_agop, "SkylakeX", "Prescott"};
    BOOST_TEST(describe(chosen) == "SkylakeX, chosen by agop (this CPU supports SkylakeX; OpenBLAS alone picked Prescott)");
    OpenblasCore user{"Haswell", "SkylakeX", OpenblasCoreSource::set_by_user, "Haswell", ""};
    BOOST_TEST(describe(user) ==
               "Haswell, set by the user (OPENBLAS_CORETYPE=Haswell; this CPU supports SkylakeX, unset the variable "
               "to use it)");
    OpenblasCore ignored{"Cooperlake", "SkylakeX", OpenblasCoreSource::set_by_user, "Bogus", ""};
    BOOST_TEST(describe(ignored) == "Cooperlake, set by the user (OPENBLAS_CORETYPE=Bogus, which OpenBLAS did not take)");
    OpenblasCore own{"Zen", "Haswell", OpenblasCoreSource::openblas_default, "", ""};
    BOOST_TEST(describe(own) == "Zen, OpenBLAS's own choice");
    OpenblasCore narrow{"Prescott", "SkylakeX", OpenblasCoreSource::openblas_default, "", ""};
    BOOST_TEST(describe(narrow) ==
               "Prescott, OpenBLAS's own choice (this CPU supports SkylakeX: run with OPENBLAS_CORETYPE=SkylakeX)");
}

BOOST_AUTO_TEST_CASE(this_process_reports_the_core_openblas_runs) {
    const OpenblasCore core = openblas_core();
    BOOST_TEST(!core.running.empty());
    BOOST_TEST(describe(core).rfind(core.running + ", ", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
