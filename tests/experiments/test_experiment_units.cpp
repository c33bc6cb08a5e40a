// The experiment-unit framework: tensors and unit results survive the JSON text round trip
// bit for bit, run_every_unit runs each unit once and assembles what a merge would read, and
// timing cells turn into "not measured" under --no-timings; units side by side run on one thread
// each and give the one-thread results.

#include <omp.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "autodiff/threads.hpp"
#include "experiments/experiment_units.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(experiment_units)

BOOST_AUTO_TEST_CASE(a_tensor_survives_the_json_text_round_trip_bit_for_bit) {
    Rng rng(7);
    Tensor tensor = Tensor::from_shape({3, 4, 5});
    for (float& v : tensor) v = static_cast<float>(rng.normal()) * 1e-3f;
    tensor(0, 0, 0) = std::numeric_limits<float>::denorm_min();
    tensor(0, 0, 1) = std::numeric_limits<float>::max();
    tensor(0, 0, 2) = -0.1f;
    const Tensor back = tensor_from_json(nlohmann::json::parse(tensor_to_json(tensor).dump()), "test");
    BOOST_TEST(back.shape() == tensor.shape(), boost::test_tools::per_element());
    BOOST_TEST(std::memcmp(back.data(), tensor.data(), tensor.size() * sizeof(float)) == 0);
}

BOOST_AUTO_TEST_CASE(a_tensor_whose_values_disagree_with_its_shape_is_refused_naming_what) {
    const nlohmann::json wrong{{"shape", {2, 3}}, {"values", {1.0, 2.0}}};
    BOOST_CHECK_EXCEPTION(tensor_from_json(wrong, "unit x: map"), Error, [](const Error& e) {
        return std::string(e.what()).find("unit x: map") != std::string::npos &&
               std::string(e.what()).find("6 values, got 2") != std::string::npos;
    });
    BOOST_CHECK_THROW(tensor_from_json(nlohmann::json{{"shape", {2}}, {"values", {1.0, "a"}}}, "t"), Error);
    BOOST_CHECK_THROW(tensor_from_json(nlohmann::json::array(), "t"), Error);
}

BOOST_AUTO_TEST_CASE(doubles_in_a_unit_result_round_trip_exactly_through_dump_and_parse) {
    Rng rng(3);
    for (int i = 0; i < 1000; ++i) {
        const double value = rng.normal() * std::pow(10.0, static_cast<int>(rng.uniform() * 40) - 20);
        const double back = UnitResult::parse(UnitResult{{"v", value}}.dump())["v"].get<double>();
        BOOST_TEST(std::memcmp(&back, &value, sizeof value) == 0);
    }
}

BOOST_AUTO_TEST_CASE(run_every_unit_runs_each_unit_once_in_order_and_assembles_them) {
    auto calls = std::make_shared<std::vector<std::string>>();
    ExperimentUnits units;
    units.experiment = "toy";
    units.unit_ids = {"toy/a", "toy/b", "toy/c"};
    units.run_unit = [calls](const std::string& id) {
        calls->push_back(id);
        return UnitResult{{"value", 0.1 * static_cast<double>(calls->size())}};
    };
    units.assemble = [](const std::map<std::string, UnitResult>& results) {
        ExperimentResult result;
        result.name = "toy";
        for (const auto& [id, unit] : results) result.seconds[id] = unit.at("value").get<double>();
        return result;
    };
    const ExperimentResult result = run_every_unit(units, true);
    BOOST_TEST(*calls == units.unit_ids, boost::test_tools::per_element());
    BOOST_TEST(result.seconds.at("toy/a") == 0.1);
    BOOST_TEST(result.seconds.at("toy/c") == 0.1 * 3.0);

    const auto some = run_units(units, {"toy/c"}, true);
    BOOST_TEST(some.size() == 1u);
    BOOST_TEST(some.count("toy/c") == 1u);
}

namespace {

// Units whose results are the number of OpenMP threads they saw, a product computed with
// OpenMP, and their id; "toy/bad" throws.
ExperimentUnits thread_reporting_units(std::size_t count) {
    ExperimentUnits units;
    units.experiment = "toy";
    for (std::size_t k = 0; k < count; ++k) units.unit_ids.push_back("toy/" + std::to_string(k));
    units.run_unit = [](const std::string& id) {
        if (id == "toy/bad") throw Error("toy/bad failed");
        double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
        for (int i = 0; i < 200000; ++i) sum += 1.0 / (1.0 + i);
        return UnitResult{{"threads", omp_get_max_threads()}, {"sum", sum}, {"id", id}};
    };
    return units;
}

}  // namespace

BOOST_AUTO_TEST_CASE(units_side_by_side_each_run_on_one_thread_and_give_every_result_once) {
    const ExperimentUnits units = thread_reporting_units(7);
    std::vector<UnitTask> tasks;
    for (const std::string& id : units.unit_ids) tasks.push_back({&units, id});
    set_threads(2);
    const UnitRuns together = run_unit_tasks(tasks, 3, "toy", true);
    BOOST_TEST(thread_count() == 2);  // restored
    set_threads(1);
    const UnitRuns alone = run_unit_tasks(tasks, 1, "toy", true);
    set_threads(2);
    BOOST_TEST(together.results.size() == 7u);
    for (const std::string& id : units.unit_ids) {
        BOOST_TEST_CONTEXT(id) {
            BOOST_TEST(together.results.at(id).at("threads") == 1);
            BOOST_TEST(together.results.at(id) == alone.results.at(id));
            BOOST_TEST(together.times.at(id).wall_seconds >= 0.0);
            BOOST_TEST(together.times.at(id).cpu_seconds >= 0.0);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_unit_that_fails_side_by_side_is_reported_after_the_others_end) {
    ExperimentUnits units = thread_reporting_units(4);
    units.unit_ids.push_back("toy/bad");
    std::vector<UnitTask> tasks;
    for (const std::string& id : units.unit_ids) tasks.push_back({&units, id});
    BOOST_CHECK_EXCEPTION(run_unit_tasks(tasks, 2, "toy", true), Error,
                          [](const Error& e) { return std::string(e.what()) == "toy/bad failed"; });
}

BOOST_AUTO_TEST_CASE(cpu_seconds_grow_with_work_on_this_thread) {
    const double thread_start = cpu_seconds_used(true), process_start = cpu_seconds_used(false);
    volatile double sink = 0.0;
    for (int i = 0; i < 20000000; ++i) sink = sink + 1.0 / (1.0 + i);
    const double thread_used = cpu_seconds_used(true) - thread_start;
    BOOST_TEST(thread_used > 0.0);
    BOOST_TEST(cpu_seconds_used(false) - process_start >= thread_used - 0.01);
}

BOOST_AUTO_TEST_CASE(timing_cells_read_not_measured_without_timings) {
    ReproduceOptions options;
    const Cell measured = timing_cell(options, 1.25, 0.5, 2);
    BOOST_TEST(measured.value == 1.25);
    BOOST_TEST(measured.half_width == 0.5);
    options.timings = false;
    const Cell unmeasured = timing_cell(options, 1.25, 0.5, 2);
    BOOST_TEST(std::isnan(unmeasured.value));
    BOOST_TEST(unmeasured.formatted() == "not measured");
}

BOOST_AUTO_TEST_SUITE_END()
