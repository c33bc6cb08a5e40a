#pragma once
// Wall-clock seconds from `start` to now: how training epochs, experiment stages and
// benchmarks are timed (one definition for every layer).

#include <chrono>

namespace agop {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace agop
