#pragma once
// --scored-rows all-seeds: the XAI-TRIS scores of every seed over the test rows that all seeds'
// models classify correctly, the nearest the reproduction has to the original code, which scores
// the rows all its trained models classify correctly.

#include <cstddef>

#include "experiments/image_xai_tris_tables.hpp"

namespace agop {

// Each setting's runs (one data set, every seed's model) restricted to the
// test rows every seed's model classifies correctly, the first `max_rows` of them (0: all); every
// per-sample score is re-averaged over those rows.
void restrict_to_common_rows(XaiTrisResults& results, std::size_t max_rows);

}  // namespace agop
