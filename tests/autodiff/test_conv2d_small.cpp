// The small-layer convolution kernels (autodiff/conv2d_small.hpp), conv2d's im2col + sgemm
// kernel and its Winograd path (autodiff/conv_winograd.hpp), against the plain definition of a
// convolution written as seven nested loops.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "autodiff/conv2d_small.hpp"
#include "autodiff/conv_winograd.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/rng.hpp"
#include "support/scoped_threads.hpp"

using namespace agop;

namespace {

struct ConvCase {
    std::size_t batch, out_channels;
    ConvGeometry g;
};

// Cases inside conv2d_small_pays: CNN8by8's layers, stride 2, padding 0 and 2, odd sizes, a
// 1x1 image smaller than the kernel's reach.
const std::vector<ConvCase> kSmallCases{{3, 4, {1, 8, 8, 2, 2, 1, 1}}, {2, 4, {4, 4, 4, 2, 2, 1, 1}},
                                        {2, 4, {4, 1, 1, 2, 2, 1, 1}}, {2, 3, {2, 7, 6, 3, 2, 2, 0}},
                                        {1, 2, {3, 3, 3, 3, 3, 1, 2}}, {2, 5, {6, 5, 5, 1, 1, 2, 0}}};

// The input pixel that output (oy, ox) reads at kernel offset (ky, kx), or false in padding.
bool input_pixel(const ConvGeometry& g, std::size_t oy, std::size_t ox, std::size_t ky, std::size_t kx, std::size_t& iy,
                 std::size_t& ix) {
    const long y = static_cast<long>(oy * g.stride + ky) - static_cast<long>(g.padding);
    const long x = static_cast<long>(ox * g.stride + kx) - static_cast<long>(g.padding);
    if (y < 0 || x < 0 || y >= static_cast<long>(g.height) || x >= static_cast<long>(g.width)) return false;
    iy = static_cast<std::size_t>(y);
    ix = static_cast<std::size_t>(x);
    return true;
}

// Calls visit(x index, weight index, out index) for every multiply-add of the convolution.
template <class Visit>
void for_each_term(const ConvCase& c, Visit&& visit) {
    const ConvGeometry& g = c.g;
    for (std::size_t n = 0; n < c.batch; ++n)
        for (std::size_t o = 0; o < c.out_channels; ++o)
            for (std::size_t oy = 0; oy < g.out_h(); ++oy)
                for (std::size_t ox = 0; ox < g.out_w(); ++ox)
                    for (std::size_t ch = 0; ch < g.channels; ++ch)
                        for (std::size_t ky = 0; ky < g.kernel_h; ++ky)
                            for (std::size_t kx = 0; kx < g.kernel_w; ++kx) {
                                std::size_t iy = 0, ix = 0;
                                if (!input_pixel(g, oy, ox, ky, kx, iy, ix)) continue;
                                visit(((n * g.channels + ch) * g.height + iy) * g.width + ix,
                                      ((o * g.channels + ch) * g.kernel_h + ky) * g.kernel_w + kx,
                                      ((n * c.out_channels + o) * g.out_h() + oy) * g.out_w() + ox);
                            }
}

struct Reference {
    std::vector<double> out, dx, dweight;
};

// out = conv(x, w) + b; dx and dweight for the seed dout, all in double.
Reference reference(const ConvCase& c, const Tensor& x, const Tensor& w, const Tensor& b, const Tensor& dout) {
    const std::size_t positions = c.g.out_h() * c.g.out_w();
    Reference r{std::vector<double>(dout.size()), std::vector<double>(x.size()), std::vector<double>(w.size())};
    for (std::size_t i = 0; i < r.out.size(); ++i) r.out[i] = b.data()[(i / positions) % c.out_channels];
    for_each_term(c, [&](std::size_t xi, std::size_t wi, std::size_t oi) {
        r.out[oi] += static_cast<double>(x.data()[xi]) * w.data()[wi];
        r.dx[xi] += static_cast<double>(dout.data()[oi]) * w.data()[wi];
        r.dweight[wi] += static_cast<double>(dout.data()[oi]) * x.data()[xi];
    });
    return r;
}

void expect_close(const float* got, const std::vector<double>& expected, const std::string& what) {
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(std::abs(got[i] - expected[i]) <= 1e-4 * (1.0 + std::abs(expected[i])),
                   what << " element " << i << ": " << got[i] << " vs " << expected[i]);
}

// Sets the 3x3 convolutions' algorithm for a scope and restores it afterwards.
class ScopedConv3x3Algorithm {
  public:
    explicit ScopedConv3x3Algorithm(Conv3x3Algorithm a) : previous_(conv3x3_algorithm()) { set_conv3x3_algorithm(a); }
    ~ScopedConv3x3Algorithm() { set_conv3x3_algorithm(previous_); }

