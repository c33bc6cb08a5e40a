#pragma once
// Checking that integer labels number the classes of a classification task.
//
// A model gets one output per class 0..C-1, C = max label + 1, so a stray label of 10^6
// would silently build a million-class model, and a class that never occurs gets an output
// that is never trained. By default labels must therefore be dense (every class 0..C-1
// present) and C at most `max_classes`; both can be relaxed on purpose.

#include <cstddef>
#include <string>
#include <vector>

namespace agop {

struct ClassLabelRules {
    std::size_t max_classes = 1000;
    bool require_every_class = true;  // false: classes absent from the labels are allowed
};

// C = max label + 1, after checking `labels` (N) against `rules`. Throws Error naming
// `source`, the offending value and its index (or the absent classes) and what was expected.
// Labels are non-negative ints (read_npy_labels refuses the rest); an empty list is refused.
std::size_t check_class_labels(const std::vector<int>& labels, const std::string& source,
                               const ClassLabelRules& rules = {});

}  // namespace agop
