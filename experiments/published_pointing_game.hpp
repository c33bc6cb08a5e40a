#pragma once
// The only absolute image numbers the image paper publishes (papers.md §2.6): pointing game
// on XAI-TRIS with the white ("uncorrelated") background and on CLEVR-XAI (val), method not
// named (read as AGOP-Weighted). This puts ours beside them, as percentages, for AGOP-Weighted
// and for the best method of each row, with a verdict per row and one claim.

#include <map>
#include <string>
#include <vector>

#include "experiments/experiment_result.hpp"
#include "experiments/image_explanations.hpp"

namespace agop {

struct PublishedPointingGame {
    std::string row;      // "lin", "mult", "rigid", "xor" (XAI-TRIS, white background) or "clevr-xai"
    double percent = 0;   // the published figure, in percent
};

// LIN 66.7, MULT 50.6, RIGID 77.4, XOR 49.7 (listed as 0.497), CLEVR-XAI 28.2.
const std::vector<PublishedPointingGame>& published_pointing_game();

// row -> method -> our pointing-game values in [0, 1] (one per seed, or per scored sample where
// a single seed ran); rows or methods that did not run are absent.
using PointingGameValues = std::map<std::string, std::map<std::string, std::vector<double>>>;

struct PointingGameComparison {
    Table table;  // one row per published figure that we have numbers for
    Claim claim;  // "AGOP-Weighted's pointing game matches the published figures" (XAI-TRIS rows)
};

// Verdict of a row: "not testable: models near chance" when `accuracy` (row -> the models' test
// accuracy) says so (the row is then left out of the claim), else "agrees" when the published figure lies within our
// 95% interval widened by `tolerance_points` percentage points (the paper reports a single run, whose spread is
// unknown), else "ours higher/lower by N points". `clevr_is_stand_in` marks the CLEVR row as not comparable. Throws
// agop::Error when `ours` has no AGOP-Weighted values for any published row. A row that `accuracy` does not name shows
// no accuracy.
PointingGameComparison compare_pointing_game(const PointingGameValues& ours,
                                             const std::map<std::string, SettingAccuracy>& accuracy,
                                             bool clevr_is_stand_in, bool quick, double tolerance_points = 5.0);

}  // namespace agop
