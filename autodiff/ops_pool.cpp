// Pooling: max, average (both windowed) and global average.

#include <cstdint>
#include <limits>

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

namespace {

ConvGeometry pool_geometry(const char* op, const Shape& sx, std::size_t kernel, std::size_t stride, std::size_t padding) {
    if (sx.size() != 4) throw_shape_error(op, "expected (N, C, H, W)", sx);
    if (kernel == 0 || stride == 0) throw Error(std::string(op) + ": kernel and stride must be at least 1");
    if (2 * padding > kernel) throw Error(std::string(op) + ": padding must be at most half the kernel");
    if (sx[2] + 2 * padding < kernel || sx[3] + 2 * padding < kernel)
        throw_shape_error(op, "window of " + std::to_string(kernel) + " larger than the padded input", sx);
    return ConvGeometry{1, sx[2], sx[3], kernel, kernel, stride, padding};
}

// The winner of each window of max-pool 2x2, stride 2, no padding (CNN8by8's four pools):
// four loads and three compares, in the generic scan's order so ties resolve the same way.
// Why a special case: the generic loop's clipping and index arithmetic cost 9% of CNN8by8
// attribution at 1 thread, for windows of four values. With `relu_first` each value goes
// through relu's expression before the compares: the pool of relu(x), without relu's tensor.
template <bool relu_first>
void max_pool_2x2_winners(const float* in, std::size_t planes, std::size_t h, std::size_t w, float* out,
                          std::uint32_t* winner) {
    const std::size_t oh = h / 2, ow = w / 2;
    const auto value = [](float v) { return relu_first ? (v > 0.0f ? v : 0.0f) : v; };
#pragma omp parallel for schedule(static) if (planes * oh * ow * 4 >= kParallelMinElements)
    for (std::ptrdiff_t p = 0; p < static_cast<std::ptrdiff_t>(planes); ++p)
        for (std::size_t oy = 0; oy < oh; ++oy)
            for (std::size_t ox = 0; ox < ow; ++ox) {
                const std::size_t corner = 2 * oy * w + 2 * ox;
                const float* plane = in + p * h * w;
                std::size_t best_index = corner;
                float best = value(plane[corner]);
                // Selects rather than branches: which value wins is data, and mispredicted.
                for (const std::size_t index : {corner + 1, corner + w, corner + w + 1}) {
                    const float v = value(plane[index]);
                    const bool larger = v > best;
                    best = larger ? v : best;
                    best_index = larger ? index : best_index;
                }
                const std::size_t o = (p * oh + oy) * ow + ox;
                out[o] = best;
                winner[o] = static_cast<std::uint32_t>(best_index);
            }
}

}  // namespace

