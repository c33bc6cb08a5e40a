#pragma once
// agop/agop.hpp: agop's public C++ API in one include.
//
//   #include <agop/agop.hpp>
//   agop::Model model = agop::Model::load("model.safetensors");
//   agop::Array x = agop::read_npy_array("test_inputs.npy");           // (N, d)
//   agop::Array a = model.explain("agop-ixg", x.row(0));                // (1, d)
//
// array.hpp   Array (owning) and ArrayView (pointer + shape): the only data types crossing it
// error.hpp   agop::Error, the one exception type
// model.hpp   Model: load a checkpoint (file or memory), predict, explain by method name, AGOP
// evaluate.hpp  Model::evaluate: metrics without ground truth (deletion, infidelity, RIS, ...)
// agop_matrix.hpp  the spectrum of an AGOP and its top-K truncation
// npy.hpp     read and write .npy files
// openblas.hpp  the OPENBLAS_CORETYPE this CPU wants, for the environment of the program
//
// The headers need the C++17 standard library only. Link agop::agop (CMake:
// find_package(agop)) or `pkg-config --cflags --libs agop`.

#include "agop/agop_matrix.hpp"
#include "agop/array.hpp"
#include "agop/error.hpp"
#include "agop/evaluate.hpp"
#include "agop/model.hpp"
#include "agop/npy.hpp"
#include "agop/openblas.hpp"
