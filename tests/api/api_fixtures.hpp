#pragma once
// What the public-API suites share: small checkpoints written by the engine into a temporary
// folder, and bit-for-bit comparison of public arrays with engine tensors.

#include <filesystem>
#include <string>

#include "agop/array.hpp"
#include "autodiff/tensor.hpp"

namespace agop::testing {

// A fresh folder, removed with everything in it when the object goes.
class TemporaryFolder {
  public:
    TemporaryFolder();
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

// An MLP 6 -> 8 -> 8 -> 3 with seeded weights, saved to `path`; with its full AGOP (6, 6)
// measured on mlp_inputs() unless `with_agop` is false.
void write_mlp_checkpoint(const std::string& path, bool with_agop = true);
// 32 rows (32, 6) of standard normal values.
Tensor mlp_inputs();
// CNN8by8 with 2 classes and seeded weights, saved to `path` without an AGOP.
void write_cnn8by8_checkpoint(const std::string& path);

// The public array view of a tensor (valid while the tensor lives).
ArrayView view_of(const Tensor& tensor);
// Same shape and the same bits.
bool same_bits(const Array& array, const Tensor& tensor);
bool same_bits(const Array& a, const Array& b);

}  // namespace agop::testing
