#pragma once
// A progress line on stderr for long work: what is running, how far it is, its rate and
// an estimate of the time left. Silent when `quiet`.
//
//   Progress progress("tabular: training and explaining", total_runs, quiet);
//   for (...) { ...; progress.advance("linear, seed 2"); }
//
// Each advance rewrites one line ("\r"); finish() ends it with a newline and the total time.

#include <chrono>
#include <cstddef>
#include <string>

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
    std::chrono::steady_clock::time_point start_;
};

// "1h02m", "3m05s", "12s": how the ETA is printed.
std::string format_duration(double seconds);

}  // namespace agop
