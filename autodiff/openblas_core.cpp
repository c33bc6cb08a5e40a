#include "autodiff/openblas_core.hpp"

#include <cblas.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>


namespace agop {

namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

bool same_name(std::string a, std::string b) {
    auto lower = [](std::string& s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    };
    lower(a);
    lower(b);
    return a == b;
}

}  // namespace

OpenblasCore openblas_core() {
    OpenblasCore core;
    core.running = openblas_get_corename();
    core.best_for_cpu = openblas_core_for(detect_cpu_features());
    core.requested = environment("OPENBLAS_CORETYPE");
    core.openblas_own = environment(openblas_own_core_variable);
    if (core.requested.empty()) {
        core.source = OpenblasCoreSource::openblas_default;
        core.openblas_own.clear();
    } else {
        core.source = core.openblas_own.empty() ? OpenblasCoreSource::set_by_user : OpenblasCoreSource::chosen_by_agop;
    }
    return core;
}

const char* describe(OpenblasCoreSource source) {
    switch (source) {
        case OpenblasCoreSource::chosen_by_agop: return "chosen by agop";
        case OpenblasCoreSource::set_by_user: return "set by the user";
        case OpenblasCoreSource::openblas_default: return "OpenBLAS's own choice";
    }
    return "";
}

std::string describe(const OpenblasCore& core) {
    std::string text = core.running + ", " + describe(core.source);
    const bool under_uses = !core.best_for_cpu.empty() &&
                            simd_level_of_openblas_core(core.running) < simd_level_of_openblas_core(core.best_for_cpu);
    switch (core.source) {
        case OpenblasCoreSource::chosen_by_agop:
            text += " (this CPU supports " + core.best_for_cpu + "; OpenBLAS alone picked " + core.openblas_own + ")";
            break;
        case OpenblasCoreSource::set_by_user:
            text += " (OPENBLAS_CORETYPE=" + core.requested;
            if (!same_name(core.requested, core.running)) text += ", which OpenBLAS did not take";
            if (under_uses) text += "; this CPU supports " + core.best_for_cpu + ", unset the variable to use it";
            text += ")";
            break;
        case OpenblasCoreSource::openblas_default:
            if (under_uses) text += " (this CPU supports " + core.best_for_cpu + ": run with OPENBLAS_CORETYPE=" +
                                    core.best_for_cpu + ")";
            break;
    }
    return text;
}

std::string openblas_coretype_to_set(const std::string& requested, const std::string& running,
                                     const CpuFeatures& features) {
    if (!requested.empty()) return "";
    const std::string best = openblas_core_for(features);
    if (best.empty() || simd_level_of_openblas_core(running) >= simd_level_of(features)) return "";
    return best;
}

std::string openblas_coretype_to_set() {
    return openblas_coretype_to_set(environment("OPENBLAS_CORETYPE"), openblas_get_corename(), detect_cpu_features());
}

}  // namespace agop
