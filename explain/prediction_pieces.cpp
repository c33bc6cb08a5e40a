#include "explain/prediction_pieces.hpp"

#include <cstring>

#include "attribution/batch_rows.hpp"
#include "autodiff/threads.hpp"
#include "explain/explanation_stream.hpp"

namespace agop {

namespace {

template <class T>
std::vector<T> slice(const std::vector<T>& v, std::size_t first, std::size_t count) {
    return v.empty() ? v : std::vector<T>(v.begin() + first, v.begin() + first + count);
}

template <class T>
void drop_front(std::vector<T>& v, std::size_t count) {
    if (!v.empty()) v.erase(v.begin(), v.begin() + count);
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

PredictionPieces::PredictionPieces(const ExplainedModel& logits, bool regression, std::size_t total_rows)
    : logits_(logits),
      regression_(regression),
      threads_(thread_count()),
      pieces_(row_pieces(total_rows, logits.max_batch_rows, thread_count())) {}

Predictions PredictionPieces::predict_piece(const Tensor& inputs) const {
    if (pieces_.size() == 1 || threads_ == 1) return predict(logits_, inputs, regression_);
    Predictions p;
    run_as_one_thread([&] { p = predict(logits_, inputs, regression_); });
    return p;
}

void PredictionPieces::add(StreamedBlock block, const std::function<void(StreamedBlock&)>& ready) {
    waiting_.push_back(std::move(block));
    const StreamedBlock& last = waiting_.back();
    const std::size_t covered = last.first_row + last.rows.inputs.shape()[0];
    while (next_piece_ < pieces_.size() && pieces_[next_piece_].begin + pieces_[next_piece_].count <= covered) {
        const RowPiece& piece = pieces_[next_piece_++];
        const Shape shape = shape_of(last.rows.inputs);
        const std::size_t size = row_size(shape);
        Tensor inputs = Tensor::from_shape(with_rows(shape, piece.count));
        for (const StreamedBlock& b : waiting_) {
            const std::size_t n = b.rows.inputs.shape()[0];
            const std::size_t from = std::max(b.first_row, piece.begin);
            const std::size_t to = std::min(b.first_row + n, piece.begin + piece.count);
            if (from < to)
                std::memcpy(inputs.data() + (from - piece.begin) * size,
                            b.rows.inputs.data() + (from - b.first_row) * size, (to - from) * size * sizeof(float));
        }
        const Predictions p = predict_piece(inputs);
        append(predicted_.predicted_class, p.predicted_class);
        append(predicted_.probability, p.probability);
        append(predicted_.predicted_value, p.predicted_value);
    }
    const std::size_t predicted_end = next_piece_ == 0 ? 0 : pieces_[next_piece_ - 1].begin + pieces_[next_piece_ - 1].count;
    while (!waiting_.empty() && waiting_.front().first_row + waiting_.front().rows.inputs.shape()[0] <= predicted_end) {
        StreamedBlock& b = waiting_.front();
        const std::size_t n = b.rows.inputs.shape()[0], at = b.first_row - predicted_first_;
        b.results.predictions = {slice(predicted_.predicted_class, at, n), slice(predicted_.probability, at, n),
                                 slice(predicted_.predicted_value, at, n)};
        ready(b);
        waiting_.pop_front();
    }
    // Rows before the first waiting block are handed on: drop their predictions.
    const std::size_t keep_from = waiting_.empty() ? predicted_end : waiting_.front().first_row;
    const std::size_t handed = keep_from - predicted_first_;
    drop_front(predicted_.predicted_class, handed);
    drop_front(predicted_.probability, handed);
    drop_front(predicted_.predicted_value, handed);
    predicted_first_ = keep_from;
}

}  // namespace agop
