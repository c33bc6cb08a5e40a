#pragma once
// The parts of an ExperimentResult as JSON and back, exactly: what a unit of
// `agop reproduce --shard` stores when its assembly needs finished tables or figures. Doubles
// round-trip bit for bit (nlohmann prints the shortest text that reads back the same); NaN and
// infinities, which JSON lacks, are written as the strings "nan", "inf", "-inf".
//
// The *_from_json functions throw agop::Error naming `what` when a field is missing or has the
// wrong type.

#include <string>

#include <nlohmann/json.hpp>

#include "experiments/experiment_result.hpp"

namespace agop {

nlohmann::json number_to_json(double value);
double number_from_json(const nlohmann::json& json, const std::string& what);

nlohmann::json table_to_json(const Table& table);
Table table_from_json(const nlohmann::json& json, const std::string& what);

nlohmann::json line_chart_to_json(const LineChart& chart);
LineChart line_chart_from_json(const nlohmann::json& json, const std::string& what);

nlohmann::json heatmap_grid_to_json(const HeatmapGrid& grid);
HeatmapGrid heatmap_grid_from_json(const nlohmann::json& json, const std::string& what);

nlohmann::json claim_to_json(const Claim& claim);
Claim claim_from_json(const nlohmann::json& json, const std::string& what);

nlohmann::json experiment_result_to_json(const ExperimentResult& result);
ExperimentResult experiment_result_from_json(const nlohmann::json& json, const std::string& what);

}  // namespace agop
