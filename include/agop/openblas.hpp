#pragma once
// agop/openblas.hpp: which OpenBLAS kernel set an embedding program should ask for.
//
// OpenBLAS picks its kernels ("core type") once, when it loads, and on a CPU it does not
// recognise it may pick one that runs a fraction of the CPU's vector width (a fifth of the
// sgemm speed measured on an AVX-512 machine). The `agop` command fixes this by re-executing
// itself; a program that embeds agop must set OPENBLAS_CORETYPE in the environment it is
// started with (a wrapper script, a systemd Environment= line): setenv() after start-up has
// no effect.

#include <string>

namespace agop {

// The value to give OPENBLAS_CORETYPE ("SkylakeX", "Haswell", ...) when it is unset and the
// core type OpenBLAS chose runs narrower vector instructions than this CPU supports; "" when
// there is nothing to do.
std::string openblas_coretype_to_set();

}  // namespace agop
