// The cost model behind `agop reproduce --shard`: every unit of `reproduce all` has a positive
// estimate, smaller at --quick sizes; a tabular seed 0 (which carries the extra studies) above the
// other seeds; the CLEVR run the longest unit; an unknown id is refused.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "autodiff/error.hpp"
#include "experiments/experiment_unit_costs.hpp"
#include "experiments/image_experiment.hpp"
#include "experiments/tabular_experiment.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(experiment_unit_costs)

namespace {

std::vector<std::string> tabular_and_image_units(const ReproduceOptions& options) {
    std::vector<std::string> ids = tabular_experiment_units(options).unit_ids;
    const std::vector<std::string> images = image_unit_ids(options, image_experiment_sizes(options.quick));
    ids.insert(ids.end(), images.begin(), images.end());
    return ids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_unit_has_a_positive_estimate_and_quick_ones_are_cheaper) {
    ReproduceOptions full;
    ReproduceOptions quick;
    quick.quick = true;
    quick.seeds = 1;
    for (const std::string& id : tabular_and_image_units(full)) {
        BOOST_TEST_CONTEXT(id) {
            BOOST_TEST(estimated_unit_seconds(id, full) > 0.0);
            BOOST_TEST(estimated_unit_seconds(id, quick) < estimated_unit_seconds(id, full));
        }
    }
    for (const char* roar : {"tabular-roar/adult", "tabular-roar/credit_default"}) {
        BOOST_TEST(estimated_unit_seconds(roar, full) > 0.0);
        BOOST_TEST(estimated_unit_seconds(roar, quick) < estimated_unit_seconds(roar, full));
    }
}

BOOST_AUTO_TEST_CASE(measured_differences_between_units_hold_and_the_clevr_run_is_the_longest_unit) {
    const ReproduceOptions options;
    BOOST_TEST(estimated_unit_seconds("tabular/linear/seed-0", options) >
               estimated_unit_seconds("tabular/linear/seed-1", options));
    // XAI-TRIS: white backgrounds train and score slower than correlated ones (measured); LIN/white
    // seed 0 also runs the randomisation check.
    BOOST_TEST(estimated_unit_seconds("images/xai-tris/mult/white/seed-1", options) >
               estimated_unit_seconds("images/xai-tris/mult/correlated/seed-1", options));
    BOOST_TEST(estimated_unit_seconds("images/xai-tris/lin/white/seed-0", options) >=
               estimated_unit_seconds("images/xai-tris/lin/white/seed-1", options));
    const std::vector<std::string> ids = tabular_and_image_units(options);
    const auto longest = std::max_element(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
        return estimated_unit_seconds(a, options) < estimated_unit_seconds(b, options);
    });
    BOOST_TEST(*longest == "images/clevr-style");
}

BOOST_AUTO_TEST_CASE(an_unknown_unit_is_refused_naming_it) {
    BOOST_CHECK_EXCEPTION(estimated_unit_seconds("video/seed-0", ReproduceOptions{}), Error, [](const Error& e) {
        return std::string(e.what()).find("no cost estimate for unit 'video/seed-0'") != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
