#include "nn/mlp.hpp"

#include "autodiff/error.hpp"

namespace agop::nn {

Mlp::Mlp(std::size_t input_dim, std::size_t classes, std::vector<std::size_t> hidden, std::uint64_t seed)
    : input_dim_(input_dim), classes_(classes), hidden_(std::move(hidden)) {
    if (input_dim == 0 || classes == 0) throw Error("Mlp: input_dim and classes must be at least 1");
    Rng rng(seed);
    std::size_t width = input_dim;
    for (std::size_t i = 0; i <= hidden_.size(); ++i) {
        const std::size_t next = i < hidden_.size() ? hidden_[i] : classes;
        if (next == 0) throw Error("Mlp: every hidden width must be at least 1");
        linears_.push_back(std::make_unique<Linear>(width, next, true, rng));
        register_module("fc" + std::to_string(i + 1), *linears_.back());
        if (i < hidden_.size()) {
            relus_.push_back(std::make_unique<ReLU>());
            register_module("relu" + std::to_string(i + 1), *relus_.back());
        }
        width = next;
    }
}

Var Mlp::forward(Tape& tape, const Var& x) {
    if (x.shape().size() != 2 || x.shape()[1] != input_dim_)
        throw_shape_error("Mlp", "expected inputs (N, " + std::to_string(input_dim_) + ")", x.shape());
    Var h = x;
    for (std::size_t i = 0; i < linears_.size(); ++i) {
        h = linears_[i]->call(tape, h);
        if (i < relus_.size()) h = relus_[i]->call(tape, h);
    }
    return h;
}

Metadata Mlp::architecture() const {
    std::string widths;
    for (std::size_t i = 0; i < hidden_.size(); ++i) widths += (i ? "," : "") + std::to_string(hidden_[i]);
    return {{"architecture", "mlp"},
            {"input_dim", std::to_string(input_dim_)},
            {"classes", std::to_string(classes_)},
            {"hidden", widths}};
}

}  // namespace agop::nn
