#pragma once
// A 2-D Gaussian filter with the behaviour of scipy.ndimage.gaussian_filter's defaults
// (mode='reflect', truncate=4.0), which XAI-TRIS uses for its correlated backgrounds and
// for blurring its large patterns.

#include <vector>

namespace agop {

// Normalised 1-D kernel of radius int(truncate * sigma + 0.5): (2 * radius + 1) weights.
std::vector<double> gaussian_kernel(double sigma, double truncate = 4.0);

// image (H, W) row-major -> filtered (H, W), in double precision. Separable, axis 0 then
// axis 1 as scipy does. Borders reflect about the edge ("d c b a | a b c d | d c b a"),
// repeating when the kernel is wider than the image.
std::vector<double> gaussian_filter(const std::vector<double>& image, std::size_t height, std::size_t width,
                                    double sigma, double truncate = 4.0);

}  // namespace agop
