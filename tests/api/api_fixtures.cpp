#include "api/api_fixtures.hpp"

#include <unistd.h>

#include <cstring>

#include "nn/agop.hpp"
#include "nn/checkpoint.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "support/attribution_fixtures.hpp"

namespace agop::testing {

TemporaryFolder::TemporaryFolder() {
    static int created = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("agop_test_api_" + std::to_string(::getpid()) + "_" + std::to_string(created++));
    std::filesystem::create_directories(path_);
}

TemporaryFolder::~TemporaryFolder() { std::filesystem::remove_all(path_); }

Tensor mlp_inputs() { return normal_inputs({32, 6}, 11); }

void write_mlp_checkpoint(const std::string& path, bool with_agop) {
    nn::Mlp mlp(6, 3, {8, 8}, 7);
    nn::NamedTensors extra;
    if (with_agop) extra = nn::agop_tensors(nn::compute_agop(mlp, mlp_inputs(), {}), false);
    nn::save_checkpoint(path, mlp, {}, extra);
}

void write_cnn8by8_checkpoint(const std::string& path) {
    nn::Cnn8by8 cnn(5, 2);
    nn::save_checkpoint(path, cnn);
}

ArrayView view_of(const Tensor& tensor) {
    return ArrayView(tensor.data(), Shape(tensor.shape().begin(), tensor.shape().end()));
}

bool same_bits(const Array& array, const Tensor& tensor) {
    return array.shape() == Shape(tensor.shape().begin(), tensor.shape().end()) &&
           std::memcmp(array.data(), tensor.data(), array.size() * sizeof(float)) == 0;
}

bool same_bits(const Array& a, const Array& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace agop::testing
