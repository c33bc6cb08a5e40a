#include "experiments/experiment_units.hpp"

#include <cstdint>
#include <limits>

#include "autodiff/error.hpp"
#include "experiments/progress.hpp"

namespace agop {

const char* const not_measured_text = "not measured";

std::map<std::string, UnitResult> run_units(const ExperimentUnits& units, const std::vector<std::string>& ids,
                                            bool quiet) {
    Progress progress(units.experiment + ": units", ids.size(), quiet);
    std::map<std::string, UnitResult> results;
    for (const std::string& id : ids) {
        // The text round trip is what a merge does when it reads a unit file back.
        results[id] = UnitResult::parse(units.run_unit(id).dump());
        progress.advance(id);
    }
    progress.finish();
    return results;
}

ExperimentResult run_every_unit(const ExperimentUnits& units, bool quiet) {
    return units.assemble(run_units(units, units.unit_ids, quiet));
}

Cell timing_cell(const ReproduceOptions& options, double mean, double half_width, int decimals) {
    if (!options.timings) return Cell::of_text(not_measured_text);
    return Cell::of_interval(mean, half_width, decimals);
}

nlohmann::json tensor_to_json(const Tensor& tensor) {
    nlohmann::json values = nlohmann::json::array();
    for (const float v : tensor) values.push_back(static_cast<double>(v));
    return {{"shape", tensor.shape()}, {"values", values}};
}

Tensor tensor_from_json(const nlohmann::json& json, const std::string& what) {
    const auto bad = [&](const std::string& why) {
        return Error(what + ": expected a tensor {shape, values}; " + why);
    };
    if (!json.is_object() || !json.contains("shape") || !json.contains("values") || !json["shape"].is_array() ||
        !json["values"].is_array())
        throw bad("got " + std::string(json.type_name()));
    std::vector<std::size_t> shape;
    std::size_t count = 1;
    for (const nlohmann::json& extent : json["shape"]) {
        if (!extent.is_number_integer() || extent.get<std::int64_t>() < 0)
            throw bad("a shape entry is not a whole number");
        const auto n = extent.get<std::size_t>();
        if (n != 0 && count > std::numeric_limits<std::size_t>::max() / n) throw bad("the shape overflows");
        count *= n;
        shape.push_back(n);
    }
    if (json["values"].size() != count)
        throw bad("shape holds " + std::to_string(count) + " values, got " + std::to_string(json["values"].size()));
    Tensor tensor = Tensor::from_shape(shape);
    std::size_t k = 0;
    for (const nlohmann::json& v : json["values"]) {
        if (!v.is_number()) throw bad("value " + std::to_string(k) + " is not a number");
        tensor.data()[k++] = static_cast<float>(v.get<double>());
    }
    return tensor;
}

}  // namespace agop
