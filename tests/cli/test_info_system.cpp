// `agop info --system`: the machine, the OpenBLAS kernels that run and who chose them.

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <sys/wait.h>

#include "autodiff/openblas_core.hpp"

namespace {

struct CommandResult {
    int exit_code;
    std::string output;  // stdout and stderr together
};

CommandResult run_agop(const std::string& arguments) {
    const char* binary_dir = std::getenv("AGOP_BINARY_DIR");
    BOOST_REQUIRE_MESSAGE(binary_dir, "AGOP_BINARY_DIR is not set (ctest sets it)");
    const std::string command = "'" + std::string(binary_dir) + "/agop' " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    BOOST_REQUIRE(pipe);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    return {WEXITSTATUS(pclose(pipe)), output};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(info_system)

BOOST_AUTO_TEST_CASE(system_summary_names_the_running_core_and_who_chose_it) {
    const auto result = run_agop("info --system");
    BOOST_TEST(result.exit_code == 0, result.output);
    // agop re-executes itself only when OPENBLAS_CORETYPE is unset here and the core under-uses
    // the CPU, so the child's core fits this CPU at least as well as this test's own.
    const agop::OpenblasCore here = agop::openblas_core();
    const std::string expected_core = here.requested.empty() && !agop::openblas_coretype_to_set().empty()
                                          ? agop::openblas_coretype_to_set()
                                          : here.running;
    BOOST_TEST(result.output.find("openblas core: " + expected_core + "\n") != std::string::npos, result.output);
    BOOST_TEST(result.output.find("cpu features: ") != std::string::npos);
    BOOST_TEST(result.output.find("openblas core chosen by: ") != std::string::npos);
    BOOST_TEST(result.output.find("OMP_WAIT_POLICY: ") != std::string::npos);
}

// agop sets a short OpenMP spin (GOMP_SPINCOUNT=1000) for itself only when the user set neither
// OMP_WAIT_POLICY nor GOMP_SPINCOUNT; a value the user set is kept as it is.
BOOST_AUTO_TEST_CASE(a_short_openmp_spin_is_set_only_when_the_user_set_no_wait_settings) {
    const char* policy = std::getenv("OMP_WAIT_POLICY");
    const std::string saved_policy = policy ? policy : "";
    unsetenv("OMP_WAIT_POLICY");
    unsetenv("GOMP_SPINCOUNT");
    const auto chosen = run_agop("info --system");
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    const auto kept = run_agop("info --system");
    if (saved_policy.empty()) unsetenv("OMP_WAIT_POLICY");
    else setenv("OMP_WAIT_POLICY", saved_policy.c_str(), 1);
    BOOST_TEST(chosen.output.find("GOMP_SPINCOUNT: 1000\n") != std::string::npos, chosen.output);
    BOOST_TEST(chosen.output.find("OMP_WAIT_POLICY: (unset)\n") != std::string::npos, chosen.output);
    BOOST_TEST(kept.output.find("GOMP_SPINCOUNT: (unset)\n") != std::string::npos, kept.output);
    BOOST_TEST(kept.output.find("OMP_WAIT_POLICY: PASSIVE\n") != std::string::npos, kept.output);
}

BOOST_AUTO_TEST_CASE(info_without_a_checkpoint_or_system_flag_is_one_clear_error) {
    const auto result = run_agop("info");
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.output == "agop info: error: give either a checkpoint file or --system (got neither)\n");
}

BOOST_AUTO_TEST_SUITE_END()
