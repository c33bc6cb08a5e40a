#include "data/stratified_split.hpp"

#include <cmath>
#include <map>
#include <string>

#include "autodiff/error.hpp"

namespace agop {

std::vector<std::vector<std::size_t>> stratified_split(const std::vector<int>& labels,
                                                       const std::vector<double>& fractions, Rng& rng) {
    double total = 0.0;
    for (double f : fractions) {
        if (!(f >= 0.0)) throw Error("stratified_split: fractions must be non-negative; got " + std::to_string(f));
        total += f;
    }
    if (fractions.empty() || std::fabs(total - 1.0) > 1e-9)
        throw Error("stratified_split: fractions must sum to 1; they sum to " + std::to_string(total));

    std::map<int, std::vector<std::size_t>> by_class;  // ordered by label: the draw order is fixed
    for (std::size_t i = 0; i < labels.size(); ++i) by_class[labels[i]].push_back(i);

    std::vector<std::vector<std::size_t>> parts(fractions.size());
    for (auto& [label, members] : by_class) {
        rng.shuffle(members);
        std::size_t taken = 0;
        std::vector<std::size_t> counts(fractions.size(), 0);
        for (std::size_t k = 1; k < fractions.size(); ++k) {
            counts[k] = static_cast<std::size_t>(std::llround(static_cast<double>(members.size()) * fractions[k]));
            if (taken + counts[k] > members.size()) counts[k] = members.size() - taken;
            taken += counts[k];
        }
        counts[0] = members.size() - taken;
        std::size_t next = 0;
        for (std::size_t k = 0; k < fractions.size(); ++k)
            for (std::size_t c = 0; c < counts[k]; ++c) parts[k].push_back(members[next++]);
    }
    for (auto& part : parts) rng.shuffle(part);
    return parts;
}

}  // namespace agop
