#include "autodiff/cuda/backend_cuda.hpp"

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <string>

#include "autodiff/error.hpp"

namespace agop {

namespace {

void check(cudaError_t status, const char* what) {
    if (status != cudaSuccess) throw Error(std::string("cuda backend: ") + what + ": " + cudaGetErrorString(status));
}

void check(cublasStatus_t status, const char* what) {
    if (status != CUBLAS_STATUS_SUCCESS)
        throw Error(std::string("cuda backend: ") + what + ": cuBLAS status " + std::to_string(static_cast<int>(status)));
}

// A device buffer that only grows.
class DeviceBuffer {
  public:
    ~DeviceBuffer() { cudaFree(data_); }
    float* reserve(std::size_t count) {
        if (count > capacity_) {
            cudaFree(data_);
            data_ = nullptr;
            check(cudaMalloc(reinterpret_cast<void**>(&data_), count * sizeof(float)), "cudaMalloc");
            capacity_ = count;
        }
        return data_;
    }

  private:
    float* data_ = nullptr;
    std::size_t capacity_ = 0;
};

class CudaBackend final : public Backend {
  public:
    CudaBackend() : cpu_(make_cpu_backend()) {
        int devices = 0;
        check(cudaGetDeviceCount(&devices), "cudaGetDeviceCount");
        if (devices == 0) throw Error("cuda backend: no CUDA device is visible");
        check(cublasCreate(&handle_), "cublasCreate");
    }
    ~CudaBackend() override { cublasDestroy(handle_); }

    std::string name() const override { return "cuda"; }

    // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: call cuBLAS with the
    // operands swapped and the same leading dimensions as the row-major CPU call.
    void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
              const float* b, float beta, float* c) override {
        if (m == 0 || n == 0) return;
        float* da = a_.reserve(m * k);
        float* db = b_.reserve(k * n);
        float* dc = c_.reserve(m * n);
        check(cudaMemcpy(da, a, m * k * sizeof(float), cudaMemcpyHostToDevice), "copy A to device");
        check(cudaMemcpy(db, b, k * n * sizeof(float), cudaMemcpyHostToDevice), "copy B to device");
        if (beta != 0.0f) check(cudaMemcpy(dc, c, m * n * sizeof(float), cudaMemcpyHostToDevice), "copy C to device");
        const int lda = static_cast<int>(trans_a ? m : k);
        const int ldb = static_cast<int>(trans_b ? k : n);
        check(cublasSgemm(handle_, trans_b ? CUBLAS_OP_T : CUBLAS_OP_N, trans_a ? CUBLAS_OP_T : CUBLAS_OP_N,
                          static_cast<int>(n), static_cast<int>(m), static_cast<int>(k), &alpha, db, ldb, da, lda,
                          &beta, dc, static_cast<int>(n)),
              "cublasSgemm");
        check(cudaMemcpy(c, dc, m * n * sizeof(float), cudaMemcpyDeviceToHost), "copy C to host");
    }

    void im2col(const float* images, std::size_t batch, const ConvGeometry& g, float* columns) override {
        cpu_->im2col(images, batch, g, columns);
    }
    void col2im(const float* columns, std::size_t batch, const ConvGeometry& g, float* images) override {
        cpu_->col2im(columns, batch, g, images);
    }

  private:
    std::unique_ptr<Backend> cpu_;
    cublasHandle_t handle_ = nullptr;
    DeviceBuffer a_, b_, c_;
};

}  // namespace

std::unique_ptr<Backend> make_cuda_backend() { return std::make_unique<CudaBackend>(); }

}  // namespace agop
