#include "explain/explanation_stream.hpp"

#include <algorithm>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "explain/prediction_pieces.hpp"

namespace agop {

namespace {

// The base value of each output, computed once: it depends on the output, not on the row.
class BaseValueTable {
  public:
    BaseValueTable(const StreamPlan& plan, const Shape& shape) : plan_(plan), shape_(shape) {}
    BaseValues of(const std::vector<int>& outputs) {
        if (!table_) {
            const std::size_t classes = predict_logits(plan_.models->logits, take_rows_shape()).shape()[1];
            std::vector<int> all(classes);
            for (std::size_t k = 0; k < classes; ++k) all[k] = static_cast<int>(k);
            table_ = method_base_values(*plan_.prepared->method, plan_.models->explained, shape_, all,
                                        plan_.prepared->settings);
        }
        BaseValues values{{}, table_->meaning};
        for (int k : outputs) values.values.push_back(table_->values.at(static_cast<std::size_t>(k)));
        return values;
    }

  private:
    // One row of zeros of the inputs' shape: enough to count the model's outputs.
    Tensor take_rows_shape() const { return Tensor::from_shape(with_rows(shape_, 1)); }
    const StreamPlan& plan_;
    Shape shape_;
    std::optional<BaseValues> table_;
};

RowBlock take_block(const RowBlock& step, std::size_t first, std::size_t count) {
    RowBlock block{take_rows(step.inputs, first, count), std::nullopt};
    if (!step.raw) return block;
    EncodedRows raw;
    const auto slice = [&](const auto& v) {
        return std::decay_t<decltype(v)>(v.begin() + first, v.begin() + first + count);
    };
    raw.lines = slice(step.raw->lines);
    raw.cells = slice(step.raw->cells);
    if (!step.raw->targets.empty()) raw.targets = slice(step.raw->targets);
    if (!step.raw->imputed.empty()) raw.imputed = slice(step.raw->imputed);
    block.raw = std::move(raw);
    return block;
}

}  // namespace

std::size_t stream_step_rows(std::size_t grid_block, std::size_t requested) {
    const std::size_t rows = requested == 0 ? 8192 : requested;
    return std::max<std::size_t>(1, (rows + grid_block - 1) / grid_block) * grid_block;
}

void stream_explanation(RowSource& source, const StreamPlan& plan, const std::function<void(StreamedBlock&)>& sink) {
    const Shape shape = source.shape();
    const std::size_t total = shape[0], grid = row_block_size(total), end = plan.rows.first + plan.rows.count;
    if (plan.rows.first % grid != 0 || end > total)
        throw Error("explain: rows " + std::to_string(plan.rows.first) + "+" + std::to_string(plan.rows.count) +
                    " are not whole blocks of " + std::to_string(total) + " rows");
    const Targets& targets = *plan.targets;
    if (!targets.is_predicted() && targets.given().size() != total)
        throw Error("--targets: " + std::to_string(targets.given().size()) + " classes for " + std::to_string(total) +
                    " samples; expected one class per sample");
    const std::size_t step = stream_step_rows(grid, plan.step_rows);
    if (plan.results && (plan.rows.first != 0 || plan.rows.count != total))
        throw Error("explain: predictions are made for all rows, not for a range");
    BaseValueTable base_values(plan, shape);
    PredictionPieces pieces(plan.models->logits, plan.regression, plan.results ? total : 0);
    source.skip(plan.rows.first);
    for (std::size_t at = plan.rows.first; at < end; at += step) {
        const RowBlock rows = source.next(std::min(step, end - at));
        const std::size_t got = rows.inputs.dimension() == 0 ? 0 : rows.inputs.shape()[0];
        if (got != std::min(step, end - at))
            throw Error("the input ended after " + std::to_string(at + got) + " of the " + std::to_string(total) +
                        " rows counted at the start (was it changed while being read?)");
        for (std::size_t first = 0; first < got; first += grid) {
            const std::size_t count = std::min(grid, got - first);
            StreamedBlock block{at + first, take_block(rows, first, count), Tensor::from_shape({0}), {}};
            block.attributions =
                plan.attributions ? plan.attributions(block.first_row, block.rows.inputs)
                                  : explain_block(plan.prepared->method->name, plan.models->explained,
                                                  block.rows.inputs, block_targets(targets, block.first_row, count),
                                                  plan.prepared->settings, block.first_row);
            if (plan.results)
                pieces.add(std::move(block), [&](StreamedBlock& b) {
                    const std::size_t n = b.attributions.shape()[0];
                    const Targets given = block_targets(targets, b.first_row, n);
                    b.results.explained_output =
                        given.is_predicted() ? b.results.predictions.predicted_class : given.given();
                    b.results.base_values = base_values.of(b.results.explained_output);
                    sink(b);
                });
            else
                sink(block);
        }
    }
    if (!pieces.empty()) throw Error("explain: rows were left without predictions");
}

}  // namespace agop
