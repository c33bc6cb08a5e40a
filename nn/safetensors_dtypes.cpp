#include "nn/safetensors_dtypes.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "autodiff/error.hpp"

namespace agop::nn {

namespace {

float float_from_bits(std::uint32_t bits) {
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

template <typename Word>
Word load(const char* bytes, std::size_t i) {
    Word word;
    std::memcpy(&word, bytes + i * sizeof(Word), sizeof word);  // little-endian host (checked by the reader)
    return word;
}

void require_finite(float value, const std::string& dtype, std::size_t i, const std::string& where) {
    if (!std::isfinite(value))
        throw Error(where + " (" + dtype + ") holds a non-finite value at element " + std::to_string(i) +
                    " (in float32: " + std::to_string(value) + "); weights must be finite");
}

}  // namespace

std::size_t dtype_size(const std::string& dtype, const std::string& where) {
    if (dtype == "F64" || dtype == "I64") return 8;
    if (dtype == "F32" || dtype == "I32") return 4;
    if (dtype == "F16" || dtype == "BF16" || dtype == "I16") return 2;
    if (dtype == "I8" || dtype == "U8" || dtype == "BOOL") return 1;
    throw Error(where + " has dtype " + dtype +
                "; supported: F64, F32, F16, BF16 (read as float32) and I64, I32, "
                "I16, I8, U8, BOOL (skipped)");
}

bool is_float_dtype(const std::string& dtype) {
    return dtype == "F64" || dtype == "F32" || dtype == "F16" || dtype == "BF16";
}

float half_to_float(std::uint16_t bits) {
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
    const std::uint32_t mantissa = bits & 0x3FFu;
    if (exponent == 0x1F) return float_from_bits(sign | 0x7F800000u | (mantissa << 13));  // inf, nan
    if (exponent != 0) return float_from_bits(sign | ((exponent + 112) << 23) | (mantissa << 13));
    // Zero or subnormal: mantissa * 2^-24, exact in float32.
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
}

float bfloat16_to_float(std::uint16_t bits) { return float_from_bits(static_cast<std::uint32_t>(bits) << 16); }

void decode_float_tensor(const std::string& dtype, const char* bytes, std::size_t count, float* out,
                         const std::string& where) {
    if (dtype == "F32") {
        std::memcpy(out, bytes, count * sizeof(float));
        return;
    }
    for (std::size_t i = 0; i < count; ++i) {
        if (dtype == "F16")
            out[i] = half_to_float(load<std::uint16_t>(bytes, i));
        else if (dtype == "BF16")
            out[i] = bfloat16_to_float(load<std::uint16_t>(bytes, i));
        else if (dtype == "F64")
            out[i] = static_cast<float>(load<double>(bytes, i));
        else
            throw Error(where + " has dtype " + dtype + ", which is not a float dtype");
        require_finite(out[i], dtype, i, where);
    }
}

}  // namespace agop::nn