// x (N, C, H, W) -> (N, C, OH, OW); backward routes each output's gradient to the input
// element that won its window (the first one on ties, as PyTorch). Winners are stored as
// offsets within their plane (H * W < 2^32 is checked).
Var max_pool2d(const Var& x, std::size_t kernel, std::size_t stride, std::size_t padding) {
    const Shape sx = x.shape();
    const ConvGeometry g = pool_geometry("max_pool2d", sx, kernel, stride, padding);
    const std::size_t planes = sx[0] * sx[1], oh = g.out_h(), ow = g.out_w(), h = sx[2], w = sx[3];
    if (h * w > std::numeric_limits<std::uint32_t>::max())
        throw_shape_error("max_pool2d", "planes of at most 2^32 elements", sx);
    Tensor out = Tensor::from_shape({sx[0], sx[1], oh, ow});
    std::vector<std::uint32_t> winner(planes * oh * ow);
    const float* in = x.value().data();
    if (kernel == 2 && stride == 2 && padding == 0) {
        max_pool_2x2_winners<false>(in, planes, h, w, out.data(), winner.data());
    } else {
#pragma omp parallel for schedule(static) if (planes * oh * ow * kernel * kernel >= kParallelMinElements)
        for (std::ptrdiff_t p = 0; p < static_cast<std::ptrdiff_t>(planes); ++p)
            for (std::size_t oy = 0; oy < oh; ++oy)
                for (std::size_t ox = 0; ox < ow; ++ox) {
                    // The window clipped to the image once, so the scan below needs no bounds tests.
                    const std::ptrdiff_t y0 = static_cast<std::ptrdiff_t>(oy * stride) - static_cast<std::ptrdiff_t>(padding);
                    const std::ptrdiff_t x0 = static_cast<std::ptrdiff_t>(ox * stride) - static_cast<std::ptrdiff_t>(padding);
                    const std::ptrdiff_t y_begin = std::max<std::ptrdiff_t>(y0, 0), x_begin = std::max<std::ptrdiff_t>(x0, 0);
                    const std::ptrdiff_t y_end = std::min<std::ptrdiff_t>(y0 + kernel, h), x_end = std::min<std::ptrdiff_t>(x0 + kernel, w);
                    const float* plane = in + p * h * w;
                    std::size_t best_index = y_begin * w + x_begin;
                    float best = plane[best_index];
                    for (std::ptrdiff_t y = y_begin; y < y_end; ++y)
                        for (std::ptrdiff_t xx = x_begin; xx < x_end; ++xx) {
                            const std::size_t index = y * w + xx;
                            if (plane[index] > best) {
                                best = plane[index];
                                best_index = index;
                            }
                        }
                    const std::size_t o = (p * oh + oy) * ow + ox;
                    out.data()[o] = best;
                    winner[o] = static_cast<std::uint32_t>(best_index);
                }
    }
    const std::size_t plane_out = oh * ow, plane_in = h * w;
    return x.tape().record("max_pool2d", std::move(out), {x}, [sx, planes, plane_out, plane_in, winner = std::move(winner)](Node& self) {
        Tensor dx = xt::zeros<float>(sx);
        const float* dout = self.grad.data();
        for (std::size_t p = 0; p < planes; ++p) {
            float* dplane = dx.data() + p * plane_in;
            for (std::size_t o = p * plane_out; o < (p + 1) * plane_out; ++o) dplane[winner[o]] += dout[o];
        }
        self.inputs[0]->add_grad(std::move(dx));
    });
}

// max_pool2d(relu(x), 2, 2) in one op with its bits: the same winners and values, and the
// backward's gradient is relu's (dout where the winner is positive, else 0) added into zeros
// as max-pool's backward adds it. One tensor and one pass fewer each way.
Var relu_max_pool2x2(const Var& x) {
    const Shape sx = x.shape();
    const ConvGeometry g = pool_geometry("relu_max_pool2x2", sx, 2, 2, 0);
    const std::size_t planes = sx[0] * sx[1], oh = g.out_h(), ow = g.out_w(), h = sx[2], w = sx[3];
    if (h * w > std::numeric_limits<std::uint32_t>::max())
        throw_shape_error("relu_max_pool2x2", "planes of at most 2^32 elements", sx);
    Tensor out = Tensor::from_shape({sx[0], sx[1], oh, ow});
    std::vector<std::uint32_t> winner(planes * oh * ow);
    max_pool_2x2_winners<true>(x.value().data(), planes, h, w, out.data(), winner.data());
    const std::size_t plane_out = oh * ow, plane_in = h * w;
    return x.tape().record("relu_max_pool2x2", std::move(out), {x},
                           [sx, planes, plane_out, plane_in, winner = std::move(winner)](Node& self) {
                               Tensor dx = xt::zeros<float>(sx);
                               // out = relu(x[winner]), so out > 0 exactly where relu passes the gradient.
                               const float* out = self.value().data();
                               const float* dout = self.grad.data();
                               for (std::size_t p = 0; p < planes; ++p) {
                                   float* dplane = dx.data() + p * plane_in;
                                   for (std::size_t o = p * plane_out; o < (p + 1) * plane_out; ++o)
                                       dplane[winner[o]] += out[o] > 0.0f ? dout[o] : 0.0f;
                               }
                               self.inputs[0]->add_grad(std::move(dx));
                           });
}

