#pragma once
// What one experiment of `agop reproduce` returns: its tables, its figures, and for each of
// the papers' claims it touches, whether this run supports it.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "figures/figure_spec.hpp"
#include "experiments/table.hpp"

namespace agop {

// A claim of a paper, checked against this run's numbers.
struct Claim {
    std::string paper;      // "AGOP-IxG" or "AGOP as Explanation"
    std::string statement;  // the claim, as the paper (or its abstract) states it
    bool supported = false;
    std::string evidence;   // one sentence with our numbers
    bool checked = true;    // false: not checked by this run (a timing claim under --no-timings); `supported` unused
};

struct ExperimentResult {
    std::string name;  // "tabular", "tabular-roar", "images"
    std::vector<Table> tables;
    std::vector<HeatmapGrid> heatmaps;
    std::vector<LineChart> charts;
    std::vector<Claim> claims;
    std::map<std::string, std::string> configuration;  // every setting used, documented choices included
    std::map<std::string, double> seconds;             // wall time of each stage
    std::vector<std::string> messages;                 // e.g. "ROAR skipped: data files not found (...)"
};

// Settings shared by every experiment.
struct ReproduceOptions {
    bool quick = false;        // smoke-test sizes: the whole `reproduce all --quick` in under 3 minutes
    std::size_t seeds = 5;     // independent repetitions behind every mean and 95% interval
    std::uint64_t seed = 0;    // base seed; repetition r uses Rng::stream(seed, r)
    bool quiet = false;        // no progress lines on stderr
    std::string data_dir;      // for ROAR: --data-dir or AGOP_DATA_DIR
    std::string agop_estimate; // images: "hook-sampled", "hook-every-batch", "post-hoc"; empty: the sizes' default
    bool agop_estimate_study = false;  // images: score AGOP-Weighted and -Global under every estimate
    std::string clevr_xai_dir; // images: the CLEVR-XAI release folder; empty: the procedural stand-in
    bool timings = true;       // false (--no-timings): wall-clock cells read "not measured", timing claims unchecked
    std::size_t epochs = 0;    // --epochs: training epochs of the XAI-TRIS, tabular and ROAR models; 0: each one's own
    std::string ig_rule;       // --ig-rule: Integrated Gradients' quadrature word; empty: gauss-legendre (Captum's)
    std::string model_output;  // images: "logits" or "probabilities" (what the methods explain); empty: logits
    std::string scored_rows;   // images: "cnn" or "all-seeds" (XAI-TRIS rows scored); empty: cnn
    bool xai_tris_double_softmax = false;  // images: XAI-TRIS trained with cross-entropy on softmax outputs
};

}  // namespace agop
