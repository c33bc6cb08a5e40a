#include "attribution/kernelshap_dense_forward.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>

#include "autodiff/error.hpp"

namespace agop {

namespace {

constexpr std::size_t kLanes = 16;  // floats per AVX-512 vector; every width is padded to it
constexpr std::size_t kRows = DenseForward::kRowsPerBlock;

std::size_t padded(std::size_t width) { return (width + kLanes - 1) / kLanes * kLanes; }

// out (kRows, padded out) = ReLU(in (kRows, in stride) W^T + bias) for the columns
// [column, column + 16 V): kRows x V accumulators in registers, weights broadcast by row.
template <int V>
__attribute__((target("avx512f"))) void dense_relu_columns(const float* in, std::size_t in_stride, std::size_t k_count,
                                                           const float* weight_t, std::size_t stride, const float* bias,
                                                           float* out, std::size_t column) {
    __m512 acc[kRows][V];
    for (int v = 0; v < V; ++v) {
        const __m512 b = _mm512_loadu_ps(bias + column + kLanes * v);
        for (std::size_t r = 0; r < kRows; ++r) acc[r][v] = b;
    }
    for (std::size_t k = 0; k < k_count; ++k) {
        __m512 w[V];
        for (int v = 0; v < V; ++v) w[v] = _mm512_loadu_ps(weight_t + k * stride + column + kLanes * v);
        for (std::size_t r = 0; r < kRows; ++r) {
            const __m512 x = _mm512_set1_ps(in[r * in_stride + k]);
            for (int v = 0; v < V; ++v) acc[r][v] = _mm512_fmadd_ps(x, w[v], acc[r][v]);
        }
    }
    const __m512 zero = _mm512_setzero_ps();
    for (std::size_t r = 0; r < kRows; ++r)
        for (int v = 0; v < V; ++v) {  // ReLU: keep the lanes above zero (NaN and -0 give +0, as max(x, 0))
            const __mmask16 positive = _mm512_cmp_ps_mask(acc[r][v], zero, _CMP_GT_OQ);
            _mm512_storeu_ps(out + r * stride + column + kLanes * v, _mm512_maskz_mov_ps(positive, acc[r][v]));
        }
}

}  // namespace

DenseForward::DenseForward(const std::vector<DenseLayer>& layers, SimdLevel kernel)
    : avx512_(kernel == SimdLevel::avx512) {
    if (layers.empty()) throw Error("DenseForward: the model gave no dense layers");
    std::size_t width = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const Shape w = shape_of(layers[i].weight), b = shape_of(layers[i].bias);
        if (w.size() != 2 || w[0] == 0 || w[1] == 0 || b.size() != 1 || b[0] != w[0] || (i > 0 && w[1] != width))
            throw_shape_error("DenseForward", "layer " + std::to_string(i + 1) + " does not chain", w, b);
        const std::size_t out = w[0], in = w[1];
        const float* weight = layers[i].weight.data();
        if (i == 0) inputs_ = in;
        if (i + 1 < layers.size()) {
            PackedLayer p{in, out, padded(out), {}, {}};
            p.weight_t.assign(in * p.padded_out, 0.0f);
            p.bias.assign(p.padded_out, 0.0f);
            for (std::size_t o = 0; o < out; ++o) {
                for (std::size_t k = 0; k < in; ++k) p.weight_t[k * p.padded_out + o] = weight[o * in + k];
                p.bias[o] = layers[i].bias.data()[o];
            }
            widest_ = std::max(widest_, p.padded_out);
            hidden_.push_back(std::move(p));
        } else {
            classes_ = out;
            const std::size_t stride = padded(in);
            last_weight_.assign(out * stride, 0.0f);
            for (std::size_t o = 0; o < out; ++o)
                std::copy(weight + o * in, weight + (o + 1) * in, last_weight_.begin() + o * stride);
            last_bias_.assign(layers[i].bias.data(), layers[i].bias.data() + out);
        }
        width = out;
    }
    widest_ = std::max(widest_, padded(inputs_));
}

std::size_t DenseForward::multiply_adds_per_row() const {
    std::size_t total = 0, width = padded(inputs_);
    for (const PackedLayer& layer : hidden_) {
        total += layer.in * layer.padded_out;
        width = layer.padded_out;
    }
    return total + width;
}

