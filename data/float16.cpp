#include "data/float16.hpp"

#include <cmath>
#include <limits>

namespace agop {

float round_to_float16(double x) {
    if (std::isnan(x) || std::isinf(x) || x == 0.0) return static_cast<float>(x);
    const double magnitude = std::fabs(x);
    // Spacing of float16 values around |x|: 2^(e-10) for normal numbers with exponent e,
    // 2^-24 for subnormals (e < -14).
    int exponent;
    std::frexp(magnitude, &exponent);  // magnitude = m * 2^exponent, m in [0.5, 1)
    const int unbiased = exponent - 1;
    const double spacing = std::ldexp(1.0, (unbiased < -14 ? -14 : unbiased) - 10);
    // nearbyint rounds ties to even under the default rounding mode; the quotient is exact.
    const double rounded = std::nearbyint(magnitude / spacing) * spacing;
    const double largest_half = 65504.0;
    const double result = rounded > largest_half ? std::numeric_limits<double>::infinity() : rounded;
    return static_cast<float>(x < 0 ? -result : result);
}

}  // namespace agop
