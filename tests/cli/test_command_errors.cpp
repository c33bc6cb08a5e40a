// A failed command prints one line naming the command; the standard library's bare
// messages (bad_alloc, max_size(), basic_filebuf, stoull) never reach the user.

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "autodiff/error.hpp"
#include "cli/command_errors.hpp"

using namespace agop::cli;

namespace {

template <class F>
std::string line_for(F throwing) {
    try {
        throwing();
    } catch (...) {
        return failure_line("explain", std::current_exception());
    }
    BOOST_FAIL("nothing was thrown");
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(command_errors)

BOOST_AUTO_TEST_CASE(agop_errors_keep_their_message_after_the_command) {
    BOOST_TEST(line_for([] { throw agop::Error("--inputs x.npy: expected a float array"); }) ==
               "agop explain: error: --inputs x.npy: expected a float array");
}

BOOST_AUTO_TEST_CASE(library_exceptions_are_put_in_words) {
    const std::vector<std::string> lines{
        line_for([] { throw std::bad_alloc(); }),
        line_for([] { std::vector<float> v(std::vector<float>().max_size() + 1); }),
        line_for([] { (void)std::stoull("abc"); }),
        line_for([] { (void)std::stoull("99999999999999999999999"); }),
        line_for([] {
            std::ifstream in;
            in.exceptions(std::ios::failbit);
            in.open("/nonexistent/agop");
        }),
    };
    for (const auto& line : lines) {
        BOOST_TEST(line.rfind("agop explain: error: ", 0) == 0u, line);
        for (const char* bare : {"std::bad_alloc", "max_size", "stoull", "basic_", "iostream"})
            BOOST_TEST(line.find(bare) == std::string::npos, line);
    }
    BOOST_TEST(lines[0].find("out of memory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_message_with_raw_bytes_stays_on_one_line) {
    const std::string line = line_for([] { throw agop::Error("header 'a\r\nb'"); });
    BOOST_TEST(line.find('\n') == std::string::npos);
    BOOST_TEST(line.find('\r') == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
