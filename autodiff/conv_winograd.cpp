#include "autodiff/conv_winograd.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

#include "autodiff/threads.hpp"

namespace agop {

namespace {

std::atomic<Conv3x3Algorithm> chosen_algorithm{Conv3x3Algorithm::im2col};

constexpr std::size_t kTileElements = 16;  // a 4x4 input tile, a 4x4 transformed kernel
// Images per chunk: the transformed inputs and products of a chunk take at most this (as
// im2col's chunks, they stay in cache between the transform and the gemm).
constexpr std::size_t kChunkBytes = std::size_t{8} << 20;

constexpr std::size_t kKernelsPerBlock = 16;

// G g G^T of n <= 16 consecutive 3x3 kernels g (n, 3, 3) -> u[xi * stride + t] for kernel t:
// the kernels side by side (lanes t) so that the transform runs on vectors and each of the
// 16 outputs is stored as one contiguous run (one kernel at a time, 16 scattered scalar
// stores each, the transform cost a seventh of a ResNet-18 step).
void transform_kernels(const float* g, std::size_t n, std::size_t stride, float* u) {
    float e[9][kKernelsPerBlock] = {}, t[4][3][kKernelsPerBlock], out[16][kKernelsPerBlock];
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < 9; ++i) e[i][k] = g[k * 9 + i];
    for (std::size_t j = 0; j < 3; ++j)
        for (std::size_t k = 0; k < kKernelsPerBlock; ++k) {  // G g
            t[0][j][k] = e[j][k];
            t[1][j][k] = 0.5f * (e[j][k] + e[3 + j][k] + e[6 + j][k]);
            t[2][j][k] = 0.5f * (e[j][k] - e[3 + j][k] + e[6 + j][k]);
            t[3][j][k] = e[6 + j][k];
        }
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t k = 0; k < kKernelsPerBlock; ++k) {  // (G g) G^T
            out[i * 4 + 0][k] = t[i][0][k];
            out[i * 4 + 1][k] = 0.5f * (t[i][0][k] + t[i][1][k] + t[i][2][k]);
            out[i * 4 + 2][k] = 0.5f * (t[i][0][k] - t[i][1][k] + t[i][2][k]);
            out[i * 4 + 3][k] = t[i][2][k];
        }
    for (std::size_t xi = 0; xi < 16; ++xi) std::copy(out[xi], out[xi] + n, u + xi * stride);
}

struct TileGrid {
    std::size_t height, width, rows, cols;  // image size; tiles down and across
    std::size_t per_image() const { return rows * cols; }
};

// Image channel (H, W) -> v[xi * stride + t] for each tile t of it, v = B^T d B, one row of
// tiles at a time: B^T along the image's columns over whole padded rows (contiguous), then B
// across each tile, so that each of the 16 outputs is written as a contiguous run of tiles.
// `rows` holds 8 padded rows of 2 * cols + 2 floats.
void transform_channel(const float* image, const TileGrid& grid, std::size_t stride, float* v, float* rows) {
    const std::size_t padded = 2 * grid.cols + 2;
    float* d[4] = {rows, rows + padded, rows + 2 * padded, rows + 3 * padded};
    float* t[4] = {rows + 4 * padded, rows + 5 * padded, rows + 6 * padded, rows + 7 * padded};
    for (std::size_t ty = 0; ty < grid.rows; ++ty) {
        for (std::size_t i = 0; i < 4; ++i) {  // input rows 2 ty - 1 .. 2 ty + 2, zero outside
            std::fill(d[i], d[i] + padded, 0.0f);
            const std::ptrdiff_t y = static_cast<std::ptrdiff_t>(2 * ty + i) - 1;
            if (y >= 0 && y < static_cast<std::ptrdiff_t>(grid.height))
                std::copy(image + y * grid.width, image + (y + 1) * grid.width, d[i] + 1);
        }
        for (std::size_t x = 0; x < padded; ++x) {
            t[0][x] = d[0][x] - d[2][x];
            t[1][x] = d[1][x] + d[2][x];
            t[2][x] = d[2][x] - d[1][x];
            t[3][x] = d[1][x] - d[3][x];
        }
        for (std::size_t i = 0; i < 4; ++i) {
            float* out = v + 4 * i * stride + ty * grid.cols;
            const float* r = t[i];
            for (std::size_t tx = 0; tx < grid.cols; ++tx) {
                out[tx] = r[2 * tx] - r[2 * tx + 2];
                out[stride + tx] = r[2 * tx + 1] + r[2 * tx + 2];
                out[2 * stride + tx] = r[2 * tx + 2] - r[2 * tx + 1];
                out[3 * stride + tx] = r[2 * tx + 1] - r[2 * tx + 3];
            }
        }
    }
}

// Products m[xi * stride + t] of one output channel's tiles -> that channel (H, W) + bias,
// y = A^T m A, one row of tiles at a time (contiguous reads along the row of tiles).
void inverse_channel(const float* m, const TileGrid& grid, std::size_t stride, float bias, float* out) {
    for (std::size_t ty = 0; ty < grid.rows; ++ty) {
        const float* row = m + ty * grid.cols;
        for (std::size_t i = 0; i < 2 && 2 * ty + i < grid.height; ++i) {
            float* y = out + (2 * ty + i) * grid.width;
            for (std::size_t tx = 0; tx < grid.cols; ++tx) {
                float t[4];  // (A^T m)[i][j]; A^T's rows are (1, 1, 1, 0) and (0, 1, -1, -1)
                for (std::size_t j = 0; j < 4; ++j) {
                    const float* p = row + j * stride + tx;
                    t[j] =
                        i == 0 ? p[0] + p[4 * stride] + p[8 * stride] : p[4 * stride] - p[8 * stride] - p[12 * stride];
                }
                y[2 * tx] = t[0] + t[1] + t[2] + bias;
                if (2 * tx + 1 < grid.width) y[2 * tx + 1] = t[1] - t[2] - t[3] + bias;
            }
        }
    }
}

}  // namespace

