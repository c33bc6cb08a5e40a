#include "attribution/occlusion.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"

namespace agop {

namespace {

// Top-left offsets of the patches along one axis of `extent`: 0, stride, ..., and a last
// one flush with the edge.
std::vector<std::size_t> patch_offsets(std::size_t extent, std::size_t patch, std::size_t stride) {
    std::vector<std::size_t> offsets;
    for (std::size_t o = 0; o + patch <= extent; o += stride) offsets.push_back(o);
    if (offsets.back() + patch < extent) offsets.push_back(extent - patch);
    return offsets;
}

}  // namespace

// Every occluded copy (sample, patch) is a row of one batched evaluation; a patch is a
// list of element indices within a sample.
Tensor occlusion(const ExplainedModel& model, const Tensor& inputs, const std::vector<int>& targets,
                 const OcclusionSettings& settings) {
    const std::string method = "occlusion";
    check_batch_and_targets(method, model, inputs, targets);
    const Shape shape = shape_of(inputs);
    const std::size_t n = shape[0], size = row_size(shape);
    const std::vector<float> baseline = settings.baseline.row_for(method, shape);

    std::vector<std::vector<std::size_t>> patches;
    if (shape.size() == 2) {
        for (std::size_t j = 0; j < size; ++j) patches.push_back({j});
    } else if (shape.size() == 4) {
        const std::size_t channels = shape[1], h = shape[2], w = shape[3];
        if (settings.patch == 0 || settings.stride == 0 || settings.patch > std::min(h, w))
            throw Error("occlusion: settings.patch must lie in 1.." + std::to_string(std::min(h, w)) +
                        " and settings.stride be at least 1; got patch " + std::to_string(settings.patch) +
                        ", stride " + std::to_string(settings.stride));
        for (std::size_t oy : patch_offsets(h, settings.patch, settings.stride))
            for (std::size_t ox : patch_offsets(w, settings.patch, settings.stride)) {
                std::vector<std::size_t> elements;
                for (std::size_t c = 0; c < channels; ++c)
                    for (std::size_t y = oy; y < oy + settings.patch; ++y)
                        for (std::size_t x = ox; x < ox + settings.patch; ++x) elements.push_back((c * h + y) * w + x);
                patches.push_back(std::move(elements));
            }
    } else {
        throw_shape_error(method, "inputs must be a table (N, d) or images (N, C, H, W)", shape);
    }

    const Tensor fx = predict_logits(model, inputs);
    const std::size_t classes = fx.shape()[1], p_count = patches.size();
    const std::vector<float> occluded = target_logits_of_generated_rows(
        model, Shape(shape.begin() + 1, shape.end()), n * p_count,
        [&](std::size_t first, std::size_t count, float* dst) {
            for (std::size_t r = first; r < first + count; ++r, dst += size) {
                const float* x = inputs.data() + (r / p_count) * size;
                std::copy(x, x + size, dst);
                for (std::size_t e : patches[r % p_count]) dst[e] = baseline[e];
            }
        },
        [&](std::size_t r) { return targets[r / p_count]; }, method);

    Tensor attributions = Tensor::from_shape(shape);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
        std::vector<double> total(size, 0.0), covered(size, 0.0);
        const double f = fx.data()[i * classes + targets[i]];
        for (std::size_t p = 0; p < p_count; ++p) {
            const double drop = f - occluded[i * p_count + p];
            for (std::size_t e : patches[p]) {
                total[e] += drop;
                covered[e] += 1.0;
            }
        }
        for (std::size_t e = 0; e < size; ++e)
            attributions.data()[i * size + e] = static_cast<float>(total[e] / covered[e]);
    }
    return attributions;
}

}  // namespace agop
