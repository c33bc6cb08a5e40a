#include "data/class_labels.hpp"

#include <algorithm>

#include "autodiff/error.hpp"

namespace agop {

std::size_t check_class_labels(const std::vector<int>& labels, const std::string& source,
                               const ClassLabelRules& rules) {
    if (labels.empty()) throw Error(source + ": no labels; expected one class index per row");
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || static_cast<std::size_t>(labels[i]) >= rules.max_classes)
            throw Error(source + ": label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
                        " is outside 0.." + std::to_string(rules.max_classes - 1) +
                        "; labels must be class indices 0..C-1 with C at most " + std::to_string(rules.max_classes));
    }
    const std::size_t classes = static_cast<std::size_t>(*std::max_element(labels.begin(), labels.end())) + 1;
    if (std::all_of(labels.begin(), labels.end(), [&](int label) { return label == labels.front(); }))
        throw Error(source + ": every label is " + std::to_string(labels.front()) +
                    "; a classifier needs at least two classes");
    if (rules.require_every_class) {
        std::vector<bool> present(classes, false);
        for (int label : labels) present[static_cast<std::size_t>(label)] = true;
        std::string absent;
        std::size_t n_absent = 0;
        for (std::size_t c = 0; c < classes; ++c)
            if (!present[c] && n_absent++ < 5) absent += (absent.empty() ? "" : ", ") + std::to_string(c);
        if (n_absent > 0)
            throw Error(source + ": labels run to " + std::to_string(classes - 1) + " but " + std::to_string(n_absent) +
                        " class(es) never occur (" + absent + (n_absent > 5 ? ", ..." : "") +
                        "); labels must number the classes 0..C-1 densely (or allow absent classes)");
    }
    return classes;
}

}  // namespace agop
