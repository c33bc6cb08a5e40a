#pragma once
// The files of an unsharded explanation (or a merge), written a block of rows at a time into
// the run's staging folder (cli/run_directory.hpp renames it into place when every file is
// complete, so a failure leaves no partial output):
//   attributions_<method>.npy   the header of all N rows first, then each block's rows;
//   predictions_<method>.csv    appended per block;
//   for raw CSV rows, attributions_<method>.csv appended per block, explanation_<method>.json
//   from its per-row lists gathered in side files of the staging folder (joined at the end),
//   and with figures the figures of explain/tabular_figures.hpp from bounded samples.
// The bytes are those of the files written from all rows at once.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/npy_blocks.hpp"
#include "explain/explanation_stream.hpp"
#include "explain/tabular_figures.hpp"

namespace agop {

struct OutputPlan {
    std::filesystem::path dir;  // the staging folder
    std::string method;
    Shape shape;                           // (N, ...) of the attributions
    std::vector<std::string> class_names;  // for the predictions file; empty: class indices
    bool regression = false;
    std::optional<TabularExplanation> tabular;  // raw CSV rows: tabular_explanation_fields
    bool per_column = false;
    bool figures = false;
    std::size_t figure_rows = 20;       // per-row bar figures
    std::size_t figure_sample = 10000;  // rows in the scatter
    std::uint64_t seed = 0;             // of the scatter's sample
};

class StreamedOutputs {
  public:
    explicit StreamedOutputs(OutputPlan plan);
    // The next block, in row order.
    void add(const StreamedBlock& block);
    // Completes every file; returns their paths. Error unless all N rows were added.
    std::vector<std::filesystem::path> finish();

  private:
    void add_tabular(const StreamedBlock& block);
    std::filesystem::path list_path(std::size_t list) const;

    OutputPlan plan_;
    std::filesystem::path npy_path_, predictions_path_, csv_path_, json_path_;
    NpyBlockWriter npy_;
    std::ofstream predictions_, csv_;
    std::vector<std::ofstream> json_lists_;
    std::optional<TabularExplanation> json_fields_;  // the first block's (imputing or not)
    std::optional<FigureRows> figure_rows_;
    std::size_t rows_ = 0;
};

}  // namespace agop
