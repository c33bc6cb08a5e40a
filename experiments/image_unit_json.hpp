#pragma once
// One unit result of the image experiment (experiments/image_experiment.hpp) as JSON, and back,
// losslessly: a sharded `agop reproduce` writes a unit's result in one process and assembles the
// report from it in another, and that report must be bit-identical to an unsharded run's.
//
//   doubles        number_to_json (experiments/result_json.hpp): the shortest text that reads
//                  back to the same double; NaN and ±inf as "nan", "inf", "-inf"
//   heat maps      heatmap_grid_to_json: each float32 exact as a double
//   enums          their command-line words ("lin", "white", "post-hoc")
//
// image_unit_from_json throws agop::Error naming the field (its path from the unit's root) that
// is missing or of the wrong type, so a damaged or foreign unit file is refused, never misread.

#include <nlohmann/json.hpp>

#include "experiments/image_experiment.hpp"

namespace agop {

nlohmann::json image_unit_to_json(const ImageUnitResult& unit);
ImageUnitResult image_unit_from_json(const nlohmann::json& json);

}  // namespace agop
