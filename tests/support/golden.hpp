#pragma once
// The golden files of tests/golden (written by make_golden.py with PyTorch): loading them
// into the engine's models by state-dict name, and comparing the engine's outputs with them.
// Files are found under $AGOP_TEST_DIR/golden/<case>/, which ctest sets.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "nn/resnet18.hpp"

namespace agop::testing {

// d logits[n, targets[n]] / d x[n] for every row of x (N, ...), in the model's current mode:
// the input gradients the golden files hold.
Tensor target_logit_input_gradients(nn::Model& model, const Tensor& x, const std::vector<int>& targets);

// $AGOP_TEST_DIR/golden/<golden_case>/<file>; throws Error if AGOP_TEST_DIR is not set.
std::string golden_path(const std::string& golden_case, const std::string& file);

// <golden_case>/<name>.npy as float32 / as class labels (int64).
Tensor golden_tensor(const std::string& golden_case, const std::string& name);
std::vector<int> golden_labels(const std::string& golden_case, const std::string& name);

// Copies <golden_case>/<folder>/<state name>.npy into every state tensor of `model`.
// Throws Error if a file is missing, a shape differs, or the folder holds a tensor the
// model does not have: the two state dicts must match name for name.
void load_golden_state(nn::Module& model, const std::string& golden_case, const std::string& folder);

// Fills every state tensor of `model` from the weight formula of make_golden.py
// (formula_tensor), after checking the model's state names and shapes against the
// <golden_case>/state_shapes.txt that PyTorch listed (one "name d0 d1 ..." per line).
void load_formula_state(nn::Module& model, const std::string& golden_case);

// The formula itself: tensor `name` of `shape`, identical bits to make_golden.py's.
Tensor formula_tensor(const std::string& name, const Shape& shape);

// The three golden models with PyTorch's weights: the MLP 6 -> 8 -> 8 -> 3 (golden/mlp/weights),
// CNN8by8 with 2 classes (golden/cnn8by8/weights) and ResNet-18 for 3x32x32 inputs and 10
// classes (the formula weights), each in eval mode.
std::unique_ptr<nn::Mlp> golden_mlp();
std::unique_ptr<nn::Cnn8by8> golden_cnn8by8();
std::unique_ptr<nn::ResNet18> golden_resnet18();

// One Boost.Test check that `actual` has the shape of `expected` and that every element
// satisfies |a - e| <= atol + rtol |e|; on failure the message names `what`, the worst
// element's flat index, both values and the largest absolute difference.
void check_close(const Tensor& actual, const Tensor& expected, double rtol, double atol, const std::string& what);

}  // namespace agop::testing
