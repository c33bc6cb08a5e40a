// The dtypes PyTorch writes into safetensors files: F16 and BF16 bit patterns (normal,
// subnormal, inf, nan) convert exactly, F64 rounds, non-finite weights are refused by name,
// and a file mixing F32, F16, BF16, F64 and I64 reads with the integer tensor skipped.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "autodiff/error.hpp"
#include "nn/safetensors.hpp"
#include "nn/safetensors_dtypes.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::nn;

namespace {

// binary16 from its fields, in double, straight from IEEE 754's definition: an independent
// implementation to compare half_to_float with on all 65536 patterns.
double half_by_definition(std::uint16_t bits) {
    const int sign = bits >> 15, exponent = (bits >> 10) & 0x1F, mantissa = bits & 0x3FF;
    const double magnitude = exponent == 0    ? mantissa * std::pow(2.0, -24)
                             : exponent == 31 ? (mantissa ? std::numeric_limits<double>::quiet_NaN()
                                                          : std::numeric_limits<double>::infinity())
                                              : (1.0 + mantissa / 1024.0) * std::pow(2.0, exponent - 15);
    return sign ? -magnitude : magnitude;
}

std::string bytes_of(const void* data, std::size_t size) { return std::string(static_cast<const char*>(data), size); }

}  // namespace

BOOST_AUTO_TEST_SUITE(safetensors_dtypes)

BOOST_AUTO_TEST_CASE(half_known_patterns_including_subnormals_and_specials) {
    BOOST_TEST(half_to_float(0x3C00) == 1.0f);
    BOOST_TEST(half_to_float(0xC000) == -2.0f);
    BOOST_TEST(half_to_float(0x7BFF) == 65504.0f);               // largest finite
    BOOST_TEST(half_to_float(0x0400) == std::ldexp(1.0f, -14));  // smallest normal
    BOOST_TEST(half_to_float(0x0001) == std::ldexp(1.0f, -24));  // smallest subnormal
    BOOST_TEST(half_to_float(0x03FF) == std::ldexp(1023.0f, -24));
    BOOST_TEST(half_to_float(0x3555) == 0.333251953125f);
    BOOST_TEST(std::signbit(half_to_float(0x8000)));
    BOOST_TEST(half_to_float(0x7C00) == std::numeric_limits<float>::infinity());
    BOOST_TEST(half_to_float(0xFC00) == -std::numeric_limits<float>::infinity());
    BOOST_TEST(std::isnan(half_to_float(0x7E00)));
}

BOOST_AUTO_TEST_CASE(half_matches_the_ieee_definition_on_every_pattern) {
    std::size_t mismatches = 0;
    for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
        const double expected = half_by_definition(static_cast<std::uint16_t>(bits));
        const float actual = half_to_float(static_cast<std::uint16_t>(bits));
        const bool same = std::isnan(expected) ? std::isnan(actual)
                                               : actual == expected && std::signbit(actual) == std::signbit(expected);
        mismatches += !same;
    }
    BOOST_TEST(mismatches == 0u);
}

BOOST_AUTO_TEST_CASE(bfloat16_known_patterns_including_subnormals_and_specials) {
    BOOST_TEST(bfloat16_to_float(0x3F80) == 1.0f);
    BOOST_TEST(bfloat16_to_float(0xC040) == -3.0f);
    BOOST_TEST(bfloat16_to_float(0x4049) == 3.140625f);
    BOOST_TEST(bfloat16_to_float(0x0001) == std::ldexp(1.0f, -133));  // float32 subnormal
    BOOST_TEST(bfloat16_to_float(0x0080) == std::numeric_limits<float>::min());
    BOOST_TEST(bfloat16_to_float(0x7F80) == std::numeric_limits<float>::infinity());
    BOOST_TEST(std::isnan(bfloat16_to_float(0x7FC0)));
}

BOOST_AUTO_TEST_CASE(decoding_refuses_non_finite_weights_naming_the_tensor) {
    float out[2];
    const std::uint16_t half_inf[2] = {0x3C00, 0x7C00};
    expect_error_mentioning([&] { decode_float_tensor("F16", reinterpret_cast<const char*>(half_inf), 2, out, "'w'"); },
                            {"'w'", "F16", "element 1", "finite"});
    const std::uint16_t bf16_nan[2] = {0x7FC0, 0x3F80};
    expect_error_mentioning(
        [&] { decode_float_tensor("BF16", reinterpret_cast<const char*>(bf16_nan), 2, out, "'b'"); },
        {"'b'", "BF16", "element 0"});
    const double too_big[2] = {1.0, 1e300};
    expect_error_mentioning([&] { decode_float_tensor("F64", reinterpret_cast<const char*>(too_big), 2, out, "'d'"); },
                            {"'d'", "F64", "element 1"});
    const double fine[2] = {0.1, -2.5};
    decode_float_tensor("F64", reinterpret_cast<const char*>(fine), 2, out, "'d'");
    BOOST_TEST(out[0] == 0.1f);
    BOOST_TEST(out[1] == -2.5f);
    expect_error_mentioning([] { dtype_size("F8_E5M2", "'q'"); }, {"'q'", "F8_E5M2", "BF16"});
    BOOST_TEST(dtype_size("I64", "") == 8u);
    BOOST_TEST(dtype_size("BOOL", "") == 1u);
}

BOOST_AUTO_TEST_CASE(a_file_mixing_dtypes_reads_as_float32_and_skips_integers) {
    const float f32[2] = {1.5f, -0.25f};
    const std::uint16_t f16[2] = {0x3C00, 0x0001};
    const std::uint16_t bf16[1] = {0xC040};
    const double f64[1] = {0.1};
    const std::int64_t i64 = 123;
    const std::string json =
        R"({"__metadata__":{"format":"pt"},"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},)"
        R"("n":{"dtype":"I64","shape":[],"data_offsets":[8,16]},"a":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},)"
        R"("h":{"dtype":"F16","shape":[2,1],"data_offsets":[24,28]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[28,30]}})";
    const std::uint64_t length = json.size();
    const std::string file = bytes_of(&length, 8) + json + bytes_of(f64, 8) + bytes_of(&i64, 8) + bytes_of(f32, 8) +
                             bytes_of(f16, 4) + bytes_of(bf16, 2);
    const SafetensorsFile read = parse_safetensors(file.data(), file.size(), "<memory>");
    BOOST_TEST(read.tensors.size() == 4u);
    BOOST_TEST(read.integer_tensors == std::vector<std::string>{"n"});
    BOOST_TEST(read.find("d")->data()[0] == 0.1f);
    BOOST_TEST(read.find("a")->data()[1] == -0.25f);
    BOOST_TEST(shape_string(*read.find("h")) == "(2, 1)");
    BOOST_TEST(read.find("h")->data()[1] == std::ldexp(1.0f, -24));
    BOOST_TEST(read.find("b")->data()[0] == -3.0f);
    BOOST_TEST(read.metadata.at("format") == "pt");

    std::string wrong_span = file;
    const std::string bad_json = std::string(json).replace(json.find("[28,30]"), 7, "[28,32]");
    wrong_span = bytes_of(&length, 8) + bad_json + file.substr(8 + json.size()) + "xx";
    expect_error_mentioning([&] { parse_safetensors(wrong_span.data(), wrong_span.size(), "<memory>"); },
                            {"'b'", "(1)", "2 bytes", "span 4 bytes"});
}

BOOST_AUTO_TEST_SUITE_END()
