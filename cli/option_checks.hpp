#pragma once
// Checks of option values, run by CLI11 on the text as typed, before it converts it. CLI11
// alone wraps "-1" to 2^64-1 for an unsigned option and accepts "inf" or "1e30" for a float;
// these validators refuse such text with a message naming the range in words, which CLI11
// prefixes with the option's name:
//   --threads: expected a whole number from 1 to 8; got 0

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace agop::cli {

// Accepts decimal digits alone (no sign, no exponent, no hex) whose value lies in [low, high].
CLI::Validator whole_number(std::uint64_t low, std::uint64_t high);

// Accepts a finite decimal number in [low, high], or (low, high] when `low_open` ("nan", "inf"
// and "1e30" above high are refused).
CLI::Validator finite_number(double low, double high, bool low_open = false);

// "a finite number from 0 to 1", or with `low_open` "a finite number above 0, up to 1": the
// range as the messages of finite_number name it.
std::string finite_range_text(double low, double high, bool low_open = false);

// Adds `flag` bound to `field`, refused by `range` (whole_number, finite_number, ...) before
// conversion, its default shown in --help.
template <class T>
CLI::Option* add_ranged_option(CLI::App* cmd, const std::string& flag, T& field, const std::string& help,
                               const CLI::Validator& range) {
    return cmd->add_option(flag, field, help)->check(range)->capture_default_str();
}

// Accepts the path of an existing regular file (a folder or a missing path is refused).
CLI::Validator existing_file();

// The largest --threads: 4 x the hardware threads (at least 4). More threads than that only
// time-slice the same cores, and a typo such as 100000 would otherwise ask OpenMP for 100000
// stacks before any work.
std::uint64_t max_threads();

}  // namespace agop::cli
