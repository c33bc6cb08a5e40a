#pragma once
// A progress line on stderr for long work: what is running, how far it is, its rate and
// an estimate of the time left. Silent when `quiet`.
//
//   Progress progress("tabular: training and explaining", total_runs, quiet);
//   for (...) { ...; progress.advance("linear, seed 2"); }
//
// On a terminal each advance rewrites one line ("\r"); elsewhere (a CI log, a file) a full
// line is printed at most every 10 seconds. finish() ends with the total time.

#include <chrono>
#include <cstddef>
#include <string>

#include "autodiff/wall_time.hpp"  // seconds_since: how every stage of an experiment is timed

namespace agop {

class Progress {
  public:
    Progress(std::string what, std::size_t total, bool quiet);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // One more unit done; `detail` says which.
    void advance(const std::string& detail = "");
    // Ends the line (also done by the destructor).
    void finish();
    double elapsed_seconds() const;

  private:
    std::string what_;
    std::size_t total_, done_ = 0;
    bool quiet_, finished_ = false;
    bool terminal_;
    std::chrono::steady_clock::time_point start_;
    double last_line_at_ = 0.0;  // elapsed seconds at the last line written (not on a terminal)
};

// "1h02m", "3m05s", "12s": how the ETA is printed.
std::string format_duration(double seconds);

}  // namespace agop
