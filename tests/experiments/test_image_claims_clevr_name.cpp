// The CLEVR claim names the data it was checked on: the stand-in by default, CLEVR-XAI when the
// real release was read.

#include <boost/test/unit_test.hpp>

#include "experiments/clevr_xai_release.hpp"
#include "experiments/image_claims.hpp"

using namespace agop;

namespace {

const Claim& clevr_claim(const std::vector<Claim>& claims) {
    for (const auto& c : claims)
        if (c.statement.find("On CLEVR-XAI with ResNet-18") != std::string::npos) return c;
    BOOST_FAIL("no CLEVR claim");
    return claims.front();
}

ImageClaimInputs clevr_inputs() {
    ImageClaimInputs in;
    in.clevr_style_miou = std::map<std::string, double>{{"agop-weighted", 0.3},
                                                        {"agop-global", 0.4},
                                                        {"integrated-gradients", 0.2},
                                                        {"gradcam", 0.1},
                                                        {"vanilla-grad", 0.1}};
    return in;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_claims_clevr_name)

BOOST_AUTO_TEST_CASE(the_stand_in_is_named_by_default) {
    const Claim c = clevr_claim(image_claims(clevr_inputs()));
    BOOST_TEST(c.evidence.find(kClevrStyleName) != std::string::npos, c.evidence);
}

BOOST_AUTO_TEST_CASE(the_real_release_is_named_clevr_xai_not_the_stand_in) {
    ImageClaimInputs in = clevr_inputs();
    in.clevr_name = kClevrXaiName;
    const Claim c = clevr_claim(image_claims(in));
    BOOST_TEST(c.evidence.find("On CLEVR-XAI (single seed)") != std::string::npos, c.evidence);
    BOOST_TEST(c.evidence.find("stand-in") == std::string::npos, c.evidence);
    BOOST_TEST(c.supported);  // 0.3 and 0.4 both above IG's 0.2
}

BOOST_AUTO_TEST_SUITE_END()
