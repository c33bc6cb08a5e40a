// The Part 1 claims read the leaders off a hand-made summary.

#include <boost/test/unit_test.hpp>

#include "experiments/tabular_claims.hpp"
#include "support/expect_error.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(tabular_claims_check)

namespace {

TabularMethodSummary scored(double spearman, double noise, double top_k, double speed_up) {
    TabularMethodSummary s;
    s.spearman.mean = spearman;
    s.noise_mass.mean = noise;
    s.top_k_precision.mean = top_k;
    s.speed_up.mean = speed_up;
    return s;
}

// AGOP-IxG leads everywhere except linear top-k, where LIME wins; speed-up 500x.
TabularSummary paper_like() {
    TabularSummary summary;
    for (const char* task : {"linear", "sparse_nonlinear", "interaction"}) {
        summary[task]["agop-ixg"] = scored(0.8, 0.1, 0.9, 500);
        summary[task]["deepshap"] = scored(0.7, 0.3, 0.895, 1);
        summary[task]["lime"] = scored(0.6, 0.4, 0.5, 0.5);
    }
    summary["linear"]["lime"].top_k_precision.mean = 0.95;
    return summary;
}

}  // namespace

BOOST_AUTO_TEST_CASE(paper_like_summary_supports_every_claim) {
    const std::vector<Claim> claims = tabular_claims(paper_like());
    BOOST_TEST(claims.size() == 8u);
    for (const Claim& claim : claims) BOOST_TEST(claim.supported, claim.statement << ": " << claim.evidence);
}

BOOST_AUTO_TEST_CASE(another_leader_or_a_slow_ratio_refutes_the_claims) {
    TabularSummary summary = paper_like();
    summary["interaction"]["deepshap"].spearman.mean = 0.9;
    summary["sparse_nonlinear"]["agop-ixg"].speed_up.mean = 2000;
    const std::vector<Claim> claims = tabular_claims(summary);
    BOOST_TEST(!claims[0].supported);  // Spearman leader on every task
    BOOST_TEST(claims[0].evidence.find("interaction: Spearman leader deepshap") != std::string::npos);
    BOOST_TEST(claims[1].supported);
    BOOST_TEST(!claims[7].supported);  // 2000x is outside 350-1,650x
}

BOOST_AUTO_TEST_CASE(the_input_step_ablation_is_reported_when_it_ran) {
    TabularSummary summary = paper_like();
    for (const char* task : {"linear", "sparse_nonlinear", "interaction"})
        summary[task]["agop-filtered-grad"] = scored(0.7, 0.1, 0.8, 500);
    std::vector<Claim> claims = tabular_claims(summary);
    BOOST_REQUIRE(claims.size() == 9u);
    BOOST_TEST(claims[8].supported, claims[8].evidence);
    BOOST_TEST(claims[8].evidence.find("sparse_nonlinear: Spearman AGOP-IxG 0.800 ± 0.000 vs without x 0.700") !=
               std::string::npos, claims[8].evidence);
    // As in our runs: the filtered gradient without x ranks better on one task.
    summary["sparse_nonlinear"]["agop-filtered-grad"].spearman.mean = 0.85;
    claims = tabular_claims(summary);
    BOOST_TEST(!claims[8].supported);
}

BOOST_AUTO_TEST_CASE(missing_methods_are_named) {
    TabularSummary summary = paper_like();
    summary["interaction"].erase("lime");
    expect_error_mentioning([&] { tabular_claims(summary); }, {"interaction", "lime"});
}

BOOST_AUTO_TEST_SUITE_END()
