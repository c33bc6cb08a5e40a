// Progress lines: durations format as a person reads them; a quiet reporter stays silent.

#include <boost/test/unit_test.hpp>

#include "experiments/progress.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(durations_format_in_seconds_minutes_and_hours) {
    BOOST_TEST(format_duration(12.4) == "12s");
    BOOST_TEST(format_duration(185) == "3m05s");
    BOOST_TEST(format_duration(3720) == "1h02m");
}

BOOST_AUTO_TEST_CASE(quiet_progress_counts_without_printing) {
    Progress p("work", 3, true);
    p.advance("a");
    p.advance("b");
    BOOST_TEST(p.elapsed_seconds() >= 0.0);
    p.finish();
    p.finish();  // idempotent
}

BOOST_AUTO_TEST_SUITE_END()
