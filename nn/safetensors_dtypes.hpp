#pragma once
// The element types of safetensors files beyond F32: what PyTorch's
// `safetensors.torch.save_file(model.state_dict())` writes. Float tensors (F16, BF16, F64)
// are converted to the float32 the engine computes in; integer tensors (I64 for BatchNorm's
// `num_batches_tracked`, and I32, I16, I8, U8, BOOL) are recognised, sized and skipped.
//
// F16 (IEEE binary16) and BF16 (the top half of a binary32) convert to float32 exactly,
// subnormals included; F64 rounds to nearest. A value that is not finite after conversion
// (inf, nan, or an F64 beyond float32's range) is refused with the tensor's name: weights
// must be finite.

#include <cstddef>
#include <cstdint>
#include <string>

namespace agop::nn {

// Bytes per element of `dtype`; throws agop::Error("<where> has dtype X; ...") for a dtype
// outside {F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL}.
std::size_t dtype_size(const std::string& dtype, const std::string& where);

// Whether `dtype` is one the engine converts to float32 (F64, F32, F16, BF16).
bool is_float_dtype(const std::string& dtype);

// Exact conversions of one element's bits (host order).
float half_to_float(std::uint16_t bits);
float bfloat16_to_float(std::uint16_t bits);

// Decodes `count` little-endian elements of the float dtype `dtype` at `bytes` into `out`
// (count floats). F32 is copied as is (its checks belong to the reader); F16, BF16 and F64
// values that are not finite in float32 throw agop::Error naming `where` and the element.
void decode_float_tensor(const std::string& dtype, const char* bytes, std::size_t count, float* out,
                         const std::string& where);

}  // namespace agop::nn
