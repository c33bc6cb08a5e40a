#include "support/test_models.hpp"

#include <cmath>
#include <memory>

#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"

namespace agop::testing {

namespace {

Tensor kaiming(const Shape& shape, std::size_t fan_in, Rng& rng) {
    return rng.normal_tensor(shape, 0.0, std::sqrt(2.0 / static_cast<double>(fan_in)));
}

}  // namespace

ExplainedModel linear_model(Tensor weight, Tensor bias) {
    auto w = std::make_shared<Tensor>(std::move(weight));
    auto b = std::make_shared<Tensor>(std::move(bias));
    ExplainedModel model;
    model.logits = [w, b](Tape& tape, const Var& x) {
        return linear(x, tape.parameter(*w, nullptr), tape.parameter(*b, nullptr));
    };
    return model;
}

ExplainedModel mlp_model(std::size_t inputs, std::size_t hidden, std::size_t classes, std::uint64_t seed) {
    Rng rng(seed);
    auto p = std::make_shared<std::vector<Tensor>>();
    p->push_back(kaiming({hidden, inputs}, inputs, rng));
    p->push_back(rng.normal_tensor({hidden}, 0.0, 0.1));
    p->push_back(kaiming({hidden, hidden}, hidden, rng));
    p->push_back(rng.normal_tensor({hidden}, 0.0, 0.1));
    p->push_back(kaiming({classes, hidden}, hidden, rng));
    p->push_back(rng.normal_tensor({classes}, 0.0, 0.1));
    ExplainedModel model;
    model.logits = [p](Tape& tape, const Var& x) {
        auto param = [&](std::size_t i) { return tape.parameter((*p)[i], nullptr); };
        Var h = relu(linear(x, param(0), param(1)));
        h = relu(linear(h, param(2), param(3)));
        return linear(h, param(4), param(5));
    };
    return model;
}

ExplainedModel cnn8by8_model(std::size_t classes, std::uint64_t seed) {
    Rng rng(seed);
    auto p = std::make_shared<std::vector<Tensor>>();
    for (std::size_t layer = 0; layer < 4; ++layer) {
        const std::size_t in_channels = layer == 0 ? 1 : 4;
        p->push_back(kaiming({4, in_channels, 2, 2}, in_channels * 4, rng));
        p->push_back(rng.normal_tensor({4}, 0.1, 0.1));
    }
    p->push_back(kaiming({classes, 4}, 4, rng));
    p->push_back(rng.normal_tensor({classes}, 0.0, 0.1));
    ExplainedModel model;
    auto forward = [p](Tape& tape, const Var& x, const std::string& layer, Var* activation) {
        auto param = [&](std::size_t i) { return tape.parameter((*p)[i], nullptr); };
        Var h = x;
        for (std::size_t l = 0; l < 4; ++l) {
            h = conv2d(h, param(2 * l), param(2 * l + 1), 1, 1);
            if (activation && (layer == "conv" + std::to_string(l + 1) || (layer.empty() && l == 3))) *activation = h;
            h = max_pool2d(relu(h), 2, 2);
        }
        return linear(flatten(h), param(8), param(9));
    };
    model.logits = [forward](Tape& tape, const Var& x) { return forward(tape, x, "", nullptr); };
    model.logits_with_activation = [forward](Tape& tape, const Var& x, const std::string& layer, Var& activation) {
        return forward(tape, x, layer, &activation);
    };
    return model;
}

ExplainedModel single_element_model(std::size_t row_elements, std::size_t element, std::size_t classes) {
    Tensor selector = xt::zeros<float>({row_elements, classes});
    for (std::size_t c = 0; c < classes; ++c) selector(element, c) = std::sqrt(0.5f * static_cast<float>(c + 1));
    Tensor offsets = Tensor::from_shape({classes});
    for (std::size_t c = 0; c < classes; ++c) offsets(c) = static_cast<float>(c);
    auto s = std::make_shared<Tensor>(std::move(selector));
    auto o = std::make_shared<Tensor>(std::move(offsets));
    ExplainedModel model;
    model.logits = [s, o](Tape& tape, const Var& x) {
        Var picked = matmul(flatten(x), tape.parameter(*s, nullptr));  // (N, C): sqrt((c+1)/2) x[element]
        return add(mul(picked, picked), tape.parameter(*o, nullptr));
    };
    return model;
}

}  // namespace agop::testing
