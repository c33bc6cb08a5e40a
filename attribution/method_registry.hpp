#pragma once
// Every attribution method behind one interface and one name, so that the command line,
// the experiments and the benchmarks can list and run any of them:
//
//   MethodSettings settings;
//   settings.agop.matrix = agop;                      // what the chosen method needs
//   Tensor a = explain("agop-ixg", model, inputs, Targets::predicted(), settings);
//
// A method's settings live in the field named after it; each method reads only its own.

#include <functional>
#include <string>
#include <vector>

#include "attribution/agop_diagonal.hpp"
#include "attribution/agop_ixg.hpp"
#include "attribution/deepshap.hpp"
#include "attribution/gradcam.hpp"
#include "attribution/input_x_gradient.hpp"
#include "attribution/integrated_gradients.hpp"
#include "attribution/kernelshap.hpp"
#include "attribution/lime.hpp"
#include "attribution/occlusion.hpp"
#include "attribution/random_attribution.hpp"
#include "attribution/smoothgrad.hpp"
#include "attribution/targets.hpp"
#include "attribution/vanilla_gradient.hpp"

namespace agop {

struct MethodSettings {
    AgopSettings agop;  // agop-ixg, agop-filtered-grad, agop-weighted, agop-global
    IntegratedGradientsSettings integrated_gradients;
    SmoothGradSettings smoothgrad;
    GradCamSettings gradcam;
    DeepShapSettings deepshap;
    KernelShapSettings kernelshap;
    LimeSettings lime;
    OcclusionSettings occlusion;
    RandomSettings random;
};

// inputs (N, ...), one class per sample (N), settings -> attributions (N, ...)
using AttributionFunction =
    std::function<Tensor(const ExplainedModel&, const Tensor&, const std::vector<int>&, const MethodSettings&)>;

// inputs (N, ...), settings -> attributions (N, ...) for each sample's predicted class
using PredictedAttributionFunction = std::function<Tensor(const ExplainedModel&, const Tensor&, const MethodSettings&)>;

// The reference output a method's attributions are measured against (shap's base_values): the
// mean explained output over `rows` (one row for a baseline, the background for the shap methods).
struct ReferenceOutput {
    // Reference rows (B, ...) for inputs of `batch_shape` (N, ...); empty: the method has none.
    std::function<Tensor(const Shape& batch_shape, const MethodSettings&)> rows;
    std::string meaning;  // what the base values are, for the explanation file
};

// What a method needs of the AGOP the checkpoint stores.
enum class AgopUse { none, matrix_or_diagonal, top_k_filter };

struct Method {
    std::string name;
    std::string description;  // one line
    AttributionFunction attribute;
    // Optional: the gradient methods take the predicted classes from their own forward pass
    // (one pass fewer); explain() uses this for Targets::predicted() where it is set.
    PredictedAttributionFunction attribute_for_predicted;
    ReferenceOutput reference = {};
    bool explains_probability = false;  // by default (lime and shap are usually run on predict_proba)
    bool needs_background = false;      // reference rows in settings (deepshap, kernelshap)
    AgopUse agop = AgopUse::none;
};

// All methods, in a fixed order.
const std::vector<Method>& methods();

// The method called `name`; throws Error listing the known names for an unknown one.
const Method& find_method(const std::string& name);

// Runs method `name` on inputs (N, ...) for the given or predicted targets -> (N, ...) float32.
Tensor explain(const std::string& name, const ExplainedModel& model, const Tensor& inputs, const Targets& targets,
               const MethodSettings& settings);

}  // namespace agop
