#pragma once
// The model-parameter randomisation check (Adebayo, Gilmer, Muelly, Goodfellow, Hardt & Kim
// 2018, "Sanity checks for saliency maps", NeurIPS; Quantus ModelParameterRandomisation) as a
// metric: explain the same rows for the same targets with the trained model and with a model of
// the same architecture whose every parameter is freshly initialised (the last step of
// Adebayo's cascade), and take per sample
//
//   similarity(x) = Spearman( |g_trained(x)| , |g_randomised(x)| )     (flattened)
//
// An explanation that does not depend on what the model learned scores near 1 (it fails the
// check); lower is better. The reproduction's tabular sanity table is this metric
// (experiments/tabular_checks).

#include <cstdint>
#include <memory>

#include "autodiff/tensor.hpp"
#include "eval/summary.hpp"
#include "nn/model.hpp"

namespace agop {

// attributions of the trained and the randomised model (N, ...), same shape -> per sample.
SampleMean randomisation_similarity(const Tensor& trained, const Tensor& randomised);

// A model of `model`'s architecture with fresh parameters drawn from `seed`, in eval mode.
std::unique_ptr<nn::Model> randomised_model(const nn::Model& model, std::uint64_t seed);

}  // namespace agop
