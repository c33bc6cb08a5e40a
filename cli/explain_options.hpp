#pragma once
// The options of `agop explain`, shared by the command, its parts (--shard) and `agop merge`,
// which rebuilds them from the parts' part.json; and the one table that names them all:
// {flag, part.json key, field, range}. The command line adds its flags from the table, the
// parts write and read their options through it, and check_explain_options checks a whole set
// against it whichever way it came. A new option is one row of the table (and its field).

#include <cstddef>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cli/common_options.hpp"
#include "cli/image_inputs.hpp"
#include "cli/model_source.hpp"
#include "data/explanation_files.hpp"
#include "explain/explain_settings.hpp"

namespace agop::cli {

struct ExplainOptions {
    CommonOptions common;
    bool list = false;
    std::string checkpoint, inputs, targets, background, csv;
    ExplainSettings settings;  // the method and what it reads
    bool per_column = false, figures = false;
    std::size_t figure_rows = 20;
    std::size_t figure_sample = 10000;      // rows drawn in the scatter figure (a seeded sample beyond)
    std::size_t block_rows = 0;             // rows read and written per step (0: about 8192); changes no output
    std::string shard;                      // --shard i/n (empty: all rows)
    std::vector<std::string> merged_parts;  // agop merge: the part folders read (inputs --force keeps)
    ModelSourceOptions source;
    ImageInputOptions images;
};

static_assert(std::is_same_v<std::uint64_t, std::size_t>, "the seed and the counts share one field kind");
using OptionField = std::variant<std::string*, std::size_t*, double*, bool*>;

// What values an option takes.
struct OptionRange {
    enum Kind { any, whole, real, choice, file } kind = any;
    double low = 0, high = 0;
    bool low_open = false;             // real: (low, high] rather than [low, high]
    std::vector<std::string> choices;  // choice
};

struct ExplainOption {
    const char* flag;  // "--ig-steps"
    const char* key;   // "ig_steps" in part.json
    OptionField (*field)(ExplainOptions&);
    OptionRange range;
    const char* help;                  // nullptr: the flag is added with its group (common, model source, image inputs)
    const char* record;                // its name in the explanation file's settings; nullptr: not recorded
    std::vector<std::string> methods;  // the methods that read it (their settings record it)
};

// Every option that changes what `agop explain` writes, in the order of its help text.
const std::vector<ExplainOption>& explain_option_table();

// Adds every table option that has help text to `command`, with its range as CLI11 check.
void add_explain_table_options(CLI::App* command, ExplainOptions& options);

// Throws Error unless every option of `options` lies in its range. `source` empty: the
// message names the flag ("--ig-steps 1: expected ..."); else the file and key
// ("DIR/part.json: option ig_steps is 1; expected ...").
void check_explain_options(const ExplainOptions& options, const std::string& source = "");

// The settings the method read, for the explanation file: model_output, seed, the recorded
// options of the method, KernelSHAP's players, the background.
std::vector<std::pair<std::string, SettingValue>> recorded_settings(const ExplainOptions& options,
                                                                    const std::string& model_output);

}  // namespace agop::cli
