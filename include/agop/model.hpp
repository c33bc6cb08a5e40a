#pragma once
// agop/model.hpp: a trained model loaded from a checkpoint, its predictions and explanations.
//
//   agop::Model model = agop::Model::load("model.safetensors");     // or load_from_memory
//   agop::Array logits = model.logits(inputs);                        // (N, C)
//   agop::Array attributions = model.explain("agop-ixg", inputs);     // (N, ...) like inputs
//
// Checkpoints are the safetensors files `agop train` writes (MLP, CNN8by8, ResNet-18): the
// architecture in the metadata, the weights, and optionally the AGOP ("agop.matrix" (d, d) or
// "agop.diagonal" shaped like one sample) measured on the training set.
//
// Inputs are batches: (N, d) for tabular models, (N, C, H, W) for image models, with
// input_shape() the shape of one sample. Every function throws agop::Error (agop/error.hpp)
// naming the argument and what was expected: inputs of the wrong shape, non-finite values, a
// target class out of range, an unknown method, a method setting it needs but was not given.
//
// Thread safety. A const Model may be used from several threads at once: logits,
// probabilities, predicted_classes and explain share the weights read-only and each records its own tape, so concurrent
// calls give the same bits as the same calls one after the other (Grad-CAM records its layer's activations on its own
// tape). One call serialises on the model: compute_agop (it switches the model's evaluation mode for its duration). No
// call changes a process-wide thread count. Each agop call also runs OpenMP loops and OpenBLAS on the calling thread's OpenMP team; a
// program that explains from many threads at once usually wants OMP_NUM_THREADS=1, and GOMP_SPINCOUNT=1000 (libgomp's
// default lets idle OpenMP threads spin long enough to cost far more than the work of a small model on a loaded
// machine, while OMP_WAIT_POLICY=PASSIVE makes every parallel region pay a wake-up; the agop command sets it for itself). A Model is movable, not copyable; moving it while another thread uses it is a race.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agop/array.hpp"

namespace agop {

// The settings of every attribution method; each method reads only its own fields. The
// defaults are the engine's (and the `agop explain` command's).
struct ExplainSettings {
    // The class explained for each sample (N entries); empty: the class the model predicts.
    std::vector<int> targets;
    // What is explained: the target class's logit, or its softmax probability. automatic:
    // probabilities for lime and kernelshap (as lime and shap are usually run on predict_proba),
    // logits for every other method.
    enum class ModelOutput { automatic, logits, probabilities };
    ModelOutput model_output = ModelOutput::automatic;
    // agop-ixg, agop-filtered-grad, agop-weighted, agop-global: the AGOP (d, d), or its
    // diagonal shaped like one sample; empty: the AGOP stored in the checkpoint.
    ArrayView agop;
    // agop-ixg, agop-filtered-grad: K of the top-K truncation M_K; rank 0 means the smallest K
    // whose eigenvalues hold `agop_energy` of trace(M).
    double agop_energy = 0.95;
    std::size_t agop_rank = 0;
    // integrated-gradients: steps of the quadrature `ig_rule` from an all-zero baseline. The rules
    // are Captum's (gauss_legendre its default; trapezoid; left, right and middle Riemann sums).
    std::size_t ig_steps = 50;
    enum class IgRule { gauss_legendre, trapezoid, riemann_left, riemann_right, riemann_middle };
    IgRule ig_rule = IgRule::gauss_legendre;
    // smoothgrad: noisy copies per sample; noise σ as a fraction of each sample's value range.
    std::size_t smoothgrad_samples = 50;
    double smoothgrad_noise_level = 0.15;
    // gradcam: the conv layer by state-dict name; empty: the model's last conv layer.
    std::string gradcam_layer;
    // deepshap, kernelshap, lime: training rows (B, ...) shaped like the inputs' samples.
    // lime takes the features' mean and deviation from them (`agop explain --csv` takes them
    // from a checkpoint trained on a CSV file instead; the API does not read that metadata).
    ArrayView background;
    // kernelshap: coalitions per sample; 0: shap's "auto" (2M + 2048 for M features).
    std::size_t kernelshap_budget = 0;
    // lime: perturbations per sample; kernel width, 0 meaning 0.75 sqrt(d).
    std::size_t lime_samples = 5000;
    double lime_kernel_width = 0.0;
    // occlusion (images): patch side and step.
    std::size_t occlusion_patch = 2;
    std::size_t occlusion_stride = 1;
    // smoothgrad, kernelshap, lime, random: sample i draws from stream i of this seed, so a
    // sample's attribution does not depend on the batch it is in.
    std::uint64_t seed = 0;
};

// How compute_agop forms each sample's Jacobian J (C x d, or one row of it).
struct AgopOptions {
    enum class Outputs { all, predicted, true_class };
    enum class Space { logits, probabilities };
    Outputs outputs = Outputs::all;  // all C rows, or only the predicted / true class's row
    Space space = Space::logits;
    bool diagonal = false;    // only diag(M), shaped like one sample (images)
    std::vector<int> labels;  // (N) true classes, for Outputs::true_class
};

// One attribution method: its registered name and a one-line description.
struct MethodInfo {
    std::string name;
    std::string description;
};

struct EvaluateSettings;  // agop/evaluate.hpp
struct MetricScore;

// Every method explain() accepts, in a fixed order (the list `agop explain --list` prints).
std::vector<MethodInfo> attribution_methods();

class Model {
  public:
    // Reads a checkpoint file. Throws Error naming `path` if it cannot be read, is not a
    // valid safetensors file, or does not hold a model agop knows with the right tensors.
    static Model load(const std::string& path);
    // The same from `size` bytes at `bytes` (a checkpoint embedded in a program or received
    // over a network); `source` names the buffer in error messages. The bytes are not kept.
    static Model load_from_memory(const void* bytes, std::size_t size, const std::string& source = "<memory>");

    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;
    ~Model();

