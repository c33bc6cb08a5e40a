#include "eval/parameter_randomisation.hpp"

#include "autodiff/error.hpp"
#include "eval/tabular_metrics.hpp"
#include "nn/model_factory.hpp"

namespace agop {

SampleMean randomisation_similarity(const Tensor& trained, const Tensor& randomised) {
    if (shape_of(trained) != shape_of(randomised) || trained.dimension() < 2 || trained.size() == 0)
        throw Error("model-parameter randomisation: attributions " + shape_string(trained) + " and " +
                    shape_string(randomised) + " must be (N, ...) of one shape");
    const std::size_t n = trained.shape()[0], elements = trained.size() / n;
    const Shape flat{n, elements};
    return mean_spearman(Tensor(xt::reshape_view(trained, flat)), Tensor(xt::reshape_view(randomised, flat)));
}

std::unique_ptr<nn::Model> randomised_model(const nn::Model& model, std::uint64_t seed) {
    std::unique_ptr<nn::Model> fresh = nn::make_model(model.architecture(), seed);
    fresh->eval();
    return fresh;
}

}  // namespace agop
