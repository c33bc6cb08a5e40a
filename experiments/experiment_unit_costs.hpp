#pragma once
// What one unit of `agop reproduce` costs, estimated before it runs: the seconds it takes on one
// thread, from unit times measured at the full sizes and scaled by the settings that change its
// work (samples, epochs, rows; --quick). Used to split units over parts longest first
// (`--shard i/n`) and to start the longest units first when units run side by side.
//
// The estimate depends only on the unit id and the options, never on the machine or on earlier
// runs, so that every process of a sharded run computes the same split.

#include <string>

#include "experiments/experiment_result.hpp"

namespace agop {

// Estimated seconds of `unit_id` at one thread. Throws agop::Error for an id that is no unit of
// `agop reproduce` (tabular/..., tabular-roar/..., images/...).
double estimated_unit_seconds(const std::string& unit_id, const ReproduceOptions& options);

}  // namespace agop