    // "mlp", "cnn8by8" or "resnet18".
    std::string architecture() const;
    // The shape of one input sample: (d) or (C, H, W).
    Shape input_shape() const;
    std::size_t class_count() const;
    // Whether the checkpoint holds a regression model (`agop train --task regression`: one
    // output, the predicted value in the target's own units; metadata "task" = "regression").
    // Every method explains that value: the target class is 0, and the probability output
    // and probabilities() are refused.
    bool is_regression() const;
    // Whether the checkpoint holds an AGOP, and that AGOP: (d, d), or the diagonal shaped
    // like one sample. stored_agop() throws Error when there is none.
    bool has_stored_agop() const;
    Array stored_agop() const;

    // inputs (N, ...input_shape()) -> logits (N, C).
    Array logits(ArrayView inputs) const;
    // inputs (N, ...) -> softmax of the logits (N, C); each row sums to 1.
    Array probabilities(ArrayView inputs) const;
    // inputs (N, d) -> a regression model's predicted values (N). Throws Error for a classifier.
    std::vector<double> predicted_values(ArrayView inputs) const;
    // inputs (N, ...) -> the argmax of each row's logits (N); the first maximum on ties.
    std::vector<int> predicted_classes(ArrayView inputs) const;

    // Attributions of method `method` (a name from attribution_methods()) for inputs (N, ...)
    // -> (N, ...), the inputs' shape. Deterministic: the same inputs and settings give the
    // same bits on the same machine and thread count.
    Array explain(const std::string& method, ArrayView inputs, const ExplainSettings& settings = {}) const;

    // The AGOP M = (1/n) Σ_i J(x_i)^T J(x_i) of this model on inputs (n, ...) -> (d, d), or
    // diag(M) shaped like one sample when options.diagonal.
    Array compute_agop(ArrayView inputs, const AgopOptions& options = {}) const;

    // Metrics without ground truth (agop/evaluate.hpp) of attributions (N, ...) of inputs
    // (N, ...), in the order asked. Deterministic for a seed, like explain.
    std::vector<MetricScore> evaluate(const std::vector<std::string>& metrics, ArrayView inputs, ArrayView attributions,
                                      const EvaluateSettings& settings) const;

    struct State;  // the engine's model and what explanations need of it (model.cpp)

  private:
    explicit Model(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace agop
