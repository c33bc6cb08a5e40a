#include "experiments/progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace agop {

Progress::Progress(std::string what, std::size_t total, bool quiet)
    : what_(std::move(what)),
      total_(total),
      quiet_(quiet),
      terminal_(isatty(fileno(stderr)) == 1),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

double Progress::elapsed_seconds() const { return seconds_since(start_); }

void Progress::advance(const std::string& detail) {
    ++done_;
    if (quiet_) return;
    const double elapsed = elapsed_seconds();
    const double rate = elapsed > 0 ? done_ / elapsed : 0.0;
    const double eta = rate > 0 && total_ > done_ ? (total_ - done_) / rate : 0.0;
    if (terminal_) {
        std::fprintf(stderr, "\r%s: %zu/%zu  %.2f/s  ETA %s  %s\033[K", what_.c_str(), done_, total_, rate,
                     format_duration(eta).c_str(), detail.c_str());
    } else {
        if (elapsed - last_line_at_ < 10.0) return;
        last_line_at_ = elapsed;
        std::fprintf(stderr, "%s: %zu/%zu  %.2f/s  ETA %s  %s\n", what_.c_str(), done_, total_, rate,
                     format_duration(eta).c_str(), detail.c_str());
    }
    std::fflush(stderr);
}

void Progress::finish() {
    if (finished_) return;
    finished_ = true;
    if (quiet_) return;
    std::fprintf(stderr, terminal_ ? "\r%s: %zu/%zu done in %s\033[K\n" : "%s: %zu/%zu done in %s\n", what_.c_str(),
                 done_, total_, format_duration(elapsed_seconds()).c_str());
}

std::string format_duration(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char buffer[32];
    if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
    else if (s >= 60) std::snprintf(buffer, sizeof buffer, "%ldm%02lds", s / 60, s % 60);
    else std::snprintf(buffer, sizeof buffer, "%lds", s);
    return buffer;
}

}  // namespace agop
