#pragma once
// Sets agop's thread count for a scope and restores it afterwards. Tests of tiny models use
// one thread: their ops are too small to gain from a second one, and on a loaded machine
// the OpenMP regions' synchronisation then dominates the run time.

#include "autodiff/threads.hpp"

namespace agop::testing {

class ScopedThreads {
  public:
    explicit ScopedThreads(int n) : previous_(thread_count()) { set_threads(n); }
    ~ScopedThreads() { set_threads(previous_); }
    ScopedThreads(const ScopedThreads&) = delete;
    ScopedThreads& operator=(const ScopedThreads&) = delete;

  private:
    int previous_;
};

}  // namespace agop::testing