  private:
    Conv3x3Algorithm previous_;
};

// max |got - expected| / max |expected|: the error on the scale of the values.
double scaled_error(const float* got, const std::vector<double>& expected) {
    double worst = 0.0, scale = 0.0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        worst = std::max(worst, std::abs(got[i] - expected[i]));
        scale = std::max(scale, std::abs(expected[i]));
    }
    return worst / scale;
}

struct CaseData {
    Tensor x, w, b, dout;
};

CaseData random_case(const ConvCase& c, std::uint64_t seed) {
    Rng rng(seed);
    const ConvGeometry& g = c.g;
    return {rng.normal_tensor({c.batch, g.channels, g.height, g.width}),
            rng.normal_tensor({c.out_channels, g.channels, g.kernel_h, g.kernel_w}),
            rng.normal_tensor({c.out_channels}), rng.normal_tensor({c.batch, c.out_channels, g.out_h(), g.out_w()})};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(conv2d_kernels)

BOOST_AUTO_TEST_CASE(small_kernel_forward_and_gradients_match_the_plain_loops) {
    std::uint64_t seed = 70;
    for (const ConvCase& c : kSmallCases) {
        BOOST_TEST_CONTEXT("case with " << c.g.channels << " channels, " << c.g.height << "x" << c.g.width) {
            BOOST_TEST(conv2d_small_pays(c.out_channels, c.g));
            const CaseData d = random_case(c, seed++);
            const Reference r = reference(c, d.x, d.w, d.b, d.dout);
            Tensor out = Tensor::from_shape(shape_of(d.dout)), dx = Tensor::from_shape(shape_of(d.x)),
                   dw = Tensor::from_shape(shape_of(d.w));
            conv2d_small_forward(d.x.data(), d.w.data(), d.b.data(), c.batch, c.out_channels, c.g, out.data());
            conv2d_small_input_grad(d.dout.data(), d.w.data(), c.batch, c.out_channels, c.g, dx.data());
            conv2d_small_weight_grad(d.dout.data(), d.x.data(), c.batch, c.out_channels, c.g, dw.data());
            expect_close(out.data(), r.out, "out");
            expect_close(dx.data(), r.dx, "dx");
            expect_close(dw.data(), r.dweight, "dweight");
        }
    }
}

BOOST_AUTO_TEST_CASE(im2col_kernel_forward_and_gradients_match_the_plain_loops) {
    // Outside conv2d_small_pays, so conv2d runs im2col + sgemm (ResNet-18's kinds of layer);
    // the last case's columns (1.2 MB per image) make conv2d split the batch into chunks.
    const std::vector<ConvCase> cases{{2, 17, {3, 6, 5, 3, 3, 1, 1}},
                                      {3, 20, {5, 7, 7, 1, 1, 2, 0}},
                                      {2, 8, {8, 4, 4, 3, 3, 2, 1}},
                                      {5, 17, {8, 64, 64, 3, 3, 1, 1}}};
    const ScopedConv3x3Algorithm im2col(Conv3x3Algorithm::im2col);
    std::uint64_t seed = 80;
    for (const ConvCase& c : cases) {
        BOOST_TEST(!conv2d_small_pays(c.out_channels, c.g));
        BOOST_TEST(!winograd_applies(c.g, c.batch));
        const CaseData d = random_case(c, seed++);
        const Reference r = reference(c, d.x, d.w, d.b, d.dout);
        Tape tape;
        Var x = tape.input(d.x), w = tape.input(d.w), b = tape.input(d.b);
        Var out = conv2d(x, w, b, c.g.stride, c.g.padding);
        tape.backward(out, d.dout);
        expect_close(out.value().data(), r.out, "out");
        expect_close(x.grad().data(), r.dx, "dx");
        expect_close(w.grad().data(), r.dweight, "dweight");
    }
}

BOOST_AUTO_TEST_CASE(winograd_forward_and_input_gradient_match_the_plain_loops) {
    // 3x3, stride 1, padding 1: odd sizes (a half tile at the edge), a 1x1 image, a batch split
    // into chunks, and 64 channels as ResNet-18's layer1 at 64x64 (the error stated in
    // conv_winograd.hpp).
    const std::vector<ConvCase> cases{{2, 17, {3, 6, 5, 3, 3, 1, 1}},
                                      {3, 2, {2, 1, 1, 3, 3, 1, 1}},
                                      {2, 5, {4, 7, 2, 3, 3, 1, 1}},
                                      {5, 17, {8, 64, 64, 3, 3, 1, 1}},
                                      {2, 64, {64, 16, 16, 3, 3, 1, 1}}};
    std::uint64_t seed = 85;
    for (const ConvCase& c : cases) {
        const ConvGeometry& g = c.g;
        const CaseData d = random_case(c, seed++);
        const Reference r = reference(c, d.x, d.w, d.b, d.dout);
        Tensor out = Tensor::from_shape(shape_of(d.dout)), dx = Tensor::from_shape(shape_of(d.x));
        winograd_conv3x3(d.x.data(), c.batch, g.channels, g.height, g.width, d.w.data(), KernelUse::as_given,
                         c.out_channels, d.b.data(), out.data());
        winograd_conv3x3(d.dout.data(), c.batch, c.out_channels, g.height, g.width, d.w.data(), KernelUse::turned,
                         g.channels, nullptr, dx.data());
        expect_close(out.data(), r.out, "out");
        expect_close(dx.data(), r.dx, "dx");
        BOOST_TEST_MESSAGE("winograd, " << g.channels << " channels " << g.height << "x" << g.width
                                        << ": scaled error out " << scaled_error(out.data(), r.out) << ", dx "
                                        << scaled_error(dx.data(), r.dx));
        BOOST_TEST(scaled_error(out.data(), r.out) < 2e-6);
        BOOST_TEST(scaled_error(dx.data(), r.dx) < 2e-6);
    }
}

BOOST_AUTO_TEST_CASE(conv2d_takes_winograd_for_many_tiles_and_matches_the_plain_loops) {
    const ConvCase c{5, 17, {8, 64, 64, 3, 3, 1, 1}};  // 5 x 32 x 32 tiles
    const ScopedConv3x3Algorithm winograd(Conv3x3Algorithm::winograd);
    BOOST_TEST(winograd_applies(c.g, c.batch));
    BOOST_TEST(!winograd_applies({512, 2, 2, 3, 3, 1, 1}, 32));  // ResNet-18's layer4: 32 tiles
    BOOST_TEST(!winograd_applies({8, 64, 64, 3, 3, 2, 1}, 5));
    const CaseData d = random_case(c, 89);
    const Reference r = reference(c, d.x, d.w, d.b, d.dout);
    Tape tape;
    Var x = tape.input(d.x), w = tape.input(d.w), b = tape.input(d.b);
    Var out = conv2d(x, w, b, 1, 1);
    tape.backward(out, d.dout);
    expect_close(out.value().data(), r.out, "out");
    expect_close(x.grad().data(), r.dx, "dx");
    expect_close(w.grad().data(), r.dweight, "dweight");
}

BOOST_AUTO_TEST_CASE(winograd_gives_the_same_bits_on_one_and_two_threads) {
    const ConvCase c{8, 32, {32, 16, 16, 3, 3, 1, 1}};  // 512 tiles
    const CaseData d = random_case(c, 95);
    const ScopedConv3x3Algorithm winograd(Conv3x3Algorithm::winograd);
    BOOST_TEST(winograd_applies(c.g, c.batch));
    auto run = [&](int threads) {
        agop::testing::ScopedThreads scoped(threads);
        Tape tape;
        Var x = tape.input(d.x), w = tape.input(d.w), b = tape.input(d.b);
        Var out = conv2d(x, w, b, 1, 1);
        tape.backward(out, d.dout);
        return std::vector<Tensor>{out.value(), x.grad(), w.grad()};
    };
    const auto one = run(1), two = run(2);
    for (std::size_t i = 0; i < one.size(); ++i) BOOST_TEST((one[i] == two[i]));
}

// The order the small kernel sums in, in float: out = ((0 + W[o, 0] x_0) + W[o, 1] x_1 + ...) + b[o]
// over the patch in order, padding read as 0; dx[pixel] = 0 + the patch offsets' values in
// patch order, each (0 + W[0, k] dout[0] + W[1, k] dout[1] + ...). Same bits whichever form
// (columns or padded) runs: the XAI-TRIS results do not depend on it.
std::vector<float> forward_in_patch_order(const ConvCase& c, const CaseData& d) {
    const ConvGeometry& g = c.g;
    const std::size_t oh = g.out_h(), ow = g.out_w(), patch = g.patch_size();
    std::vector<float> out(d.dout.size());
    for (std::size_t n = 0; n < c.batch; ++n)
        for (std::size_t o = 0; o < c.out_channels; ++o)
            for (std::size_t oy = 0; oy < oh; ++oy)
                for (std::size_t ox = 0; ox < ow; ++ox) {
                    float sum = 0.0f;
                    for (std::size_t k = 0; k < patch; ++k) {
                        const std::size_t ch = k / (g.kernel_h * g.kernel_w), ky = k / g.kernel_w % g.kernel_h,
                                          kx = k % g.kernel_w;
                        std::size_t iy = 0, ix = 0;
                        const float v = input_pixel(g, oy, ox, ky, kx, iy, ix)
                                            ? d.x.data()[((n * g.channels + ch) * g.height + iy) * g.width + ix]
                                            : 0.0f;
                        sum += d.w.data()[o * patch + k] * v;
                    }
                    out[((n * c.out_channels + o) * oh + oy) * ow + ox] = sum + d.b.data()[o];
                }
    return out;
}

std::vector<float> input_grad_in_patch_order(const ConvCase& c, const CaseData& d) {
    const ConvGeometry& g = c.g;
    const std::size_t oh = g.out_h(), ow = g.out_w(), patch = g.patch_size();
    std::vector<float> dx(d.x.size(), 0.0f);
    for (std::size_t n = 0; n < c.batch; ++n)
        for (std::size_t k = 0; k < patch; ++k) {
            const std::size_t ch = k / (g.kernel_h * g.kernel_w), ky = k / g.kernel_w % g.kernel_h, kx = k % g.kernel_w;
            for (std::size_t oy = 0; oy < oh; ++oy)
                for (std::size_t ox = 0; ox < ow; ++ox) {
                    std::size_t iy = 0, ix = 0;
                    if (!input_pixel(g, oy, ox, ky, kx, iy, ix)) continue;
                    float column = 0.0f;
                    for (std::size_t o = 0; o < c.out_channels; ++o)
                        column +=
                            d.w.data()[o * patch + k] * d.dout.data()[((n * c.out_channels + o) * oh + oy) * ow + ox];
                    dx[((n * g.channels + ch) * g.height + iy) * g.width + ix] += column;
                }
        }
    return dx;
}

BOOST_AUTO_TEST_CASE(small_kernel_sums_in_patch_order_over_several_blocks) {
    // CNN8by8's four layers (the padded form) and two geometries of the column form, on batches
    // of several blocks of images with a shorter last one.
    const std::vector<ConvCase> cases{{30, 4, {1, 8, 8, 2, 2, 1, 1}},  {100, 4, {4, 4, 4, 2, 2, 1, 1}},
                                      {300, 4, {4, 2, 2, 2, 2, 1, 1}}, {600, 4, {4, 1, 1, 2, 2, 1, 1}},
                                      {70, 3, {2, 7, 6, 3, 2, 2, 0}},  {50, 5, {3, 5, 5, 3, 3, 1, 0}}};
    std::uint64_t seed = 100;
    for (const ConvCase& c : cases) {
        BOOST_TEST_CONTEXT("case with " << c.g.channels << " channels, " << c.g.height << "x" << c.g.width) {
            const CaseData d = random_case(c, seed++);
            Tensor out = Tensor::from_shape(shape_of(d.dout)), dx = Tensor::from_shape(shape_of(d.x));
            conv2d_small_forward(d.x.data(), d.w.data(), d.b.data(), c.batch, c.out_channels, c.g, out.data());
            conv2d_small_input_grad(d.dout.data(), d.w.data(), c.batch, c.out_channels, c.g, dx.data());
            const std::vector<float> expected_out = forward_in_patch_order(c, d);
            const std::vector<float> expected_dx = input_grad_in_patch_order(c, d);
            BOOST_TEST(std::equal(expected_out.begin(), expected_out.end(), out.data()));
            BOOST_TEST(std::equal(expected_dx.begin(), expected_dx.end(), dx.data()));
        }
    }
}

BOOST_AUTO_TEST_CASE(cnn8by8_layers_take_the_small_kernel_and_resnet18_layers_do_not) {
    BOOST_TEST(conv2d_small_pays(4, {1, 8, 8, 2, 2, 1, 1}));
    BOOST_TEST(conv2d_small_pays(4, {4, 4, 4, 2, 2, 1, 1}));
    BOOST_TEST(!conv2d_small_pays(64, {3, 64, 64, 7, 7, 2, 3}));
    BOOST_TEST(!conv2d_small_pays(64, {64, 16, 16, 3, 3, 1, 1}));
    BOOST_TEST(!conv2d_small_pays(128, {64, 16, 16, 1, 1, 2, 0}));
}

BOOST_AUTO_TEST_CASE(small_kernels_give_the_same_bits_on_one_and_two_threads) {
    const ConvCase c{600, 4, {4, 4, 4, 2, 2, 1, 1}};  // large enough to open a parallel region
    const CaseData d = random_case(c, 90);
    auto run = [&](int threads) {
        agop::testing::ScopedThreads scoped(threads);
        Tensor out = Tensor::from_shape(shape_of(d.dout)), dx = Tensor::from_shape(shape_of(d.x)),
               dw = Tensor::from_shape(shape_of(d.w));
        conv2d_small_forward(d.x.data(), d.w.data(), d.b.data(), c.batch, c.out_channels, c.g, out.data());
        conv2d_small_input_grad(d.dout.data(), d.w.data(), c.batch, c.out_channels, c.g, dx.data());
        conv2d_small_weight_grad(d.dout.data(), d.x.data(), c.batch, c.out_channels, c.g, dw.data());
        return std::vector<Tensor>{out, dx, dw};
    };
    const auto one = run(1), two = run(2);
    for (std::size_t i = 0; i < one.size(); ++i) BOOST_TEST((one[i] == two[i]));
}

BOOST_AUTO_TEST_SUITE_END()