void DenseForward::target_logits(const float* rows, std::size_t count, std::size_t target, float* out) const {
    if (target >= classes_)
        throw Error("DenseForward: class " + std::to_string(target) + " asked of a model with " +
                    std::to_string(classes_) + " classes");
    std::vector<float> a(kRows * widest_, 0.0f), b(kRows * widest_, 0.0f);
    std::vector<float> block(kRows * inputs_, 0.0f);
    float values[kRows];
    for (std::size_t first = 0; first < count; first += kRows) {
        const std::size_t n = std::min(kRows, count - first);
        const float* source = rows + first * inputs_;
        if (n < kRows) {  // the last rows, padded with zero rows
            std::fill(block.begin(), block.end(), 0.0f);
            std::copy(source, source + n * inputs_, block.begin());
            source = block.data();
        }
        if (avx512_)
            block_avx512(source, target, values, a, b);
        else
            block_portable(source, target, values, a, b);
        std::copy(values, values + n, out + first);
    }
}

// block_avx512's arithmetic one float at a time.
void DenseForward::block_portable(const float* rows, std::size_t target, float* out, std::vector<float>& a,
                                  std::vector<float>& b) const {
    const float* in = rows;
    std::size_t in_stride = inputs_;
    for (const PackedLayer& layer : hidden_) {
        for (std::size_t r = 0; r < kRows; ++r)
            for (std::size_t o = 0; o < layer.padded_out; ++o) {
                float sum = layer.bias[o];
                for (std::size_t k = 0; k < layer.in; ++k)
                    sum = std::fma(in[r * in_stride + k], layer.weight_t[k * layer.padded_out + o], sum);
                a[r * layer.padded_out + o] = std::max(sum, 0.0f);
            }
        std::swap(a, b);
        in = b.data();
        in_stride = layer.padded_out;
    }
    const float* w = last_weight_.data() + target * padded(hidden_.empty() ? inputs_ : hidden_.back().out);
    for (std::size_t r = 0; r < kRows; ++r) {
        float lanes[kLanes] = {};
        for (std::size_t k = 0; k < in_stride; ++k)
            lanes[k % kLanes] = std::fma(in[r * in_stride + k], w[k], lanes[k % kLanes]);
        float sum = 0.0f;
        for (float lane : lanes) sum += lane;
        out[r] = sum + last_bias_[target];
    }
}

__attribute__((target("avx512f"))) void DenseForward::block_avx512(const float* rows, std::size_t target, float* out,
                                                                   std::vector<float>& a, std::vector<float>& b) const {
    const float* in = rows;
    std::size_t in_stride = inputs_;
    for (const PackedLayer& layer : hidden_) {
        const std::size_t stride = layer.padded_out;
        std::size_t column = 0;
        for (; column + 4 * kLanes <= stride; column += 4 * kLanes)
            dense_relu_columns<4>(in, in_stride, layer.in, layer.weight_t.data(), stride, layer.bias.data(), a.data(),
                                  column);
        const std::size_t left = (stride - column) / kLanes;
        if (left == 3)
            dense_relu_columns<3>(in, in_stride, layer.in, layer.weight_t.data(), stride, layer.bias.data(), a.data(),
                                  column);
        else if (left == 2)
            dense_relu_columns<2>(in, in_stride, layer.in, layer.weight_t.data(), stride, layer.bias.data(), a.data(),
                                  column);
        else if (left == 1)
            dense_relu_columns<1>(in, in_stride, layer.in, layer.weight_t.data(), stride, layer.bias.data(), a.data(),
                                  column);
        std::swap(a, b);
        in = b.data();
        in_stride = stride;
    }
    const float* w = last_weight_.data() + target * padded(hidden_.empty() ? inputs_ : hidden_.back().out);
    for (std::size_t r = 0; r < kRows; ++r) {
        __m512 acc = _mm512_setzero_ps();
        for (std::size_t k = 0; k < in_stride; k += kLanes) {  // the inputs' width is not padded
            const __mmask16 lanes = in_stride - k >= kLanes ? 0xffff : (1u << (in_stride - k)) - 1;
            acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(lanes, in + r * in_stride + k), _mm512_loadu_ps(w + k), acc);
        }
        float lanes[kLanes];  // summed in lane order, as block_portable does
        _mm512_storeu_ps(lanes, acc);
        float sum = 0.0f;
        for (float lane : lanes) sum += lane;
        out[r] = sum + last_bias_[target];
    }
}

bool dense_forward_pays(const ExplainedModel& model) {
    static const bool avx512 = detect_cpu_features().avx512f;
    return avx512 && static_cast<bool>(model.dense_layers);
}

}  // namespace agop