// x (N, C, H, W) -> (N, C, OH, OW): the mean over each window, padding counted as zeros.
// backward spreads each output's gradient evenly over its window.
Var avg_pool2d(const Var& x, std::size_t kernel, std::size_t stride, std::size_t padding) {
    const Shape sx = x.shape();
    const ConvGeometry g = pool_geometry("avg_pool2d", sx, kernel, stride, padding);
    const std::size_t planes = sx[0] * sx[1], oh = g.out_h(), ow = g.out_w(), h = sx[2], w = sx[3];
    const float inv_area = 1.0f / static_cast<float>(kernel * kernel);
    auto for_each_window_element = [=](std::size_t p, std::size_t oy, std::size_t ox, auto&& visit) {
        for (std::size_t ky = 0; ky < kernel; ++ky)
            for (std::size_t kx = 0; kx < kernel; ++kx) {
                const std::ptrdiff_t y = static_cast<std::ptrdiff_t>(oy * stride + ky) - static_cast<std::ptrdiff_t>(padding);
                const std::ptrdiff_t xx = static_cast<std::ptrdiff_t>(ox * stride + kx) - static_cast<std::ptrdiff_t>(padding);
                if (y >= 0 && y < static_cast<std::ptrdiff_t>(h) && xx >= 0 && xx < static_cast<std::ptrdiff_t>(w))
                    visit(p * h * w + y * w + xx);
            }
    };
    Tensor out = Tensor::from_shape({sx[0], sx[1], oh, ow});
    const float* in = x.value().data();
#pragma omp parallel for schedule(static) if (planes * oh * ow * kernel * kernel >= kParallelMinElements)
    for (std::ptrdiff_t p = 0; p < static_cast<std::ptrdiff_t>(planes); ++p)
        for (std::size_t oy = 0; oy < oh; ++oy)
            for (std::size_t ox = 0; ox < ow; ++ox) {
                float total = 0.0f;
                for_each_window_element(p, oy, ox, [&](std::size_t i) { total += in[i]; });
                out.data()[(p * oh + oy) * ow + ox] = total * inv_area;
            }
    return x.tape().record("avg_pool2d", std::move(out), {x}, [=](Node& self) {
        Tensor dx = xt::zeros<float>(sx);
#pragma omp parallel for schedule(static) if (planes * oh * ow * kernel * kernel >= kParallelMinElements)
        for (std::ptrdiff_t p = 0; p < static_cast<std::ptrdiff_t>(planes); ++p)
            for (std::size_t oy = 0; oy < oh; ++oy)
                for (std::size_t ox = 0; ox < ow; ++ox) {
                    const float share = self.grad.data()[(p * oh + oy) * ow + ox] * inv_area;
                    for_each_window_element(p, oy, ox, [&](std::size_t i) { dx.data()[i] += share; });
                }
        self.inputs[0]->add_grad(std::move(dx));
    });
}

// x (N, C, H, W) -> (N, C); backward: dx[n,c,:,:] = dout[n,c] / (H W)
Var global_avg_pool(const Var& x) {
    const Shape sx = x.shape();
    if (sx.size() != 4) throw_shape_error("global_avg_pool", "expected (N, C, H, W)", sx);
    const std::size_t planes = sx[0] * sx[1], area = sx[2] * sx[3];
    Tensor out = Tensor::from_shape({sx[0], sx[1]});
    for (std::size_t p = 0; p < planes; ++p) {
        const float* plane = x.value().data() + p * area;
        float total = 0.0f;
        for (std::size_t i = 0; i < area; ++i) total += plane[i];
        out.data()[p] = total / static_cast<float>(area);
    }
    return x.tape().record("global_avg_pool", std::move(out), {x}, [sx, planes, area](Node& self) {
        Tensor dx = Tensor::from_shape(sx);
        for (std::size_t p = 0; p < planes; ++p) {
            const float share = self.grad.data()[p] / static_cast<float>(area);
            std::fill(dx.data() + p * area, dx.data() + (p + 1) * area, share);
        }
        self.inputs[0]->add_grad(std::move(dx));
    });
}

}  // namespace agop
