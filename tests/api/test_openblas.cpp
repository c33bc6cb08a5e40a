// The public OPENBLAS_CORETYPE advice is the engine's decision for this process.

#include <cblas.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>

#include "agop/agop.hpp"
#include "autodiff/openblas_core.hpp"

BOOST_AUTO_TEST_SUITE(api_openblas)

BOOST_AUTO_TEST_CASE(coretype_advice_is_the_engines_for_this_process) {
    const char* requested = std::getenv("OPENBLAS_CORETYPE");
    BOOST_TEST(agop::openblas_coretype_to_set() == agop::openblas_coretype_to_set(requested ? requested : "",
                                                                                  openblas_get_corename(),
                                                                                  agop::detect_cpu_features()));
}

BOOST_AUTO_TEST_SUITE_END()
