#include "eval/tabular_training.hpp"

#include <cmath>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "nn/optimizer.hpp"
#include "nn/trainer.hpp"

namespace agop {

void fold_target_standardisation(nn::Mlp& model, double scale, double shift) {
    if (model.num_classes() != 1 || !(scale > 0.0) || !std::isfinite(scale) || !std::isfinite(shift))
        throw Error("a regression model needs one output and a finite positive target scale; got " +
                    std::to_string(model.num_classes()) + " outputs and scale " + std::to_string(scale));
    const std::string last = "fc" + std::to_string(model.hidden_widths().size() + 1);
    for (auto& [name, tensor] : model.state()) {
        if (name == last + ".weight")
            for (float& w : *tensor) w = static_cast<float>(scale * w);
        if (name == last + ".bias")
            for (float& b : *tensor) b = static_cast<float>(scale * b + shift);
    }
}

TrainedTabularModel train_tabular_mlp(const Tensor& inputs, const std::vector<int>& labels, std::size_t classes,
                                      const TabularTrainingConfig& config, std::uint64_t seed) {
    const std::size_t n = labels.size();
    const auto validation_rows = static_cast<std::size_t>(std::round(config.validation_fraction * n));
    if (inputs.dimension() != 2 || inputs.shape()[0] != n || validation_rows == 0 || validation_rows >= n)
        throw Error("train_tabular_mlp: expected inputs (N, d) with N = " + std::to_string(n) +
                    " labels and a validation share leaving rows on both sides; got inputs " + shape_string(inputs) +
                    " and validation_fraction " + std::to_string(config.validation_fraction));

    const std::vector<std::size_t> order = Rng::stream(seed, 0).permutation(n);
    const std::vector<std::size_t> validation_indices(order.begin(), order.begin() + validation_rows);
    const std::vector<std::size_t> train_indices(order.begin() + validation_rows, order.end());
    auto labels_of = [&labels](const std::vector<std::size_t>& indices) {
        std::vector<int> out;
        out.reserve(indices.size());
        for (std::size_t i : indices) out.push_back(labels[i]);
        return out;
    };
    const nn::LabelledData train{nn::gather_rows(inputs, train_indices), labels_of(train_indices)};
    const nn::LabelledData validation{nn::gather_rows(inputs, validation_indices), labels_of(validation_indices)};

    TrainedTabularModel trained;
    trained.model = std::make_unique<nn::Mlp>(inputs.shape()[1], classes, config.hidden, Rng::stream(seed, 1).next_u64());
    nn::AdamOptions adam;
    adam.lr = config.learning_rate;
    nn::Adam optimizer(trained.model->parameters(), adam);
    nn::TrainerConfig trainer;
    trainer.epochs = config.epochs;
    trainer.batch_size = config.batch_size;
    trainer.seed = Rng::stream(seed, 2).next_u64();
    trainer.patience = config.patience;
    trainer.keep_best = true;
    trainer.quiet = true;
    const nn::TrainingResult result = nn::train_classifier(*trained.model, optimizer, train, &validation, trainer);
    trained.epochs_run = result.history.size();
    trained.validation_accuracy = result.history.at(result.best_epoch).validation_accuracy;
    return trained;
}

}  // namespace agop
