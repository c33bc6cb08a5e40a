#include "attribution/gradcam.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "attribution/bilinear_upsample.hpp"
#include "attribution/row_pieces.hpp"
#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"

namespace agop {

namespace {

// ReLU(Σ_k α_k A_k) with α_k = mean over (h, w) of the gradient: activation (N, K, h, w) ->
// (N, h, w); zeros when no gradient reached the layer (the logits do not depend on it).
Tensor class_activation_maps(const Var& activation) {
    const Shape sa = activation.shape();
    const std::size_t count = sa[0], k = sa[1], area = sa[2] * sa[3];
    Tensor cams = xt::zeros<float>({count, sa[2], sa[3]});
    if (!activation.has_grad()) return cams;
    const float* a = activation.value().data();
    const float* g = activation.grad().data();
    const int threads = threads_for(static_cast<double>(count) * k * area, kParallelMinElements);
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(count); ++i) {
        float* cam = cams.data() + i * area;
        for (std::size_t c = 0; c < k; ++c) {
            const float* gc = g + (i * k + c) * area;
            const float* ac = a + (i * k + c) * area;
            float alpha = 0.0f;
            for (std::size_t p = 0; p < area; ++p) alpha += gc[p];
            alpha /= static_cast<float>(area);
            for (std::size_t p = 0; p < area; ++p) cam[p] += alpha * ac[p];
        }
        for (std::size_t p = 0; p < area; ++p) cam[p] = std::max(cam[p], 0.0f);
    }
    return cams;
}

// Grad-CAM for the given targets, or (targets null) for each row's predicted class, read
// from the logits of the piece's own forward pass.
Tensor gradcam_for(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>* targets,
                   const GradCamSettings& settings) {
    const std::string method = "gradcam";
    if (!model.logits_with_activation)
        throw Error("gradcam: model.logits_with_activation is empty; Grad-CAM needs the activation of a conv layer");
    if (targets)
        check_batch_and_targets(method, model, inputs, *targets);
    else
        check_batch(method, inputs);
    const Shape shape = shape_of(inputs);
    if (shape.size() != 4) throw_shape_error(method, "Grad-CAM explains images: inputs must be (N, C, H, W)", shape);
    const std::size_t n = shape[0], channels = shape[1], height = shape[2], width = shape[3];

    Tensor attributions = Tensor::from_shape(shape);
    // Pieces side by side, one tape each (row_pieces.hpp); the layer's activation is recorded
    // on the piece's tape, and the backward sweep ends at that layer.
    run_row_pieces(row_pieces(n, model.max_batch_rows, thread_count()), [&](const RowPiece& piece) {
        Tape tape;
        Var x = tape.input(take_rows(inputs, piece.begin, piece.count));
        Var activation;
        Var logits = model.logits_with_activation(tape, x, settings.layer, activation);
        if (!activation.defined())
            throw Error("gradcam: the model has no layer named '" + settings.layer + "' (settings.layer)");
        const Shape sa = activation.shape();
        if (sa.size() != 4 || sa[0] != piece.count)
            throw_shape_error(method, "the activation of settings.layer must be (N, K, h, w)", sa);
        const std::size_t classes = logits.shape()[1];
        Tensor seed = xt::zeros<float>({piece.count, classes});
        for (std::size_t i = 0; i < piece.count; ++i) {
            const int target =
                targets ? (*targets)[piece.begin + i] : predicted_class(logits.value().data() + i * classes, classes);
            seed.data()[i * classes + target] = 1.0f;
        }
        tape.backward(logits, seed, activation);
        const Tensor upsampled = bilinear_upsample(class_activation_maps(activation), height, width);
        for (std::size_t i = 0; i < piece.count; ++i)
            for (std::size_t c = 0; c < channels; ++c)
                std::copy(upsampled.data() + i * height * width, upsampled.data() + (i + 1) * height * width,
                          attributions.data() + ((piece.begin + i) * channels + c) * height * width);
    });
    return attributions;
}

}  // namespace

Tensor gradcam(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
               const GradCamSettings& settings) {
    return gradcam_for(model, inputs, &targets, settings);
}

Tensor gradcam(const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
               const GradCamSettings& settings) {
    if (targets.is_predicted()) return gradcam_for(model, inputs, nullptr, settings);
    return gradcam(model, inputs, resolve_targets(model, inputs, targets), settings);
}

}  // namespace agop
