#pragma once
// Rounding to IEEE half precision, as XAI-TRIS stores its images (torch.float16).
//
// agop keeps tensors in float32, so a "float16" data set is float32 values that are exactly
// representable in half precision: the value a float16 array would hold, widened again.

namespace agop {

// The float16 value nearest to x (round to nearest, ties to even; overflow -> ±inf,
// subnormals kept), returned as a float.
float round_to_float16(double x);

}  // namespace agop
