#pragma once
// Part 2 of the AGOP-IxG paper: ROAR on Adult and Credit Card Default (papers.md Part A
// "ROAR (tabular)", §1.8, §5; the protocol in roar.hpp). For each data set: train the MLP,
// attribute a subset of training rows and test rows with every method for the predicted
// class, then for each fraction t remove each row's top features and retrain from scratch
// with several seeds (the same seeds for every method, so the comparison is paired).
//
// Returns (name "tabular-roar"): tables roar_adult, roar_credit_default (method x t accuracy
// and ROC-AUC, ROAR AUC; mean ± 95% interval over retraining seeds), charts roar_<dataset>.png
// (ROC-AUC vs t per method) and the claim "all 5 methods within about 1.7% relative AUC; no
// single winner". Without the data files: an empty result whose message names them.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/tabular_dataset.hpp"
#include "eval/summary.hpp"
#include "eval/tabular_training.hpp"
#include "experiments/experiment_result.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/tabular_method_settings.hpp"

namespace agop {

struct RoarExperimentSizes {
    std::size_t train_rows = 5000;   // random training rows attributed, modified and retrained on (LIME's cost)
    std::size_t test_rows = 2000;    // random test rows scored
    std::size_t retrain_seeds = 3;
    std::vector<double> fractions{0.0, 0.1, 0.3, 0.5, 0.7, 0.9};
    TabularMethodSizes methods;         // DeepSHAP background, LIME samples, IG steps (zero baseline) and rule (Part A)
    TabularTrainingConfig training;     // the same MLP; at most 30 epochs (full and quick), early stopping on 10% validation

    static RoarExperimentSizes full() {
        RoarExperimentSizes sizes;
        sizes.training.epochs = 30;
        return sizes;
    }
    static RoarExperimentSizes quick() {
        RoarExperimentSizes sizes;
        sizes.train_rows = 600;
        sizes.test_rows = 400;
        sizes.retrain_seeds = 1;
        sizes.methods.lime_samples = 500;
        sizes.training.epochs = 30;
        return sizes;
    }
};

// The methods ROAR compares: the paper's five and the random control (KernelSHAP is not in ROAR).
const std::vector<std::string>& roar_methods();

struct RoarDatasetResult {
    Table table;
    LineChart chart;
    std::map<std::string, MeanInterval> roar_auc;  // method -> ROAR AUC over retraining seeds
    std::map<std::string, double> seconds;         // stage -> wall time
};

// ROAR on one binary data set (dataset.feature_groups group its columns). `seed` draws the row
// subsets and every training and seeded method.
RoarDatasetResult run_roar_on_dataset(const TabularDataset& dataset, const RoarExperimentSizes& sizes,
                                      std::uint64_t seed, bool quiet);

// The claim over the data sets that ran: per data set the relative spread (max - min) / min of
// the five paper methods' ROAR AUC, and which method has the lowest.
Claim roar_claim(const std::map<std::string, RoarDatasetResult>& datasets);

// The experiment as units (experiment_units.hpp), one per data set: "tabular-roar/adult",
// "tabular-roar/credit_default" (a data set's retraining seeds share its training and
// attribution, so they are not split). Data from options.data_dir or $AGOP_DATA_DIR, checked
// when the units are made: without the files there are no units and the assembly returns the
// message naming them. Sizes from options.quick unless given.
ExperimentUnits roar_experiment_units(const ReproduceOptions& options, const RoarExperimentSizes& sizes);

// Every unit, then the assembly (run_every_unit).
ExperimentResult run_roar_experiment(const ReproduceOptions& options);

}  // namespace agop
