#pragma once
// The report section of the image experiment's CLEVR run, the same for the procedural stand-in
// and the real CLEVR-XAI release: one function, parameterised by how the section names its data.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/summary.hpp"
#include "experiments/experiment_result.hpp"
#include "experiments/image_clevr_style.hpp"

namespace agop {

// Mean and 95% interval over the samples behind `s` (one value: the number alone).
Cell over_samples(const SampleMean& s);

// How a CLEVR section names its data: the stand-in's or the release's words.
struct ClevrNaming {
    std::string key;        // "clevr_style" or "clevr_xai": table id, prefix of stage seconds and settings
    std::string title;      // the table's title
    std::string scored;     // "test scenes", "test questions"
    std::string correctly;  // "classified", "answered"
    std::vector<std::string> data_notes;        // what the data is, before the shared notes
    std::string pretraining;                    // the sentence on pretraining, before "then fine-tuned"
    std::string data_setting, training_source;  // configuration: "<key>.data", pretext words in "<key>.training"
};

struct ClevrSection {
    Table table;                                               // id naming.key
    std::optional<HeatmapGrid> grid;                           // the run's grid, if any
    std::optional<std::map<std::string, double>> miou;         // per method; absent when nothing was scored
    std::map<std::string, std::vector<double>> pointing_game;  // per method, per scored sample (0/1)
    std::map<std::string, double> seconds;                     // "<key>.<stage>"
    std::map<std::string, std::string> configuration;          // "<key>.<setting>"
    std::vector<std::string> messages;
};

// The table, grid, stage seconds, configuration and messages of one CLEVR run.
ClevrSection clevr_section(const ClevrStyleRun& run, const ClevrNaming& naming, const ClevrStyleRunSizes& sizes);

// The procedural stand-in's naming.
ClevrNaming clevr_style_naming(const ClevrStyleRunSizes& sizes);

}  // namespace agop
