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

BOOST_AUTO_TEST_CASE(info_without_a_checkpoint_or_system_flag_is_one_clear_error) {
    const auto result = run_agop("info");
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.output == "agop: error: info: give either a checkpoint file or --system (got neither)\n");
}

BOOST_AUTO_TEST_SUITE_END()
