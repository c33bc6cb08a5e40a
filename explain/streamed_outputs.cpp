#include "explain/streamed_outputs.hpp"

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"
#include "explain/explanation_writers.hpp"

namespace agop {

namespace fs = std::filesystem;

namespace {

void write_checked(std::ofstream& out, const std::string& text, const fs::path& path) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw Error(path.string() + ": a write failed (disk full?)");
}

void close_checked(std::ofstream& out, const fs::path& path) {
    out.flush();
    out.close();
    if (!out) throw Error(path.string() + ": a write failed (disk full?)");
}

std::ofstream opened(const fs::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path.string() + ": cannot be written");
    return out;
}

}  // namespace

StreamedOutputs::StreamedOutputs(OutputPlan plan)
    : plan_(std::move(plan)),
      npy_path_(plan_.dir / ("attributions_" + plan_.method + ".npy")),
      predictions_path_(plan_.dir / ("predictions_" + plan_.method + ".csv")),
      csv_path_(plan_.dir / ("attributions_" + plan_.method + ".csv")),
      json_path_(plan_.dir / ("explanation_" + plan_.method + ".json")),
      npy_(npy_path_.string(), plan_.shape),
      predictions_(opened(predictions_path_)) {
    write_checked(predictions_, predictions_csv_header(plan_.regression), predictions_path_);
    if (plan_.tabular) csv_ = opened(csv_path_);
    if (plan_.tabular && plan_.figures)
        figure_rows_.emplace(plan_.shape[0], plan_.figure_rows, plan_.figure_sample, plan_.seed);
}

fs::path StreamedOutputs::list_path(std::size_t list) const {
    return plan_.dir / (".explanation_" + plan_.method + ".list" + std::to_string(list));
}

void StreamedOutputs::add(const StreamedBlock& block) {
    if (block.first_row != rows_)
        throw Error("explain: block at row " + std::to_string(block.first_row) + " out of order");
    npy_.append(block.attributions);
    write_checked(predictions_,
                  predictions_csv_rows(block.results.predictions, block.results.explained_output, plan_.class_names,
                                       block.first_row),
                  predictions_path_);
    if (plan_.tabular) add_tabular(block);
    rows_ += block.attributions.shape()[0];
}

void StreamedOutputs::add_tabular(const StreamedBlock& block) {
    if (!block.rows.raw) throw Error("explain: a tabular explanation needs raw rows");
    const TabularExplanation e = tabular_rows(*plan_.tabular, *block.rows.raw, block.results, block.attributions);
    const std::string header = attributions_csv_header(e, plan_.per_column);
    const std::string text = attributions_csv(e, plan_.per_column);
    write_checked(csv_, rows_ == 0 ? text : text.substr(header.size()), csv_path_);
    if (!json_fields_) {
        json_fields_ = e;
        for (std::size_t i = 0; i < explanation_json_row_lists(e); ++i) json_lists_.push_back(opened(list_path(i)));
    }
    const std::vector<std::string> lists = explanation_json_rows(e, rows_ == 0);
    for (std::size_t i = 0; i < lists.size(); ++i) write_checked(json_lists_[i], lists[i], list_path(i));
    if (figure_rows_) figure_rows_->add(e);
}

std::vector<fs::path> StreamedOutputs::finish() {
    if (rows_ != plan_.shape[0])
        throw Error("explain: " + std::to_string(rows_) + " rows written of " + std::to_string(plan_.shape[0]));
    npy_.close();
    close_checked(predictions_, predictions_path_);
    std::vector<fs::path> written{npy_path_, predictions_path_};
    if (!plan_.tabular) return written;
    close_checked(csv_, csv_path_);
    for (std::size_t i = 0; i < json_lists_.size(); ++i) close_checked(json_lists_[i], list_path(i));
    if (!json_fields_) throw Error("explain: a tabular explanation of no rows");
    write_file_atomically(json_path_, [&](std::ostream& out) {
        write_explanation_json(out, *json_fields_, [&](std::size_t list) {
            std::ifstream in(list_path(list), std::ios::binary);
            out << in.rdbuf();
            if (!in) throw Error(list_path(list).string() + ": cannot be read back");
        });
    });
    for (std::size_t i = 0; i < json_lists_.size(); ++i) fs::remove(list_path(i));
    written.insert(written.end(), {csv_path_, json_path_});
    if (figure_rows_)
        for (const auto& file : figure_rows_->write(plan_.dir)) written.push_back(file);
    return written;
}

}  // namespace agop
