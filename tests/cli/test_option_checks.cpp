// Option values are checked on the text as typed: negative counts, out-of-range numbers,
// non-finite reals and folders given as files are refused with the range in words.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <unistd.h>

#include "cli/option_checks.hpp"

using namespace agop::cli;

namespace {

// The validator's message for `text` ("" when accepted).
std::string check(const CLI::Validator& validator, std::string text) { return validator(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(option_checks)

BOOST_AUTO_TEST_CASE(whole_number_accepts_its_range_and_names_it_when_refusing) {
    const auto steps = whole_number(1, 100);
    BOOST_TEST(check(steps, "1").empty());
    BOOST_TEST(check(steps, "100").empty());
    BOOST_TEST(check(steps, "0") == "expected a whole number from 1 to 100; got '0'");
    BOOST_TEST(check(steps, "101") == "expected a whole number from 1 to 100; got '101'");
}

BOOST_AUTO_TEST_CASE(whole_number_refuses_signs_fractions_hex_and_overflow_before_conversion) {
    const auto count = whole_number(0, UINT64_MAX);
    for (const char* bad : {"-1", "+1", "1.5", "1e3", "0x10", "", " 1", "abc", "99999999999999999999999"})
        BOOST_TEST(!check(count, bad).empty(), bad);
    BOOST_TEST(check(count, "18446744073709551615").empty());
}

BOOST_AUTO_TEST_CASE(a_long_value_is_shortened_in_the_message) {
    const std::string message = check(whole_number(1, 8), std::string(300, '9'));
    BOOST_TEST(message.size() < 120u, message);
    BOOST_TEST(message.find("...") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_ranged_option_refuses_values_out_of_range_and_shows_its_default) {
    CLI::App app;
    std::size_t rows = 7;
    add_ranged_option(&app, "--rows", rows, "Rows", whole_number(1, 10));
    BOOST_TEST(app.help().find("=7") != std::string::npos, app.help());
    app.parse("--rows 10", false);
    BOOST_TEST(rows == 10u);
    try {
        app.parse("--rows 11", false);
        BOOST_FAIL("--rows 11 was accepted");
    } catch (const CLI::ValidationError& e) {
        BOOST_TEST(std::string(e.what()).find("expected a whole number from 1 to 10; got '11'") != std::string::npos,
                   e.what());
    }
}

BOOST_AUTO_TEST_CASE(finite_number_refuses_nan_inf_and_values_out_of_range) {
    const auto rate = finite_number(0, 1);
    for (const char* good : {"0", "1", "1e-3", "0.5"}) BOOST_TEST(check(rate, good).empty(), good);
    for (const char* bad : {"inf", "-inf", "nan", "1e30", "-0.1", "1.0001", "", "0.1x", "1e400"})
        BOOST_TEST(check(rate, bad) == "expected a finite number from 0 to 1; got '" + std::string(bad) + "'", bad);
}

BOOST_AUTO_TEST_CASE(existing_file_refuses_folders_and_missing_paths) {
    const auto dir = std::filesystem::temp_directory_path() / ("agop_option_checks_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "x.npy") << "x";
    BOOST_TEST(check(existing_file(), (dir / "x.npy").string()).empty());
    BOOST_TEST(check(existing_file(), dir.string()).find("is a folder; expected a file") != std::string::npos);
    BOOST_TEST(check(existing_file(), (dir / "missing.npy").string()).find("no such file") != std::string::npos);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(max_threads_is_four_times_the_hardware_threads_and_at_least_four) {
    const std::uint64_t hardware = std::thread::hardware_concurrency();
    BOOST_TEST(max_threads() == std::max<std::uint64_t>(4, 4 * hardware));
}

BOOST_AUTO_TEST_SUITE_END()
