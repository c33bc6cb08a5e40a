#pragma once
// The settings of one explanation, as typed values: the method and what it reads. The command
// line fills them from its option table (cli/explain_options.hpp); a program may fill them
// itself. The seed, the thread count and the files read are the caller's.

#include <cstddef>
#include <string>

namespace agop {

struct ExplainSettings {
    std::string method = "agop-ixg";
    std::string model_output = "auto";  // auto | logit | probability
    std::size_t ig_steps = 50;
    std::string ig_baseline = "zeros";  // zeros | training-mean
    std::string ig_rule = "gauss-legendre";  // Captum's quadratures: integration_rule_words()
    std::size_t smoothgrad_samples = 50;
    double smoothgrad_noise = 0.15;
    std::size_t lime_samples = 5000;
    double lime_kernel_width = 0.0;
    std::size_t kernelshap_budget = 0;
    std::size_t occlusion_patch = 2;
    std::size_t agop_rank = 0;
    double agop_energy = 0.95;
    std::string gradcam_layer;
    std::string unseen_category = "error";  // error | zeros | most-frequent
};

}  // namespace agop
