#include "experiments/image_unit_json.hpp"

#include "autodiff/error.hpp"
#include "experiments/result_json.hpp"

namespace agop {

namespace {

using nlohmann::json;

// ---- writing ----

json numbers(const std::vector<double>& values) {
    json out = json::array();
    for (double v : values) out.push_back(number_to_json(v));
    return out;
}

json sample_mean(const SampleMean& s) {
    return {{"mean", number_to_json(s.mean)}, {"per_sample", numbers(s.per_sample)}};
}

json localisation(const LocalisationScores& s) {
    return {{"miou", sample_mean(s.miou)},
            {"pointing_game", sample_mean(s.pointing_game)},
            {"precision", sample_mean(s.precision)},
            {"emd", sample_mean(s.emd)},
            {"mass_accuracy", sample_mean(s.mass_accuracy)},
            {"rank_accuracy", sample_mean(s.rank_accuracy)}};
}

json scores_by_method(const std::map<std::string, LocalisationScores>& scores) {
    json out = json::object();
    for (const auto& [method, s] : scores) out[method] = localisation(s);
    return out;
}

json epochs_of(const std::vector<EpochQuality>& epochs) {
    json out = json::array();
    for (const auto& e : epochs)
        out.push_back({{"epoch", e.epoch},
                       {"validation_accuracy", number_to_json(e.validation_accuracy)},
                       {"global_miou", number_to_json(e.global_miou)},
                       {"global_precision", number_to_json(e.global_precision)}});
    return out;
}

json grid_of(const std::optional<HeatmapGrid>& grid) { return grid ? heatmap_grid_to_json(*grid) : json(nullptr); }

json no_truth_of(const NoTruthValues& values) {
    json out = json::object();
    for (const auto& [method, metrics] : values)
        for (const auto& [metric, value] : metrics) out[method][metric] = number_to_json(value);
    return out;
}

// The fields both image runs (XaiTrisRun, ClevrStyleRun) carry. The object's keys are sorted
// when written, so each run adds its own fields to these in any order.
template <class Run>
json shared_run_fields(const Run& run) {
    return {{"test_accuracy", number_to_json(run.test_accuracy)},
            {"explained", run.explained},
            {"agop_rows", run.agop_rows},
            {"scores", scores_by_method(run.scores)},
            {"grid", grid_of(run.grid)},
            {"hook_seconds", number_to_json(run.hook_seconds)},
            {"explain_seconds", number_to_json(run.explain_seconds)},
            {"metric_seconds", number_to_json(run.metric_seconds)}};
}

json xai_tris_run(const XaiTrisRun& run) {
    json study = json::array();
    for (const auto& s : run.estimate_study)
        study.push_back({{"estimate", agop_estimate_word(s.estimate)},
                         {"rows", s.rows},
                         {"seconds", number_to_json(s.seconds)},
                         {"weighted", localisation(s.weighted)},
                         {"global", localisation(s.global)},
                         {"epochs", epochs_of(s.epochs)}});
    json randomisation = nullptr;
    if (run.randomisation) {
        randomisation = json::object();
        for (const auto& [method, s] : *run.randomisation) randomisation[method] = sample_mean(s);
    }
    json out = shared_run_fields(run);
    out.update({{"scenario", xai_tris_scenario_name(run.scenario)},
                {"background", xai_tris_background_name(run.background)},
                {"scored_test_rows", run.scored_test_rows},
                {"best_epoch", run.best_epoch},
                {"epochs", epochs_of(run.epochs)},
                {"estimate_study", std::move(study)},
                {"randomisation", std::move(randomisation)},
                {"no_truth", no_truth_of(run.no_truth)},
                {"no_truth_seconds", number_to_json(run.no_truth_seconds)},
                {"train_seconds", number_to_json(run.train_seconds)}});
    return out;
}

json clevr_run(const ClevrStyleRun& run) {
    json out = shared_run_fields(run);
    out.update({{"pretext_validation_accuracy", number_to_json(run.pretext_validation_accuracy)},
                {"pretrain_seconds", number_to_json(run.pretrain_seconds)},
                {"finetune_seconds", number_to_json(run.finetune_seconds)}});
    return out;
}

json task_summary(const ClevrXaiTaskSummary& t) {
    return {{"directory", t.directory},
            {"questions", t.questions},
            {"shape_questions", t.shape_questions},
            {"questions_in_file", t.questions_in_file},
            {"images_read", t.images_read},
            {"side", t.side}};
}

// ---- reading: each function takes the value and its path from the unit's root ----

[[noreturn]] void refuse(const std::string& path, const std::string& what) {
    throw Error("image unit result: " + path + ": " + what);
}

const json& field(const json& j, const std::string& key, const std::string& path) {
    if (!j.is_object()) refuse(path, "expected an object");
    const auto it = j.find(key);
    if (it == j.end()) refuse(path, "missing field '" + key + "'");
    return *it;
}

double read_number(const json& j, const std::string& path) { return number_from_json(j, "image unit result: " + path); }

double number_at(const json& j, const std::string& key, const std::string& path) {
    return read_number(field(j, key, path), path + "." + key);
}

std::size_t count_at(const json& j, const std::string& key, const std::string& path) {
    const json& v = field(j, key, path);
    if (!v.is_number_unsigned()) refuse(path + "." + key, "expected a whole number >= 0");
    return v.get<std::size_t>();
}

// Element i of the array j, a whole number >= 0.
std::size_t count_at(const json& j, std::size_t i, const std::string& path) {
    if (!j.at(i).is_number_unsigned()) refuse(path + "[" + std::to_string(i) + "]", "expected a whole number >= 0");
    return j.at(i).get<std::size_t>();
}

std::string text_at(const json& j, const std::string& key, const std::string& path) {
    const json& v = field(j, key, path);
    if (!v.is_string()) refuse(path + "." + key, "expected a string");
    return v.get<std::string>();
}

const json& array_at(const json& j, const std::string& key, const std::string& path) {
    const json& v = field(j, key, path);
    if (!v.is_array()) refuse(path + "." + key, "expected an array");
    return v;
}

const json& object_at(const json& j, const std::string& key, const std::string& path) {
    const json& v = field(j, key, path);
    if (!v.is_object()) refuse(path + "." + key, "expected an object");
    return v;
}

// A word parsed by `parse` (which throws agop::Error for unknown words), named by its path.
template <class Parse>
auto word_at(const json& j, const std::string& key, const std::string& path, Parse parse) {
    const std::string word = text_at(j, key, path);
    try {
        return parse(word);
    } catch (const Error& e) {
        refuse(path + "." + key, e.what());
    }
}

SampleMean read_sample_mean(const json& j, const std::string& path) {
    SampleMean s;
    s.mean = number_at(j, "mean", path);
    for (const auto& v : array_at(j, "per_sample", path)) s.per_sample.push_back(read_number(v, path + ".per_sample"));
    return s;
}

LocalisationScores read_localisation(const json& j, const std::string& path) {
    LocalisationScores s;
    s.miou = read_sample_mean(field(j, "miou", path), path + ".miou");
    s.pointing_game = read_sample_mean(field(j, "pointing_game", path), path + ".pointing_game");
    s.precision = read_sample_mean(field(j, "precision", path), path + ".precision");
    s.emd = read_sample_mean(field(j, "emd", path), path + ".emd");
    s.mass_accuracy = read_sample_mean(field(j, "mass_accuracy", path), path + ".mass_accuracy");
    s.rank_accuracy = read_sample_mean(field(j, "rank_accuracy", path), path + ".rank_accuracy");
    return s;
}

std::map<std::string, LocalisationScores> read_scores(const json& j, const std::string& path) {
    std::map<std::string, LocalisationScores> out;
    for (const auto& [method, s] : object_at(j, "scores", path).items())
        out[method] = read_localisation(s, path + ".scores." + method);
    return out;
}

std::vector<EpochQuality> read_epochs(const json& j, const std::string& path) {
    std::vector<EpochQuality> out;
    const json& epochs = array_at(j, "epochs", path);
    for (std::size_t i = 0; i < epochs.size(); ++i) {
        const std::string at = path + ".epochs[" + std::to_string(i) + "]";
        out.push_back({count_at(epochs[i], "epoch", at), number_at(epochs[i], "validation_accuracy", at),
                       number_at(epochs[i], "global_miou", at), number_at(epochs[i], "global_precision", at)});
    }
    return out;
}

std::optional<HeatmapGrid> read_grid(const json& j, const std::string& path) {
    const json& grid = field(j, "grid", path);
    if (grid.is_null()) return std::nullopt;
    return heatmap_grid_from_json(grid, "image unit result: " + path + ".grid");
}

// Reads the fields of shared_run_fields into `run`.
template <class Run>
void read_shared_run_fields(const json& j, const std::string& path, Run& run) {
    run.test_accuracy = number_at(j, "test_accuracy", path);
    run.explained = count_at(j, "explained", path);
    run.agop_rows = count_at(j, "agop_rows", path);
    run.scores = read_scores(j, path);
    run.grid = read_grid(j, path);
    run.hook_seconds = number_at(j, "hook_seconds", path);
    run.explain_seconds = number_at(j, "explain_seconds", path);
    run.metric_seconds = number_at(j, "metric_seconds", path);
}

XaiTrisRun read_xai_tris_run(const json& j, const std::string& path) {
    XaiTrisRun run;
    run.scenario = word_at(j, "scenario", path, parse_xai_tris_scenario);
    run.background = word_at(j, "background", path, parse_xai_tris_background);
    read_shared_run_fields(j, path, run);
    const json& scored = array_at(j, "scored_test_rows", path);
    for (std::size_t i = 0; i < scored.size(); ++i)
        run.scored_test_rows.push_back(count_at(scored, i, path + ".scored_test_rows"));
    if (run.scored_test_rows.size() != run.explained)
        refuse(path + ".scored_test_rows", "expected one row per explained sample");
    run.best_epoch = count_at(j, "best_epoch", path);
    run.epochs = read_epochs(j, path);
    const json& study = array_at(j, "estimate_study", path);
    for (std::size_t i = 0; i < study.size(); ++i) {
        const std::string at = path + ".estimate_study[" + std::to_string(i) + "]";
        AgopEstimateScores s;
        s.estimate = word_at(study[i], "estimate", at, parse_agop_estimate);
        s.rows = count_at(study[i], "rows", at);
        s.seconds = number_at(study[i], "seconds", at);
        s.weighted = read_localisation(field(study[i], "weighted", at), at + ".weighted");
        s.global = read_localisation(field(study[i], "global", at), at + ".global");
        s.epochs = read_epochs(study[i], at);
        run.estimate_study.push_back(std::move(s));
    }
    const json& randomisation = field(j, "randomisation", path);
    if (!randomisation.is_null()) {
        run.randomisation.emplace();
        for (const auto& [method, s] : object_at(j, "randomisation", path).items())
            (*run.randomisation)[method] = read_sample_mean(s, path + ".randomisation." + method);
    }
    const json& no_truth = object_at(j, "no_truth", path);
    for (const auto& [method, metrics] : no_truth.items())
        for (const auto& [metric, value] : object_at(no_truth, method, path + ".no_truth").items())
            run.no_truth[method][metric] = read_number(value, path + ".no_truth." + method + "." + metric);
    run.no_truth_seconds = number_at(j, "no_truth_seconds", path);
    run.train_seconds = number_at(j, "train_seconds", path);
    return run;
}

ClevrStyleRun read_clevr_run(const json& j, const std::string& path) {
    ClevrStyleRun run;
    read_shared_run_fields(j, path, run);
    run.pretext_validation_accuracy = number_at(j, "pretext_validation_accuracy", path);
    run.pretrain_seconds = number_at(j, "pretrain_seconds", path);
    run.finetune_seconds = number_at(j, "finetune_seconds", path);
    return run;
}

ClevrXaiTaskSummary read_task_summary(const json& j, const std::string& path) {
    return {text_at(j, "directory", path),        count_at(j, "questions", path),
            count_at(j, "shape_questions", path), count_at(j, "questions_in_file", path),
            count_at(j, "images_read", path),     count_at(j, "side", path)};
}

}  // namespace

json image_unit_to_json(const ImageUnitResult& unit) {
    return {{"xai_tris", unit.xai_tris ? xai_tris_run(*unit.xai_tris) : json(nullptr)},
            {"clevr", unit.clevr ? clevr_run(*unit.clevr) : json(nullptr)},
            {"clevr_xai_task", unit.clevr_xai_task ? task_summary(*unit.clevr_xai_task) : json(nullptr)},
            {"reading_seconds", number_to_json(unit.reading_seconds)},
            {"seconds", number_to_json(unit.seconds)}};
}

ImageUnitResult image_unit_from_json(const json& j) {
    const std::string root = "unit";
    ImageUnitResult unit;
    if (const json& x = field(j, "xai_tris", root); !x.is_null())
        unit.xai_tris = read_xai_tris_run(x, root + ".xai_tris");
    if (const json& c = field(j, "clevr", root); !c.is_null()) unit.clevr = read_clevr_run(c, root + ".clevr");
    if (const json& t = field(j, "clevr_xai_task", root); !t.is_null())
        unit.clevr_xai_task = read_task_summary(t, root + ".clevr_xai_task");
    unit.reading_seconds = number_at(j, "reading_seconds", root);
    unit.seconds = number_at(j, "seconds", root);
    return unit;
}

}  // namespace agop
