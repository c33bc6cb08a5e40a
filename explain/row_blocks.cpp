#include "explain/row_blocks.hpp"

#include <algorithm>
#include <cstring>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"

namespace agop {

std::size_t row_block_size(std::size_t total_rows) {
    return std::clamp<std::size_t>((total_rows + 255) / 256, 1, 1024);
}

Tensor explain_block(const std::string& name, const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
                     MethodSettings settings, std::size_t first_row) {
    settings.smoothgrad.first_row = settings.kernelshap.first_row = settings.lime.first_row =
        settings.random.first_row = first_row;
    return explain(name, model, inputs, targets, settings);
}

Targets block_targets(const Targets& targets, std::size_t first, std::size_t count) {
    if (targets.is_predicted()) return Targets::predicted();
    return Targets::classes({targets.given().begin() + first, targets.given().begin() + first + count});
}

Tensor explain_rows_in_blocks(const std::string& name, const ExplainedModel& model, const Tensor& inputs,
                              const Targets& targets, const MethodSettings& settings, const RowRange& rows,
                              const std::function<void(std::size_t rows_done)>& after_block) {
    const std::size_t total = inputs.shape()[0], block = row_block_size(total);
    if (rows.first % block != 0 || rows.first + rows.count > total)
        throw Error("explain: rows " + std::to_string(rows.first) + "+" + std::to_string(rows.count) +
                    " are not whole blocks of " + std::to_string(total) + " rows");
    if (!targets.is_predicted() && targets.given().size() != total)
        throw Error("--targets: " + std::to_string(targets.given().size()) + " classes for " + std::to_string(total) +
                    " samples; expected one class per sample");
    Tensor attributions = Tensor::from_shape(with_rows(shape_of(inputs), rows.count));
    const std::size_t size = row_size(shape_of(inputs));
    for (std::size_t first = rows.first; first < rows.first + rows.count; first += block) {
        const std::size_t count = std::min(block, rows.first + rows.count - first);
        const Tensor part = explain_block(name, model, take_rows(inputs, first, count),
                                          block_targets(targets, first, count), settings, first);
        std::memcpy(attributions.data() + (first - rows.first) * size, part.data(), part.size() * sizeof(float));
        if (after_block) after_block(first + count - rows.first);
    }
    return attributions;
}

}  // namespace agop
