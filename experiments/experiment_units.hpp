#pragma once
// One experiment of `agop reproduce` as a list of independent units plus an assembly step.
//
// `agop reproduce WHICH --shard i/n` runs some units in one process and writes each unit's
// result to a file; `--merge` reads the units of every part back and assembles them. An
// unsharded run goes through exactly the same path (run every unit, round-trip each result
// through JSON text, assemble), which is what makes merged and unsharded reports bit-identical.
//
// Rules for an experiment's units:
//   - unit_ids are in a canonical order that depends only on the options, and are stable,
//     readable names ("tabular/linear/seed-2", "tabular-roar/adult/seed-0", "images/all").
//   - run_unit(id) depends only on the options and the id (never on which other units ran in
//     the same process), and throws agop::Error for an id not in unit_ids.
//   - A UnitResult holds everything assemble() needs from its unit: numbers, text, tensors as
//     arrays (tensor_to_json). Doubles round-trip exactly through nlohmann's dump/parse (it
//     prints the shortest text that reads back to the same double); NaN and infinities do not
//     (they dump as null), so store them as text or leave them out.
//   - assemble(units) gets every unit id of unit_ids exactly once (the merge checks that) and
//     returns the ExperimentResult; it must not read clocks: wall times come from the units.
//     With options.timings false it writes every wall-clock cell as timing_cell(...) does
//     ("not measured") and marks timing claims as not checked (Claim::checked = false).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "autodiff/tensor.hpp"
#include "experiments/experiment_result.hpp"

namespace agop {

// Everything assemble() needs from one unit.
using UnitResult = nlohmann::json;

struct ExperimentUnits {
    std::string experiment;             // "tabular", "tabular-roar", "images"
    std::vector<std::string> unit_ids;  // canonical order
    std::function<UnitResult(const std::string& unit_id)> run_unit;
    std::function<ExperimentResult(const std::map<std::string, UnitResult>& units)> assemble;
};

ExperimentUnits tabular_experiment_units(const ReproduceOptions& options);
ExperimentUnits roar_experiment_units(const ReproduceOptions& options);
ExperimentUnits image_experiment_units(const ReproduceOptions& options);

// Runs the units `ids` (each of units.unit_ids) in the order given, with a progress line on
// stderr unless `quiet`, and returns each result as a merge reads it back from its file
// (through dump() and parse()).
std::map<std::string, UnitResult> run_units(const ExperimentUnits& units, const std::vector<std::string>& ids,
                                            bool quiet);

// One unit to run: the experiment it belongs to and its id.
struct UnitTask {
    const ExperimentUnits* experiment = nullptr;
    std::string id;
};

// What one unit took: wall seconds, and CPU seconds (user + system) of the thread that ran it
// when units run side by side, of the whole process otherwise.
struct UnitTime {
    double wall_seconds = 0.0;
    double cpu_seconds = 0.0;
};

struct UnitRuns {
    std::map<std::string, UnitResult> results;  // by unit id, each through dump() and parse()
    std::map<std::string, UnitTime> times;
};

// CPU seconds (user + system) used so far by the calling thread, or by the whole process.
double cpu_seconds_used(bool this_thread_only);

// Runs every task. side_by_side = 1: one after another on the calling thread with the thread
// count in force. side_by_side = k > 1: k worker threads take the tasks in the order given (put
// the longest first), each unit on one thread (OpenMP and OpenBLAS at 1 thread), so that its
// result has the bits of a one-thread run whichever units ran beside it; the thread count in
// force is restored at the end. The first unit that throws stops the others from starting, and
// its error is rethrown once the running units end. One progress line, `label`, unless `quiet`.
UnitRuns run_unit_tasks(const std::vector<UnitTask>& tasks, std::size_t side_by_side, const std::string& label,
                        bool quiet);

// run_units over every unit in canonical order, then assemble: what run_tabular_experiment etc. do.
ExperimentResult run_every_unit(const ExperimentUnits& units, bool quiet);

// A wall-clock cell: the number (with its interval) when options.timings, else the text
// "not measured", so that two runs of the same settings compare byte for byte.
Cell timing_cell(const ReproduceOptions& options, double mean, double half_width, int decimals);
extern const char* const not_measured_text;  // "not measured"

// A tensor as {"shape": [...], "values": [...]} (row-major doubles) and back. Throws
// agop::Error naming `what` when the JSON is not such an object or its sizes disagree.
nlohmann::json tensor_to_json(const Tensor& tensor);
Tensor tensor_from_json(const nlohmann::json& json, const std::string& what);

}  // namespace agop
