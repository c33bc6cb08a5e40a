#include "experiments/experiment_units.hpp"

#include <omp.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "autodiff/error.hpp"
#include "autodiff/threads.hpp"
#include "experiments/progress.hpp"

namespace agop {

const char* const not_measured_text = "not measured";

namespace {

// Runs one unit, its result through the text round trip a merge does when it reads a unit file.
std::pair<UnitResult, UnitTime> run_timed(const UnitTask& task, bool this_thread_only) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds_used(this_thread_only);
    UnitResult result = UnitResult::parse(task.experiment->run_unit(task.id).dump());
    const UnitTime time{seconds_since(start), cpu_seconds_used(this_thread_only) - cpu_start};
    return {std::move(result), time};
}

// Sets OpenBLAS (process-wide) and this thread's OpenMP to one thread for its lifetime; worker
// threads set their own OpenMP count (omp_set_num_threads is per thread).
class OneThreadPerUnit {
  public:
    OneThreadPerUnit() : previous_(thread_count()) { set_threads(1); }
    ~OneThreadPerUnit() { set_threads(previous_); }
    OneThreadPerUnit(const OneThreadPerUnit&) = delete;
    OneThreadPerUnit& operator=(const OneThreadPerUnit&) = delete;

  private:
    int previous_;
};

}  // namespace

double cpu_seconds_used(bool this_thread_only) {
    rusage usage{};
    getrusage(this_thread_only ? RUSAGE_THREAD : RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * t.tv_usec; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::map<std::string, UnitResult> run_units(const ExperimentUnits& units, const std::vector<std::string>& ids,
                                            bool quiet) {
    std::vector<UnitTask> tasks;
    for (const std::string& id : ids) tasks.push_back({&units, id});
    return run_unit_tasks(tasks, 1, units.experiment + ": units", quiet).results;
}

UnitRuns run_unit_tasks(const std::vector<UnitTask>& tasks, std::size_t side_by_side, const std::string& label,
                        bool quiet) {
    Progress progress(label, tasks.size(), quiet);
    UnitRuns runs;
    if (side_by_side <= 1) {
        for (const UnitTask& task : tasks) {
            auto [result, time] = run_timed(task, false);
            runs.results[task.id] = std::move(result);
            runs.times[task.id] = time;
            progress.advance(task.id);
        }
        progress.finish();
        return runs;
    }
    const OneThreadPerUnit one_thread;
    std::mutex mutex;  // guards runs, progress and error
    std::exception_ptr error;
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        omp_set_num_threads(1);
        for (std::size_t k = next++; k < tasks.size(); k = next++) {
            {
                const std::lock_guard<std::mutex> lock(mutex);
                if (error) return;
            }
            try {
                auto [result, time] = run_timed(tasks[k], true);
                const std::lock_guard<std::mutex> lock(mutex);
                runs.results[tasks[k].id] = std::move(result);
                runs.times[tasks[k].id] = time;
                progress.advance(tasks[k].id);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (!error) error = std::current_exception();
                return;
            }
        }
    };
    std::vector<std::thread> workers;
    for (std::size_t w = 0; w < std::min(side_by_side, tasks.size()); ++w) workers.emplace_back(work);
    for (std::thread& worker : workers) worker.join();
    if (error) std::rethrow_exception(error);
    progress.finish();
    return runs;
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