void set_conv3x3_algorithm(Conv3x3Algorithm algorithm) { chosen_algorithm = algorithm; }

Conv3x3Algorithm conv3x3_algorithm() { return chosen_algorithm; }

bool winograd_applies(const ConvGeometry& g, std::size_t batch) {
    const std::size_t tiles = batch * ((g.height + 1) / 2) * ((g.width + 1) / 2);
    return g.kernel_h == 3 && g.kernel_w == 3 && g.stride == 1 && g.padding == 1 && tiles >= kMinWinogradTiles &&
           conv3x3_algorithm() == Conv3x3Algorithm::winograd;
}

// Per chunk of L images with T = L x tiles per image:
//   v (16, C, T) = B^T d B of every tile,  m[xi] (OC, T) = u[xi] (OC, C) v[xi] (C, T),
//   out = A^T m A of every tile (+ bias).
void winograd_conv3x3(const float* x, std::size_t batch, std::size_t channels, std::size_t height, std::size_t width,
                      const float* weight, KernelUse use, std::size_t out_channels, const float* bias, float* out) {
    const TileGrid grid{height, width, (height + 1) / 2, (width + 1) / 2};
    // u (16, K, L) = G g G^T of the weight as stored, (K, L, 3, 3). Turning a kernel by 180
    // degrees swaps rows 0 and 3 of G, so a turned kernel's transform is the stored one's with
    // tile rows and columns 0 and 3 swapped: the input gradient multiplies by the (L, K)
    // transposes of u[swap(xi)], and the weight is read in its own order either way.
    const bool turned = use == KernelUse::turned;
    const std::size_t k_rows = turned ? channels : out_channels, l_cols = turned ? out_channels : channels;
    std::unique_ptr<float[]> u(new float[kTileElements * out_channels * channels]);
    for (std::size_t k = 0; k < k_rows; ++k)
        for (std::size_t l = 0; l < l_cols; l += kKernelsPerBlock)
            transform_kernels(weight + (k * l_cols + l) * 9, std::min(kKernelsPerBlock, l_cols - l), k_rows * l_cols,
                              u.get() + k * l_cols + l);
    auto swapped = [](std::size_t xi) {  // tile index (i, j) -> (s(i), s(j)) with s swapping 0 and 3
        const std::size_t i = xi / 4, j = xi % 4;
        return (i == 0 ? 3 : i == 3 ? 0 : i) * 4 + (j == 0 ? 3 : j == 3 ? 0 : j);
    };
    const std::size_t per_image_bytes =
        kTileElements * std::max(channels, out_channels) * grid.per_image() * sizeof(float);
    const std::size_t most = std::max<std::size_t>(1, std::min(batch, kChunkBytes / per_image_bytes));
    const std::size_t chunks = (batch + most - 1) / most, chunk = (batch + chunks - 1) / chunks;
    const std::size_t image_size = channels * height * width, out_size = out_channels * height * width;
    // Filled whole before they are read, so not zeroed.
    std::unique_ptr<float[]> v(new float[kTileElements * channels * chunk * grid.per_image()]);
    std::unique_ptr<float[]> m(new float[kTileElements * out_channels * chunk * grid.per_image()]);
    for (std::size_t first = 0; first < batch; first += chunk) {
        const std::size_t count = std::min(chunk, batch - first), tiles = count * grid.per_image();
        const std::ptrdiff_t planes = static_cast<std::ptrdiff_t>(count * channels);
#pragma omp parallel num_threads(threads_for(double(planes) * height * width, 1 << 14))
        {
            std::vector<float> rows(8 * (2 * grid.cols + 2));
#pragma omp for schedule(static)
            for (std::ptrdiff_t p = 0; p < planes; ++p) {
                const std::size_t image = p / channels, c = p % channels;
                transform_channel(x + (first + image) * image_size + c * height * width, grid, channels * tiles,
                                  v.get() + c * tiles + image * grid.per_image(), rows.data());
            }
        }
        for (std::size_t xi = 0; xi < kTileElements; ++xi)
            backend().gemm(turned, false, out_channels, tiles, channels, 1.0f,
                           u.get() + (turned ? swapped(xi) : xi) * out_channels * channels,
                           v.get() + xi * channels * tiles, 0.0f, m.get() + xi * out_channels * tiles);
        const std::ptrdiff_t out_planes = static_cast<std::ptrdiff_t>(count * out_channels);
#pragma omp parallel for schedule(static) num_threads(threads_for(double(out_planes) * height * width, 1 << 14))
        for (std::ptrdiff_t p = 0; p < out_planes; ++p) {
            const std::size_t image = p / out_channels, o = p % out_channels;
            inverse_channel(m.get() + o * tiles + image * grid.per_image(), grid, out_channels * tiles,
                            bias ? bias[o] : 0.0f, out + (first + image) * out_size + o * height * width);
        }
    }
}

}  // namespace agop
