#include "experiments/roar_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <tuple>

#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "autodiff/rng.hpp"
#include "data/adult.hpp"
#include "data/credit_default.hpp"
#include "data/data_location.hpp"
#include "eval/roar.hpp"
#include "experiments/progress.hpp"
#include "experiments/result_json.hpp"
#include "experiments/tabular_experiment_sizes.hpp"
#include "experiments/tabular_method_settings.hpp"
#include "nn/agop.hpp"
#include "nn/labelled_data.hpp"

namespace agop {
namespace {

// A random subset of `count` rows (all when fewer): (inputs, labels).
std::pair<Tensor, std::vector<int>> random_rows(const Tensor& x, const std::vector<int>& y, std::size_t count, Rng rng) {
    std::vector<std::size_t> order = rng.permutation(y.size());
    order.resize(std::min(count, y.size()));
    std::vector<int> labels;
    for (std::size_t i : order) labels.push_back(y[i]);
    return {nn::gather_rows(x, order), labels};
}

// Mean ± 95% interval over retraining seeds (one seed: no interval, see Cell::of_interval).
Cell summary_cell(const MeanInterval& m, int decimals = 3) {
    return Cell::of_interval(m.mean, m.half_width, decimals);
}

std::string percent(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f%%", 100.0 * value);
    return buffer;
}

// The rows ROAR attributes, removes features from and retrains on: (inputs, labels) each.
struct RoarRows {
    Tensor x_train, x_test;
    std::vector<int> y_train, y_test;
};

// method -> (importance of the training rows (N, G), of the test rows (M, G)).
using RoarImportance = std::map<std::string, std::pair<Tensor, Tensor>>;
// scores[method][fraction index][retraining seed]
using RoarScores = std::map<std::string, std::vector<std::vector<ClassifierScores>>>;

// Train the MLP, estimate the AGOP, and attribute the training and test rows with every ROAR method
// for the predicted class, each stage timed into `seconds`.
RoarImportance roar_importance(const TabularDataset& dataset, const RoarRows& rows, const RoarExperimentSizes& sizes,
                               std::uint64_t seed, Progress& progress, std::map<std::string, double>& seconds) {
    auto start = std::chrono::steady_clock::now();
    TrainedTabularModel trained =
        train_tabular_mlp(rows.x_train, rows.y_train, 2, sizes.training, Rng::stream(seed, 2).next_u64());
    const ExplainedModel model = explained_model(*trained.model);
    seconds["training"] = seconds_since(start);

    start = std::chrono::steady_clock::now();
    const Tensor agop = nn::compute_agop(*trained.model, rows.x_train, nn::AgopOptions{});
    seconds["AGOP"] = seconds_since(start);
    // KernelSHAP is not among the ROAR methods; its stream (6) is one no other draw uses.
    const MethodSettings settings = tabular_method_settings(agop, rows.x_train, sizes.methods, seed, {3, 6, 4, 5});

    RoarImportance importance;
    for (const std::string& method : roar_methods()) {
        start = std::chrono::steady_clock::now();
        importance[method] = {feature_importance(explain(method, model, rows.x_train, Targets::predicted(), settings),
                                                 dataset.feature_groups),
                              feature_importance(explain(method, model, rows.x_test, Targets::predicted(), settings),
                                                 dataset.feature_groups)};
        seconds["attribution " + method] = seconds_since(start);
        progress.advance(method);
    }
    return importance;
}

// For every method and fraction t: remove each row's top features and retrain with every
// retraining seed. t = 0 removes nothing, so it is trained once and shared.
RoarScores roar_retrained_scores(const TabularDataset& dataset, const RoarRows& rows, RoarImportance& importance,
                                 const RoarExperimentSizes& sizes, std::uint64_t seed, Progress& progress) {
    RoarScores scores;
    std::vector<ClassifierScores> unmodified;
    for (std::size_t s = 0; s < sizes.retrain_seeds; ++s) {
        unmodified.push_back(retrain_and_score(rows.x_train, rows.y_train, rows.x_test, rows.y_test, sizes.training,
                                               Rng::stream(seed, 100 + s).next_u64()));
        progress.advance("t = 0, seed " + std::to_string(s));
    }
    for (const std::string& method : roar_methods()) {
        for (std::size_t f = 0; f < sizes.fractions.size(); ++f) {
            const double t = sizes.fractions[f];
            if (features_to_remove(t, dataset.feature_names.size()) == 0) {
                scores[method].push_back(unmodified);
                continue;
            }
            const Tensor train_removed = remove_top_features(rows.x_train, importance[method].first,
                                                             dataset.feature_groups, dataset.training_means, t);
            const Tensor test_removed = remove_top_features(rows.x_test, importance[method].second,
                                                            dataset.feature_groups, dataset.training_means, t);
            std::vector<ClassifierScores> per_seed;
            for (std::size_t s = 0; s < sizes.retrain_seeds; ++s) {
                per_seed.push_back(retrain_and_score(train_removed, rows.y_train, test_removed, rows.y_test,
                                                     sizes.training, Rng::stream(seed, 100 + s).next_u64()));
                progress.advance(method + ", t = " + Cell::of_number(t, 1).formatted() + ", seed " + std::to_string(s));
            }
            scores[method].push_back(per_seed);
        }
    }
    return scores;
}

// The table roar_<data set> (its caption and notes, one column pair per t) and the chart, without rows.
void start_roar_table_and_chart(const TabularDataset& dataset, const RoarRows& rows, const RoarExperimentSizes& sizes,
                                RoarDatasetResult& result) {
    const std::string id = dataset.name;
    result.table = Table{
        "roar_" + id,
        "ROAR on " + id + " (mean ± 95% interval over " + std::to_string(sizes.retrain_seeds) + " retraining seeds)",
        {"method"},
        {},
        {"Per row, the top round(t x " + std::to_string(dataset.feature_names.size()) +
             ") original features by Σ|a| over their columns are replaced by the training mean of each "
             "column (one-hot groups as one feature), in training and test rows; the MLP is retrained "
             "from scratch.",
         "ROAR AUC: trapezoid area under (t, ROC-AUC) over t in [" +
             Cell::of_number(sizes.fractions.front(), 1).formatted() + ", " +
             Cell::of_number(sizes.fractions.back(), 1).formatted() + "]; lower = more faithful.",
         "Rows: " + std::to_string(rows.x_train.shape()[0]) +
             " random training rows (attributed and retrained on) and " + std::to_string(rows.x_test.shape()[0]) +
             " random test rows; targets: the predicted class."}};
    for (double t : sizes.fractions) {
        result.table.columns.push_back("accuracy t=" + Cell::of_number(t, 1).formatted());
        result.table.columns.push_back("ROC-AUC t=" + Cell::of_number(t, 1).formatted());
    }
    result.table.columns.push_back("ROAR AUC");
    result.chart = LineChart{"roar_" + id + ".png", "ROAR on " + id, "fraction of features removed t",
                             "test ROC-AUC after retraining", {}};
}

// One method's row (accuracy and ROC-AUC per t, ROAR AUC), its chart series and its ROAR AUC.
void add_roar_method(const std::string& method, const std::vector<std::vector<ClassifierScores>>& per_fraction,
                     const RoarExperimentSizes& sizes, RoarDatasetResult& result) {
    std::vector<Cell> row{Cell::of_text(method)};
    Series series{method, sizes.fractions, {}};
    for (std::size_t f = 0; f < sizes.fractions.size(); ++f) {
        std::vector<double> accuracies, aucs;
        for (const ClassifierScores& s : per_fraction[f]) {
            accuracies.push_back(s.accuracy);
            aucs.push_back(s.roc_auc);
        }
        const MeanInterval accuracy = mean_and_interval(accuracies), auc = mean_and_interval(aucs);
        row.push_back(summary_cell(accuracy));
        row.push_back(summary_cell(auc));
        series.y.push_back(auc.mean);
    }
    std::vector<double> auc_per_seed(sizes.retrain_seeds);
    for (std::size_t s = 0; s < sizes.retrain_seeds; ++s) {
        std::vector<double> curve;
        for (std::size_t f = 0; f < sizes.fractions.size(); ++f) curve.push_back(per_fraction[f][s].roc_auc);
        auc_per_seed[s] = roar_auc(sizes.fractions, curve);
    }
    result.roar_auc[method] = mean_and_interval(auc_per_seed);
    row.push_back(summary_cell(result.roar_auc[method], 4));
    result.table.add_row(std::move(row));
    result.chart.series.push_back(std::move(series));
}

}  // namespace

const std::vector<std::string>& roar_methods() {
    static const std::vector<std::string> names{"agop-ixg",         "deepshap", "integrated-gradients",
                                                "input-x-gradient", "lime",     "random"};
    return names;
}

RoarDatasetResult run_roar_on_dataset(const TabularDataset& dataset, const RoarExperimentSizes& sizes,
                                      std::uint64_t seed, bool quiet) {
    RoarDatasetResult result;
    RoarRows rows;
    std::tie(rows.x_train, rows.y_train) =
        random_rows(dataset.X_train, dataset.y_train, sizes.train_rows, Rng::stream(seed, 0));
    std::tie(rows.x_test, rows.y_test) =
        random_rows(dataset.X_test, dataset.y_test, sizes.test_rows, Rng::stream(seed, 1));
    const std::size_t retrainings = sizes.retrain_seeds * (1 + roar_methods().size() * (sizes.fractions.size() - 1));
    Progress progress("ROAR " + dataset.name + ": attribute, remove, retrain", roar_methods().size() + retrainings,
                      quiet);

    RoarImportance importance = roar_importance(dataset, rows, sizes, seed, progress, result.seconds);
    const auto start = std::chrono::steady_clock::now();
    const RoarScores scores = roar_retrained_scores(dataset, rows, importance, sizes, seed, progress);
    result.seconds["retraining"] = seconds_since(start);
    progress.finish();

    start_roar_table_and_chart(dataset, rows, sizes, result);
    for (const std::string& method : roar_methods()) add_roar_method(method, scores.at(method), sizes, result);
    return result;
}

Claim roar_claim(const std::map<std::string, RoarDatasetResult>& datasets) {
    Claim claim{"AGOP-IxG", "ROAR (Adult, Credit Default): all 5 methods within about 1.7% relative AUC; no single winner",
                !datasets.empty(), ""};
    const std::vector<std::string> paper_methods(roar_methods().begin(), roar_methods().end() - 1);
    std::vector<std::string> lowest_per_dataset;
    bool lowest_is_separated_everywhere = true;
    for (const auto& [name, result] : datasets) {
        std::string lowest = paper_methods.front();
        double low = result.roar_auc.at(lowest).mean, high = low;
        for (const std::string& method : paper_methods) {
            const double value = result.roar_auc.at(method).mean;
            if (value < low) {
                low = value;
                lowest = method;
            }
            high = std::max(high, value);
        }
        const MeanInterval& best = result.roar_auc.at(lowest);
        bool separated = true;  // the lowest interval lies below every other method's interval
        for (const std::string& method : paper_methods)
            if (method != lowest) {
                const MeanInterval& other = result.roar_auc.at(method);
                separated = separated && best.mean + best.half_width < other.mean - other.half_width;
            }
        lowest_is_separated_everywhere = lowest_is_separated_everywhere && separated;
        lowest_per_dataset.push_back(lowest);
        const double spread = (high - low) / low;
        // "About 1.7%" read as a spread of at most 2%.
        claim.supported = claim.supported && spread <= 0.02;
        claim.evidence += (claim.evidence.empty() ? "" : "; ") + name + ": relative spread of ROAR AUC " +
                          percent(spread) + ", lowest " + lowest + (separated ? " (separated)" : " (within intervals)") +
                          ", random " + Cell::of_number(result.roar_auc.at("random").mean, 4).formatted();
    }
    const bool same_winner = std::all_of(lowest_per_dataset.begin(), lowest_per_dataset.end(),
                                         [&](const std::string& m) { return m == lowest_per_dataset.front(); });
    const bool single_winner = !datasets.empty() && same_winner && lowest_is_separated_everywhere;
    claim.supported = claim.supported && !single_winner;
    claim.evidence += datasets.empty() ? "no data set ran." :
                      ". A single winner would need the same lowest method on every data set, its interval below all "
                      "others: " + std::string(single_winner ? "there is one." : "there is none.");
    return claim;
}

namespace {

const std::vector<std::string> roar_datasets{"adult", "credit_default"};

// One data set's unit: load it, run ROAR, keep the table, the chart, the ROAR AUCs and the wall times.
UnitResult roar_unit_result(const std::string& name, const std::string& data_dir, const RoarExperimentSizes& sizes,
                            const ReproduceOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    TabularDataset dataset = name == "adult" ? load_adult(data_dir) : load_credit_default(data_dir, options.seed);
    dataset.name = name;
    const double loading_seconds = seconds_since(start);
    const RoarDatasetResult outcome = run_roar_on_dataset(dataset, sizes, Rng::stream(options.seed, 0).next_u64(), options.quiet);
    UnitResult unit{{"table", table_to_json(outcome.table)},
                    {"chart", line_chart_to_json(outcome.chart)},
                    {"roar_auc", UnitResult::object()},
                    {"seconds", UnitResult::object()}};
    for (const auto& [method, auc] : outcome.roar_auc)
        unit["roar_auc"][method] = {{"mean", number_to_json(auc.mean)}, {"half_width", number_to_json(auc.half_width)},
                                    {"n", auc.n}};
    unit["seconds"]["loading"] = loading_seconds;
    for (const auto& [stage, seconds] : outcome.seconds) unit["seconds"][stage] = seconds;
    unit["seconds"]["unit"] = seconds_since(start);
    return unit;
}

void record_configuration(ExperimentResult& result, const std::string& data_dir, const RoarExperimentSizes& sizes) {
    auto& c = result.configuration;
    c["data"] = data_dir + ": Adult (rows with missing values dropped, 6 numeric standardised, 8 categorical one-hot) "
                           "and Credit Card Default (seeded stratified 80/20 split, SEX/EDUCATION/MARRIAGE one-hot)";
    c["rows"] = std::to_string(sizes.train_rows) + " random training rows, " + std::to_string(sizes.test_rows) +
                " random test rows (LIME on every training row is the cost that bounds this)";
    c["agop"] = "post hoc on the " + std::to_string(sizes.train_rows) +
               " training rows (the rows behind M), full d x d, all C logits";
    c["removal"] = "documented choice (Part A): per row, top round(t x features) original features by Σ|a|, "
                   "replaced by the training column means; t in {0, 0.1, 0.3, 0.5, 0.7, 0.9}";
    c["retraining"] = "documented choice (Part A): the same MLP from scratch, " + std::to_string(sizes.retrain_seeds) +
                      " seeds, at most " + std::to_string(sizes.training.epochs) + " epochs, early stopping (patience " +
                      std::to_string(sizes.training.patience) + ") on 10% of the training rows, best weights kept";
    c["score"] = "ROC-AUC of logit_1 - logit_0 and accuracy on the modified test rows; ROAR AUC by the trapezoid rule";
    c["methods"] = "agop-ixg (K: 95% of trace), deepshap (" + std::to_string(sizes.methods.background_rows) +
                   " background rows), integrated-gradients (zero baseline, " + std::to_string(sizes.methods.ig_steps) +
                   " steps, " + integration_rule_word(sizes.methods.ig_rule) + " rule), input-x-gradient, lime (" +
                   std::to_string(sizes.methods.lime_samples) +
                   " samples), random; KernelSHAP is not in ROAR; targets: predicted class";
}

ExperimentResult assemble_roar(const std::map<std::string, UnitResult>& units, const std::string& data_dir,
                               const std::string& skipped, const RoarExperimentSizes& sizes) {
    ExperimentResult result;
    result.name = "tabular-roar";
    if (!skipped.empty()) {
        result.messages.push_back(skipped);
        return result;
    }
    record_configuration(result, data_dir, sizes);
    std::map<std::string, RoarDatasetResult> datasets;
    for (const std::string& name : roar_datasets) {
        const std::string id = "tabular-roar/" + name;
        const UnitResult& unit = units.at(id);
        RoarDatasetResult outcome;
        outcome.table = table_from_json(unit.at("table"), id);
        outcome.chart = line_chart_from_json(unit.at("chart"), id);
        for (const auto& [method, auc] : unit.at("roar_auc").items())
            outcome.roar_auc[method] = {number_from_json(auc.at("mean"), id), number_from_json(auc.at("half_width"), id),
                                        auc.at("n").get<std::size_t>()};
        for (const auto& [stage, seconds] : unit.at("seconds").items()) {
            if (stage == "unit") result.seconds["roar: total"] += seconds.get<double>();
            else result.seconds["roar " + name + ": " + stage] = seconds.get<double>();
        }
        result.tables.push_back(outcome.table);
        result.charts.push_back(outcome.chart);
        datasets.emplace(name, std::move(outcome));
    }
    result.claims.push_back(roar_claim(datasets));
    return result;
}

}  // namespace

ExperimentUnits roar_experiment_units(const ReproduceOptions& options) {
    return roar_experiment_units(options, tabular_sizes_for<RoarExperimentSizes>(options));
}

ExperimentUnits roar_experiment_units(const ReproduceOptions& options, const RoarExperimentSizes& sizes) {
    ExperimentUnits units;
    units.experiment = "tabular-roar";
    std::string data_dir, skipped;
    try {
        data_dir = resolve_data_dir(options.data_dir);
        require_data_files(data_dir, {"adult/adult.data", "adult/adult.test"}, "Adult");
        require_data_files(data_dir, {"credit-default/UCI_Credit_Card.csv"}, "Credit Card Default");
        for (const std::string& name : roar_datasets) units.unit_ids.push_back("tabular-roar/" + name);
    } catch (const Error& e) {
        skipped = std::string("ROAR skipped: ") + e.what() +
                  " (expected adult/adult.data, adult/adult.test and credit-default/UCI_Credit_Card.csv; run "
                  "scripts/download-data)";
    }
    units.run_unit = [ids = units.unit_ids, data_dir, sizes, options](const std::string& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw Error("tabular-roar: no unit " + id + " (expected tabular-roar/adult or tabular-roar/credit_default, "
                        "and the data files)");
        return roar_unit_result(id.substr(std::string("tabular-roar/").size()), data_dir, sizes, options);
    };
    units.assemble = [data_dir, skipped, sizes](const std::map<std::string, UnitResult>& results) {
        return assemble_roar(results, data_dir, skipped, sizes);
    };
    return units;
}

ExperimentResult run_roar_experiment(const ReproduceOptions& options) {
    return run_every_unit(roar_experiment_units(options), options.quiet);
}

}  // namespace agop
