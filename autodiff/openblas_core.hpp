#pragma once
// Which OpenBLAS kernel set ("core type") runs in this process, and why: chosen by agop,
// set by the user through OPENBLAS_CORETYPE, or OpenBLAS's own choice. OpenBLAS reads
// OPENBLAS_CORETYPE once, when it loads, so the only way to change it is the environment of
// a new process: the `agop` executable re-executes itself (cli/main.cpp).
//
// For programs that embed agop: call openblas_coretype_to_set() once; when it returns a name,
// OpenBLAS under-uses this CPU (a fifth of the sgemm speed on an AVX-512 machine it does not
// recognise). Start the program with OPENBLAS_CORETYPE=<name> in its environment (a wrapper
// script, a systemd Environment= line), or re-execute as cli/main.cpp does; setting it with
// setenv() after start-up has no effect. `agop info --system` prints the same advice.

#include <string>

#include "agop/openblas.hpp"  // openblas_coretype_to_set(): the decision for this process
#include "autodiff/cpu_features.hpp"

namespace agop {

enum class OpenblasCoreSource { chosen_by_agop, set_by_user, openblas_default };

struct OpenblasCore {
    std::string running;       // openblas_get_corename(): "SkylakeX", "Haswell", "Prescott", ...
    std::string best_for_cpu;  // openblas_core_for(detect_cpu_features()); "" when none is better known
    OpenblasCoreSource source;
    std::string requested;      // OPENBLAS_CORETYPE's value, "" when unset
    std::string openblas_own;   // the core OpenBLAS picked before agop chose (chosen_by_agop only)
};

// The state of this process.
OpenblasCore openblas_core();

// One line for reports: "SkylakeX, chosen by agop (this CPU supports SkylakeX; OpenBLAS alone
// picked Prescott)", "Haswell, set by the user (OPENBLAS_CORETYPE=Haswell; this CPU supports
// SkylakeX)", "Cooperlake, OpenBLAS's own choice".
std::string describe(const OpenblasCore& core);

// "chosen by agop", "set by the user", "OpenBLAS's own choice".
const char* describe(OpenblasCoreSource source);

// openblas_coretype_to_set()'s decision from its inputs: OPENBLAS_CORETYPE's value ("" when
// unset), the core OpenBLAS runs, and the CPU's features.
std::string openblas_coretype_to_set(const std::string& requested, const std::string& running,
                                     const CpuFeatures& features);

// Set beside OPENBLAS_CORETYPE by a program that chose the core type (cli/main.cpp): the core
// OpenBLAS had picked on its own, so that reports can say "chosen by agop" and what it replaced.
inline constexpr const char* openblas_own_core_variable = "AGOP_OPENBLAS_OWN_CORE";

}  // namespace agop
