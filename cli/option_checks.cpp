#include "cli/option_checks.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

namespace agop::cli {

namespace {

// The text as the user typed it, shortened, so that a message stays one readable line.
std::string shown(const std::string& text) {
    return "'" + (text.size() > 40 ? text.substr(0, 40) + "..." : text) + "'";
}

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

}  // namespace

CLI::Validator whole_number(std::uint64_t low, std::uint64_t high) {
    const std::string high_text = high == UINT64_MAX ? "2^64-1" : std::to_string(high);
    const std::string range = "a whole number from " + std::to_string(low) + " to " + high_text;
    return CLI::Validator(
        [low, high, range](std::string& text) -> std::string {
            const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits) return "expected " + range + "; got " + shown(text);
            errno = 0;
            const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
            if (errno == ERANGE || value < low || value > high) return "expected " + range + "; got " + shown(text);
            return "";
        },
        "from " + std::to_string(low) + " to " + high_text);
}

std::string finite_range_text(double low, double high, bool low_open) {
    return "a finite number " + std::string(low_open ? "above " : "from ") + number_text(low) +
           (low_open ? ", up to " : " to ") + number_text(high);
}

CLI::Validator finite_number(double low, double high, bool low_open) {
    const std::string range = finite_range_text(low, high, low_open);
    return CLI::Validator(
        [low, high, low_open, range](std::string& text) -> std::string {
            char* end = nullptr;
            const double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
            const bool whole_text = end && *end == '\0';
            const bool below = low_open ? !(value > low) : value < low;
            if (!whole_text || !std::isfinite(value) || below || value > high)
                return "expected " + range + "; got " + shown(text);
            return "";
        },
        "finite, " + range.substr(std::string("a finite number ").size()));
}

CLI::Validator existing_file() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            std::error_code error;
            const auto status = std::filesystem::status(text, error);
            if (status.type() == std::filesystem::file_type::not_found) return shown(text) + ": no such file";
            if (status.type() == std::filesystem::file_type::directory)
                return shown(text) + " is a folder; expected a file";
            if (error) return shown(text) + ": cannot be read (" + error.message() + ")";
            return "";
        },
        "FILE");
}

std::uint64_t max_threads() {
    return std::max<std::uint64_t>(4, 4 * std::uint64_t{std::thread::hardware_concurrency()});
}

}  // namespace agop::cli
