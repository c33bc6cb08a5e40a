// TEMPORARY (issue 14): the image experiment as a single unit "images/all" that wraps
// run_image_experiment, until shard-images splits it into scenario x background x seed units
// against experiment_units.hpp. This file is then deleted, and its image_experiment_units is
// replaced by theirs.

#include "autodiff/error.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/result_json.hpp"

namespace agop {

namespace {

const char* const whole_unit = "images/all";

// --no-timings: the wall-clock values of the image experiment are the "seconds" column of the
// AGOP-estimate study and the message on the hook's overhead; the stage times in
// result.seconds are dropped by the report writer.
void drop_timings(ExperimentResult& result) {
    for (Table& table : result.tables)
        for (std::size_t column = 0; column < table.columns.size(); ++column)
            if (table.columns[column] == "seconds")
                for (auto& row : table.rows) row[column] = Cell::of_text(not_measured_text);
    const std::string hook_overhead = "XAI-TRIS AGOP hook (";
    for (std::string& message : result.messages)
        if (message.rfind(hook_overhead, 0) == 0)
            message = "XAI-TRIS AGOP hook overhead: " + std::string(not_measured_text) + " (--no-timings)";
}

}  // namespace

ExperimentUnits image_experiment_units(const ReproduceOptions& options) {
    ExperimentUnits units;
    units.experiment = "images";
    units.unit_ids = {whole_unit};
    units.run_unit = [options](const std::string& id) {
        if (id != whole_unit) throw Error("images: no unit " + id + " (expected images/all)");
        return experiment_result_to_json(run_image_experiment(options));
    };
    units.assemble = [options](const std::map<std::string, UnitResult>& results) {
        ExperimentResult result = experiment_result_from_json(results.at(whole_unit), whole_unit);
        if (!options.timings) drop_timings(result);
        return result;
    };
    return units;
}

}  // namespace agop
