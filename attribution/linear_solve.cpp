#include "attribution/linear_solve.hpp"

#include <cmath>
#include <utility>

namespace agop {

bool solve_linear_system(std::vector<double> a, std::vector<double> b, std::size_t n, std::vector<double>& x) {
    double scale = 0.0;
    for (double v : a) scale = std::max(scale, std::abs(v));
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col])) pivot = r;
        if (!(std::abs(a[pivot * n + col]) > 1e-13 * scale)) return false;
        if (pivot != col) {
            for (std::size_t c = 0; c < n; ++c) std::swap(a[col * n + c], a[pivot * n + c]);
            std::swap(b[col], b[pivot]);
        }
        for (std::size_t r = col + 1; r < n; ++r) {
            const double factor = a[r * n + col] / a[col * n + col];
            if (factor == 0.0) continue;
            for (std::size_t c = col; c < n; ++c) a[r * n + c] -= factor * a[col * n + c];
            b[r] -= factor * b[col];
        }
    }
    x.assign(n, 0.0);
    for (std::size_t r = n; r-- > 0;) {
        double total = b[r];
        for (std::size_t c = r + 1; c < n; ++c) total -= a[r * n + c] * x[c];
        x[r] = total / a[r * n + r];
    }
    return true;
}

}  // namespace agop
