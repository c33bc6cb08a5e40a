// conv2d as im2col + one sgemm over the whole batch.
//
// Why the whole batch in one gemm: per-sample gemms on small images (8x8) are too small
// for BLAS to be efficient, and one large call lets OpenBLAS use its own threads while
// no OpenMP region is open.

#include "autodiff/backend.hpp"
#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

namespace agop {

// x (N, C, H, W), weight (OC, C, KH, KW), bias (OC) -> out (N, OC, OH, OW)
//   columns (N*OH*OW, C*KH*KW) = im2col(x)
//   rows    (N*OH*OW, OC)      = columns W^T (+ b), then transposed to NCHW
// backward, with drows (N*OH*OW, OC) from dout:
//   dW (OC, C*KH*KW) = drows^T columns,  db = column sums of drows,
//   dx = col2im(drows W)
Var conv2d(const Var& x, const Var& weight, const Var& bias, std::size_t stride, std::size_t padding) {
    const Shape sx = x.shape(), sw = weight.shape();
    if (sx.size() != 4 || sw.size() != 4 || sx[1] != sw[1])
        throw_shape_error("conv2d", "expected input (N, C, H, W) and weight (OC, C, KH, KW)", sx, sw);
    if (stride == 0) throw Error("conv2d: stride must be at least 1");
    if (sx[2] + 2 * padding < sw[2] || sx[3] + 2 * padding < sw[3])
        throw_shape_error("conv2d", "kernel larger than the padded input", sx, sw);
    const std::size_t oc = sw[0];
    if (bias.defined() && bias.shape() != Shape{oc}) throw_shape_error("conv2d", "bias must have shape (OC)", bias.shape(), sw);
    const ConvGeometry g{sx[1], sx[2], sx[3], sw[2], sw[3], stride, padding};
    const std::size_t batch = sx[0], positions = g.out_h() * g.out_w(), patch = g.patch_size();
    const std::size_t rows = batch * positions;

    Tensor columns = Tensor::from_shape({rows, patch});
    backend().im2col(x.value().data(), batch, g, columns.data());
    Tensor out_rows = Tensor::from_shape({rows, oc});
    backend().gemm(false, true, rows, oc, patch, 1.0f, columns.data(), weight.value().data(), 0.0f, out_rows.data());

    Tensor out = Tensor::from_shape({batch, oc, g.out_h(), g.out_w()});
    const float* b = bias.defined() ? bias.value().data() : nullptr;
#pragma omp parallel for schedule(static) if (rows * oc >= kParallelMinElements)
    for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n)
        for (std::size_t p = 0; p < positions; ++p)
            for (std::size_t c = 0; c < oc; ++c)
                out.data()[(n * oc + c) * positions + p] = out_rows.data()[(n * positions + p) * oc + c] + (b ? b[c] : 0.0f);

    std::vector<Var> inputs{x, weight};
    if (bias.defined()) inputs.push_back(bias);
    return x.tape().record("conv2d", std::move(out), std::move(inputs),
                           [g, batch, oc, positions, patch, rows, columns = std::move(columns)](Node& self) {
        Node& x = *self.inputs[0];
        Node& w = *self.inputs[1];
        Tensor drows = Tensor::from_shape({rows, oc});
#pragma omp parallel for schedule(static) if (rows * oc >= kParallelMinElements)
        for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(batch); ++n)
            for (std::size_t c = 0; c < oc; ++c)
                for (std::size_t p = 0; p < positions; ++p)
                    drows.data()[(n * positions + p) * oc + c] = self.grad.data()[(n * oc + c) * positions + p];
        if (w.requires_grad) {
            Tensor dw = Tensor::from_shape(w.value().shape());
            backend().gemm(true, false, oc, patch, rows, 1.0f, drows.data(), columns.data(), 0.0f, dw.data());
            w.add_grad(std::move(dw));
        }
        if (self.inputs.size() > 2 && self.inputs[2]->requires_grad) {
            Tensor db = xt::zeros<float>({oc});
            for (std::size_t r = 0; r < rows; ++r)
                for (std::size_t c = 0; c < oc; ++c) db.data()[c] += drows.data()[r * oc + c];
            self.inputs[2]->add_grad(std::move(db));
        }
        if (x.requires_grad) {
            Tensor dcolumns = Tensor::from_shape({rows, patch});
            backend().gemm(false, false, rows, patch, oc, 1.0f, drows.data(), w.value().data(), 0.0f, dcolumns.data());
            Tensor dx = xt::zeros<float>(x.value().shape());
            backend().col2im(dcolumns.data(), batch, g, dx.data());
            x.add_grad(std::move(dx));
        }
    });
}

}  // namespace agop
