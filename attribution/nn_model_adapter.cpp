#include "attribution/nn_model_adapter.hpp"

#include <algorithm>
#include <map>

#include "attribution/row_pieces.hpp"
#include "autodiff/error.hpp"
#include "nn/mlp.hpp"

namespace agop {

ExplainedModel explained_model(nn::Model& model, std::size_t max_batch_rows) {
    model.eval();
    model.set_requires_grad(false);
    ExplainedModel explained;
    explained.max_batch_rows = max_batch_rows;
    if (const auto* mlp = dynamic_cast<const nn::Mlp*>(&model)) {
        std::size_t widest = mlp->num_classes();
        for (std::size_t width : mlp->hidden_widths()) widest = std::max(widest, width);
        const std::size_t cache_rows =
            std::max<std::size_t>(kMinRowsPerPiece, kMlpActivationBytes / (sizeof(float) * widest));
        explained.max_batch_rows = std::min(max_batch_rows, cache_rows);
        explained.dense_layers = [&model] {
            std::map<std::string, const Tensor*> values;
            for (const auto& [name, parameter] : model.named_parameters()) values[name] = &parameter->value;
            std::vector<DenseLayer> layers;
            for (std::size_t i = 1; values.count("fc" + std::to_string(i) + ".weight"); ++i)
                layers.push_back(
                    {*values["fc" + std::to_string(i) + ".weight"], *values["fc" + std::to_string(i) + ".bias"]});
            return layers;
        };
    }
    explained.logits = [&model](Tape& tape, const Var& x) { return model.forward(tape, x); };
    explained.logits_with_activation = [&model](Tape& tape, const Var& x, const std::string& layer, Var& activation) {
        const std::string name = layer.empty() ? model.last_conv_layer() : layer;
        if (name.empty()) throw Error("gradcam: this model has no convolutional layer to take activations from");
        nn::Activations activations;
        Var logits = model.forward_recording(tape, x, activations);
        auto found = activations.find(name);
        if (found == activations.end()) {
            std::string known;
            for (const auto& [n, v] : activations) known += (known.empty() ? "" : ", ") + n;
            throw Error("gradcam: the model has no layer named '" + name + "'; its layers are: " + known);
        }
        activation = found->second;
        return logits;
    };
    return explained;
}

}  // namespace agop
