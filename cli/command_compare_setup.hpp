#pragma once
// What `agop compare` prepares before scoring any method: the model and its randomised twin,
// the rows (drawn with the seed), the explained output and targets, the baseline that
// "removed" means, the groups the perturbation metrics move, and every method's settings.
// Every method explains the same output (--model-output, the logit by default) that the
// metrics evaluate, for the class the model predicts.

#include <memory>
#include <string>
#include <vector>

#include "attribution/method_registry.hpp"
#include "cli/common_options.hpp"
#include "cli/explain_options.hpp"
#include "cli/image_inputs.hpp"
#include "cli/model_source.hpp"
#include "eval/attribution_scorecard.hpp"

namespace agop::cli {

// explain's defaults for the methods' options, but KernelSHAP's budget 512 coalitions per row
// (its cost is paid again by the stability and randomisation re-runs).
ExplainOptions compare_method_defaults();

// The rows of explain's option table that compare takes: those the methods read (not IG's
// training-mean baseline, which needs the checkpoint's statistics) and --gradcam-layer ...
bool is_compare_method_option(const ExplainOption& option);
// ... and the model and rows: --checkpoint, --csv, --inputs, --background.
bool is_compare_input_option(const ExplainOption& option);

struct CompareOptions {
    CommonOptions common;
    std::string methods, metrics;
    std::string baseline = "auto", model_output = "logit", unseen_category = "error";
    std::size_t rows = 500, patch = 0, steps = 0, stability_rows = 100, stability_perturbations = 10;
    std::size_t perturbations = 50, subsets = 100;
    double noise = 0.1, radius = 0.1;
    std::string shard;               // "i/n": score only part i of the rows (cli/compare_parts)
    std::vector<std::string> merge;  // part folders to join instead of running
    bool no_timings = false;         // seconds per row written as "nan", so that runs compare byte for byte
    ModelSourceOptions source;
    ImageInputOptions images;
    // The rows of explain's option table that compare takes fill these: the model and rows
    // (explain.checkpoint, .csv, .inputs, .background) and the methods' own options
    // (explain.settings: --ig-steps, --smoothgrad-samples, ...); KernelSHAP's budget is lower here.
    ExplainOptions explain = compare_method_defaults();
};

struct CompareSetup {
    ModelSource source;
    bool images = false;
    std::size_t rows_available = 0;
    Tensor inputs;             // (n, ...) the drawn rows, in file order
    std::vector<int> targets;  // (n) the predicted classes
    ExplainedModel explained;  // logits or probabilities (--model-output)
    std::unique_ptr<nn::Model> randomised;
    ExplainedModel randomised_explained;
    MethodSettings settings, randomised_settings;
    ScorecardInputs scorecard;  // model, inputs, targets, baseline, groups (explain set per method)
    ScorecardSettings scorecard_settings;
    std::vector<std::string> methods, metrics;
    std::vector<std::pair<std::string, std::string>> notes;  // settings for the outputs' headers
};

// Reads the model and rows and prepares everything above. Throws Error naming the option at fault.
CompareSetup prepare_compare(const CompareOptions& options);

}  // namespace agop::cli
