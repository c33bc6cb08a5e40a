#pragma once
// The project's portable random number generator.
//
// xoshiro256** (Blackman & Vigna) seeded through splitmix64, with our own uniform,
// normal and permutation functions. std::normal_distribution and friends are not used
// anywhere: their output differs between standard libraries, and agop promises the
// same bits for the same seed with any compiler.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "autodiff/tensor.hpp"

namespace agop {

class Rng {
  public:
    explicit Rng(std::uint64_t seed);

    // A generator for sub-task `stream` of this seed (for example one per ROAR retraining),
    // independent of the order in which the sub-tasks run.
    static Rng stream(std::uint64_t seed, std::uint64_t stream);

    std::uint64_t next_u64();
    // Uniform in [0, 1) with 53 random bits.
    double uniform();
    // Uniform in [lo, hi).
    double uniform(double lo, double hi);
    // Uniform integer in [0, n), without modulo bias (rejection sampling). n must be > 0.
    std::uint64_t uniform_index(std::uint64_t n);
    // Standard normal by the Marsaglia polar method (uses only +, *, log, sqrt).
    double normal();
    double normal(double mean, double stddev);
    // `count` standard normal draws as float32, by Marsaglia & Tsang's ziggurat (128 layers):
    // one 64-bit draw and a multiply for 98.8% of values (measured: about 3x faster than normal()).
    // A different sequence from normal(); used where draws are many (SmoothGrad and LIME
    // perturbations). out must hold `count` floats.
    void fill_normal(float* out, std::size_t count);
    // True with probability p.
    bool bernoulli(double p);

    // A uniformly random permutation of 0..n-1 (Fisher–Yates).
    std::vector<std::size_t> permutation(std::size_t n);
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[uniform_index(i)]);
    }

    // Tensors of i.i.d. draws.
    Tensor normal_tensor(const Shape& shape, double mean = 0.0, double stddev = 1.0);
    Tensor uniform_tensor(const Shape& shape, double lo = 0.0, double hi = 1.0);

  private:
    std::uint64_t s_[4];
    double spare_normal_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace agop
