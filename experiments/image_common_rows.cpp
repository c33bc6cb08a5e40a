#include "experiments/image_common_rows.hpp"

#include <algorithm>
#include <iterator>

namespace agop {

namespace {

// `s` over the positions `kept` of its samples (an empty s, a score not computed, stays empty).
void keep_samples(SampleMean& s, const std::vector<std::size_t>& kept) {
    if (s.per_sample.empty()) return;
    std::vector<double> values;
    for (std::size_t k : kept) values.push_back(s.per_sample.at(k));
    s = values.empty() ? SampleMean{} : sample_mean("restrict_to_common_rows", std::move(values));
}

void keep_samples(LocalisationScores& s, const std::vector<std::size_t>& kept) {
    for (SampleMean* m : {&s.miou, &s.pointing_game, &s.precision, &s.emd, &s.mass_accuracy, &s.rank_accuracy})
        keep_samples(*m, kept);
}

// The test rows every run of `runs` scored, ascending, the first max_rows (0: all).
std::vector<std::size_t> common_rows(const std::vector<const XaiTrisRun*>& runs, std::size_t max_rows) {
    std::vector<std::size_t> common = runs.at(0)->scored_test_rows;
    for (const XaiTrisRun* run : runs) {
        std::vector<std::size_t> both;
        std::set_intersection(common.begin(), common.end(), run->scored_test_rows.begin(), run->scored_test_rows.end(),
                              std::back_inserter(both));
        common = std::move(both);
    }
    if (max_rows > 0 && common.size() > max_rows) common.resize(max_rows);
    return common;
}

}  // namespace

void restrict_to_common_rows(XaiTrisResults& results, std::size_t max_rows) {
    for (std::size_t c = 0; c < results.settings.size(); ++c) {
        std::vector<const XaiTrisRun*> runs;
        for (const auto& seed_runs : results.runs) runs.push_back(&seed_runs[c]);
        const std::vector<std::size_t> common = common_rows(runs, max_rows);
        for (auto& seed_runs : results.runs) {
            XaiTrisRun& run = seed_runs[c];
            std::vector<std::size_t> kept;  // positions of the common rows among the run's scored rows
            for (std::size_t row : common)
                kept.push_back(std::lower_bound(run.scored_test_rows.begin(), run.scored_test_rows.end(), row) -
                               run.scored_test_rows.begin());
            for (auto& [_, scores] : run.scores) keep_samples(scores, kept);
            for (auto& study : run.estimate_study) {
                keep_samples(study.weighted, kept);
                keep_samples(study.global, kept);
            }
            if (run.randomisation)
                for (auto& [_, spearman] : *run.randomisation) keep_samples(spearman, kept);
            run.explained = common.size();
            run.scored_test_rows = common;
        }
    }
}

}  // namespace agop
