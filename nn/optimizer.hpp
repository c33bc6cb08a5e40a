#pragma once
// Optimisers with PyTorch's update rules, over a list of parameters (value and grad).
//
// SGD:  g = grad + wd p;  b = g (first step) or momentum b + (1 - dampening) g;
//       step = nesterov ? g + momentum b : b;  p -= lr step
// Adam: g = grad + wd p (L2, Adam) or p *= 1 - lr wd (decoupled, AdamW);
//       m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//       p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)

#include <memory>
#include <vector>

#include "nn/module.hpp"

namespace agop::nn {

class Optimizer {
  public:
    explicit Optimizer(std::vector<Parameter*> parameters, float lr);
    virtual ~Optimizer() = default;
    // One update of every parameter from its current grad.
    virtual void step() = 0;
    void zero_grad();
    float learning_rate() const { return lr_; }
    void set_learning_rate(float lr) { lr_ = lr; }

  protected:
    std::vector<Parameter*> parameters_;
    float lr_;
};

struct SgdOptions {
    float lr = 0.01f;
    float momentum = 0.0f;
    float dampening = 0.0f;
    float weight_decay = 0.0f;
    bool nesterov = false;
};

class Sgd : public Optimizer {
  public:
    Sgd(std::vector<Parameter*> parameters, const SgdOptions& options);
    void step() override;

  private:
    SgdOptions options_;
    std::vector<Tensor> momentum_buffers_;  // empty until the first step
};

struct AdamOptions {
    float lr = 1e-3f;
    float beta1 = 0.9f, beta2 = 0.999f;
    float eps = 1e-8f;
    float weight_decay = 0.0f;
    bool decoupled_weight_decay = false;  // true: AdamW
};

class Adam : public Optimizer {
  public:
    Adam(std::vector<Parameter*> parameters, const AdamOptions& options);
    void step() override;

  private:
    AdamOptions options_;
    std::vector<Tensor> m_, v_;
    long steps_ = 0;
};

}  // namespace agop::nn
