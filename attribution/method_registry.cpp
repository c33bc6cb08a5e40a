#include "attribution/method_registry.hpp"

#include <algorithm>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// One reference row (row_size floats) as a batch (1, ...) of `batch_shape`.
Tensor one_row(const std::vector<float>& row, const Shape& batch_shape) {
    Shape one = batch_shape;
    one[0] = 1;
    Tensor x = Tensor::from_shape(one);
    std::copy(row.begin(), row.end(), x.data());
    return x;
}

const ReferenceOutput integrated_gradients_reference{
    [](const Shape& shape, const MethodSettings& s) {
        return one_row(s.integrated_gradients.baseline.row_for("integrated-gradients", shape), shape);
    },
    "the output at the baseline: the values sum to about f(x) - base_values (completeness)"};
const ReferenceOutput occlusion_reference{
    [](const Shape& shape, const MethodSettings& s) { return one_row(s.occlusion.baseline.row_for("occlusion", shape), shape); },
    "the output at the occlusion baseline (the values need not sum to f(x) - base_values)"};
const ReferenceOutput zero_input_reference{
    [](const Shape& shape, const MethodSettings&) {
        std::size_t row = 1;
        for (std::size_t i = 1; i < shape.size(); ++i) row *= shape[i];
        return one_row(std::vector<float>(row, 0.0f), shape);
    },
    "the output at the all-zero input (for standardised tables: each numeric column at its training "
    "mean, no category), the point x * g expands around; exact sums only for linear models"};
const char* const background_meaning =
    "the mean output over the background rows (shap's expected_value): the values sum to f(x) - base_values";

}  // namespace

const std::vector<Method>& methods() {
    using Classes = std::vector<int>;
    static const Targets predicted = Targets::predicted();
    static const std::vector<Method> all{
        {"agop-ixg", "x ⊙ (M_K g): gradient filtered by the top-K AGOP eigenspace, times the input",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return agop_ixg(m, x, t, s.agop); },
         [](const ExplainedModel& m, const Tensor& x, const MethodSettings& s) { return agop_ixg(m, x, predicted, s.agop); },
         zero_input_reference, false, false, AgopUse::top_k_filter},
        {"agop-filtered-grad", "M_K g: AGOP-IxG without the final ⊙ x (ablation)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) {
             return agop_filtered_gradient(m, x, t, s.agop);
         },
         [](const ExplainedModel& m, const Tensor& x, const MethodSettings& s) {
             return agop_filtered_gradient(m, x, predicted, s.agop);
         },
         {}, false, false, AgopUse::top_k_filter},
        {"agop-weighted", "g ⊙ sqrt(diag(M) / max diag(M)): gradient weighted by the AGOP diagonal",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return agop_weighted(m, x, t, s.agop); },
         [](const ExplainedModel& m, const Tensor& x, const MethodSettings& s) { return agop_weighted(m, x, predicted, s.agop); },
         {}, false, false, AgopUse::matrix_or_diagonal},
        {"agop-global", "diag(M): the same AGOP-diagonal map for every sample",
         [](const ExplainedModel&, const Tensor& x, const Classes&, const MethodSettings& s) { return agop_global(x, s.agop); }, {},
         {}, false, false, AgopUse::matrix_or_diagonal},
        {"agop-local", "g: the per-sample gradient (identical to vanilla-grad)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings&) { return vanilla_gradient(m, x, t); },
         [](const ExplainedModel& m, const Tensor& x, const MethodSettings&) { return vanilla_gradient(m, x, predicted); }},
        {"vanilla-grad", "g = d f_c / dx: gradient of the target logit",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings&) { return vanilla_gradient(m, x, t); },
         [](const ExplainedModel& m, const Tensor& x, const MethodSettings&) { return vanilla_gradient(m, x, predicted); }},
        {"input-x-gradient", "x ⊙ g",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings&) { return input_x_gradient(m, x, t); },
         [](const ExplainedModel& m, const Tensor& x, const MethodSettings&) { return input_x_gradient(m, x, predicted); },
         zero_input_reference},
        {"integrated-gradients", "(x - x') ⊙ path integral of g from a baseline x' (quadrature over steps)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) {
             return integrated_gradients(m, x, t, s.integrated_gradients);
         }, {}, integrated_gradients_reference},
        {"smoothgrad", "g averaged over Gaussian-noised copies of x (seeded)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return smoothgrad(m, x, t, s.smoothgrad); }, {}},
        {"gradcam", "ReLU of the gradient-weighted channels of a conv layer, upsampled to the input (images)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return gradcam(m, x, t, s.gradcam); }, {}},
        {"deepshap", "DeepLIFT rescale multipliers averaged over a background set (shap's DeepExplainer)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return deepshap(m, x, t, s.deepshap); }, {},
         {[](const Shape&, const MethodSettings& s) { return s.deepshap.background; }, background_meaning}, false, true},
        {"kernelshap", "Shapley values by kernel-weighted least squares over coalitions (shap's KernelExplainer)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return kernelshap(m, x, t, s.kernelshap); }, {},
         {[](const Shape&, const MethodSettings& s) { return s.kernelshap.background; }, background_meaning}, true, true},
        {"lime", "coefficients of a locally weighted ridge fit on Gaussian perturbations (tabular, seeded)",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return lime(m, x, t, s.lime); }, {},
         {}, true},
        {"occlusion", "drop of the target logit when a feature or patch is replaced by the baseline",
         [](const ExplainedModel& m, const Tensor& x, const Classes& t, const MethodSettings& s) { return occlusion(m, x, t, s.occlusion); }, {},
         occlusion_reference},
        {"random", "uniform noise in [-1, 1): the reference every metric is compared against (seeded)",
         [](const ExplainedModel&, const Tensor& x, const Classes&, const MethodSettings& s) { return random_attribution(x, s.random); }, {}},
    };
    return all;
}

const Method& find_method(const std::string& name) {
    for (const Method& method : methods())
        if (method.name == name) return method;
    std::string known;
    for (const Method& method : methods()) known += (known.empty() ? "" : ", ") + method.name;
    throw Error("unknown attribution method '" + name + "'; known methods: " + known);
}

Tensor explain(const std::string& name, const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
               const MethodSettings& settings) {
    const Method& method = find_method(name);
    if (targets.is_predicted() && method.attribute_for_predicted) {
        check_batch("targets", inputs);
        return method.attribute_for_predicted(model, inputs, settings);
    }
    return method.attribute(model, inputs, resolve_targets(model, inputs, targets), settings);
}

}  // namespace agop
