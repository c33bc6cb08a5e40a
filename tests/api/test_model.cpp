// The public Model: loading from a file and from memory, predictions, explanations by method
// name that match the engine's own call bit for bit, errors as agop::Error, and the same bits
// from several threads as from one.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <fstream>
#include <iterator>
#include <thread>

#include "agop/agop.hpp"
#include "api/api_fixtures.hpp"
#include "attribution/method_registry.hpp"
#include "attribution/nn_model_adapter.hpp"
#include "attribution/probability_output.hpp"
#include "nn/agop.hpp"
#include "nn/checkpoint.hpp"
#include "nn/mlp.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Cheap settings for every tabular method, seeded.
ExplainSettings small_settings(const Tensor& background) {
    ExplainSettings settings;
    settings.agop_energy = 0.9;
    settings.ig_steps = 8;
    settings.smoothgrad_samples = 4;
    settings.smoothgrad_noise_level = 0.2;
    settings.background = view_of(background);
    settings.kernelshap_budget = 64;
    settings.lime_samples = 64;
    settings.lime_kernel_width = 1.5;
    settings.seed = 5;
    return settings;
}

// The same settings written for the engine by hand, from the checkpoint's stored AGOP.
MethodSettings engine_settings(const std::string& checkpoint, const Tensor& background) {
    MethodSettings settings;
    settings.agop.matrix = *nn::read_safetensors(checkpoint).find("agop.matrix");
    settings.agop.truncation = {0.9, 0};
    settings.integrated_gradients.steps = 8;
    settings.smoothgrad.samples = 4;
    settings.smoothgrad.noise_level = 0.2;
    settings.smoothgrad.seed = 5;
    settings.deepshap.background = background;
    settings.kernelshap.background = background;
    settings.kernelshap.budget = 64;
    settings.kernelshap.seed = 5;
    const FeatureStatistics statistics = feature_statistics(background);
    settings.lime.feature_mean = statistics.mean;
    settings.lime.feature_std = statistics.std;
    settings.lime.samples = 64;
    settings.lime.kernel_width = 1.5;
    settings.lime.seed = 5;
    settings.random.seed = 5;
    return settings;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_model)

BOOST_AUTO_TEST_CASE(file_and_memory_loads_predict_the_engines_logits) {
    TemporaryFolder folder;
    const std::string path = folder.file("mlp.safetensors");
    write_mlp_checkpoint(path);
    const Tensor x = mlp_inputs();

    const Model from_file = Model::load(path);
    const std::string bytes = file_bytes(path);
    const Model from_memory = Model::load_from_memory(bytes.data(), bytes.size(), "mlp bytes");
    BOOST_TEST(from_file.architecture() == "mlp");
    BOOST_TEST((from_file.input_shape() == Shape{6}));
    BOOST_TEST(from_file.class_count() == 3u);

    const Array logits = from_file.logits(view_of(x));
    BOOST_TEST(same_bits(logits, from_memory.logits(view_of(x))));
    auto engine_model = nn::load_model(path);
    BOOST_TEST(same_bits(logits, engine_model->predict(x)));
}

BOOST_AUTO_TEST_CASE(probabilities_are_the_softmax_of_the_logits) {
    TemporaryFolder folder;
    write_mlp_checkpoint(folder.file("mlp.safetensors"));
    const Model model = Model::load(folder.file("mlp.safetensors"));
    const Tensor x = mlp_inputs();
    const Array logits = model.logits(view_of(x));
    const Array probabilities = model.probabilities(view_of(x));
    const std::vector<int> predicted = model.predicted_classes(view_of(x));
    BOOST_TEST((probabilities.shape() == Shape{32, 3}));
    for (std::size_t n = 0; n < 32; ++n) {
        const float* p = probabilities.data() + 3 * n;
        const float* l = logits.data() + 3 * n;
        BOOST_TEST(p[0] + p[1] + p[2] == 1.0, boost::test_tools::tolerance(1e-6));
        for (std::size_t c = 1; c < 3; ++c)
            BOOST_TEST(std::abs(std::log(double(p[c]) / p[0]) - (double(l[c]) - l[0])) < 1e-5);
        BOOST_TEST(predicted[n] == std::max_element(p, p + 3) - p);
    }
}

BOOST_AUTO_TEST_CASE(every_method_by_name_matches_the_engine_bit_for_bit) {
    TemporaryFolder folder;
    const std::string path = folder.file("mlp.safetensors");
    write_mlp_checkpoint(path);
    const Tensor x = mlp_inputs();
    const Tensor background = normal_inputs({10, 6}, 3);
    const Model model = Model::load(path);
    auto engine_model = nn::load_model(path);
    const ExplainedModel engine_logits = explained_model(*engine_model);
    const ExplainedModel engine_probabilities = probability_model(engine_logits);
    const MethodSettings expected_settings = engine_settings(path, background);

    std::size_t compared = 0;
    for (const MethodInfo& method : attribution_methods()) {
        if (method.name == "gradcam") continue;  // needs a conv layer: image_methods_share_one_model_across_threads
        BOOST_TEST_CONTEXT(method.name) {
            // By default lime and kernelshap explain probabilities, as `agop explain` does.
            const bool on_probabilities = method.name == "lime" || method.name == "kernelshap";
            const ExplainedModel& engine = on_probabilities ? engine_probabilities : engine_logits;
            Tensor expected;
            try {
                expected = agop::explain(method.name, engine, x, Targets::predicted(), expected_settings);
            } catch (const Error& e) {
                // A method the engine refuses for tabular rows is refused the same way.
                expect_error_mentioning([&] { model.explain(method.name, view_of(x), small_settings(background)); },
                                        {e.what()});
                continue;
            }
            BOOST_TEST(same_bits(model.explain(method.name, view_of(x), small_settings(background)), expected));
            ++compared;
        }
    }
    BOOST_TEST(compared >= 10u);
}

BOOST_AUTO_TEST_CASE(ig_rule_chooses_the_engines_quadrature) {
    TemporaryFolder folder;
    const std::string path = folder.file("mlp.safetensors");
    write_mlp_checkpoint(path);
    const Model model = Model::load(path);
    auto engine_model = nn::load_model(path);
    const Tensor x = mlp_inputs();
    const Tensor background = normal_inputs({10, 6}, 3);
    MethodSettings engine = engine_settings(path, background);
    ExplainSettings ours = small_settings(background);
    const std::vector<std::pair<ExplainSettings::IgRule, IntegrationRule>> rules = {
        {ExplainSettings::IgRule::gauss_legendre, IntegrationRule::gauss_legendre},
        {ExplainSettings::IgRule::trapezoid, IntegrationRule::trapezoid},
        {ExplainSettings::IgRule::riemann_left, IntegrationRule::riemann_left},
        {ExplainSettings::IgRule::riemann_right, IntegrationRule::riemann_right},
        {ExplainSettings::IgRule::riemann_middle, IntegrationRule::riemann_middle}};
    for (const auto& [api_rule, engine_rule] : rules) {
        ours.ig_rule = api_rule;
        engine.integrated_gradients.rule = engine_rule;
        const Tensor expected = agop::explain("integrated-gradients", explained_model(*engine_model), x,
                                              Targets::predicted(), engine);
        BOOST_TEST(same_bits(model.explain("integrated-gradients", view_of(x), ours), expected),
                   integration_rule_word(engine_rule));
    }
}

BOOST_AUTO_TEST_CASE(model_output_chooses_logits_or_probabilities) {
    TemporaryFolder folder;
    const std::string path = folder.file("mlp.safetensors");
    write_mlp_checkpoint(path);
    const Model model = Model::load(path);
    const Tensor x = mlp_inputs();
    auto engine_model = nn::load_model(path);
    const ExplainedModel logits = explained_model(*engine_model);
    const MethodSettings defaults;
    ExplainSettings settings;
    settings.model_output = ExplainSettings::ModelOutput::probabilities;
    const Array on_probabilities = model.explain("vanilla-grad", view_of(x), settings);
    BOOST_TEST(same_bits(on_probabilities,
                         agop::explain("vanilla-grad", probability_model(logits), x, Targets::predicted(), defaults)));
    BOOST_TEST(!same_bits(on_probabilities, model.explain("vanilla-grad", view_of(x))));

    const Tensor background = normal_inputs({10, 6}, 3);
    settings = small_settings(background);
    settings.model_output = ExplainSettings::ModelOutput::logits;
    MethodSettings expected = engine_settings(path, background);
    BOOST_TEST(same_bits(model.explain("kernelshap", view_of(x), settings),
                         agop::explain("kernelshap", logits, x, Targets::predicted(), expected)));
}

BOOST_AUTO_TEST_CASE(given_targets_are_explained_instead_of_the_predicted_class) {
    TemporaryFolder folder;
    const std::string path = folder.file("mlp.safetensors");
    write_mlp_checkpoint(path);
    const Tensor x = mlp_inputs();
    std::vector<int> targets(32);
    for (std::size_t n = 0; n < 32; ++n) targets[n] = static_cast<int>(n % 3);
    ExplainSettings settings;
    settings.targets = targets;
    const Array ours = Model::load(path).explain("agop-ixg", view_of(x), settings);

    auto engine_model = nn::load_model(path);
    MethodSettings expected_settings;
    expected_settings.agop.matrix = *nn::read_safetensors(path).find("agop.matrix");
    const Tensor expected =
        agop::explain("agop-ixg", explained_model(*engine_model), x, Targets::classes(targets), expected_settings);
    BOOST_TEST(same_bits(ours, expected));
    BOOST_TEST(!same_bits(
        ours, agop::explain("agop-ixg", explained_model(*engine_model), x, Targets::predicted(), expected_settings)));
}

BOOST_AUTO_TEST_CASE(explanations_from_four_threads_have_the_bits_of_one_thread) {
    TemporaryFolder folder;
    write_mlp_checkpoint(folder.file("mlp.safetensors"));
    const Model model = Model::load(folder.file("mlp.safetensors"));
    const Tensor x = mlp_inputs();
    const Tensor background = normal_inputs({10, 6}, 3);
    const std::vector<std::string> names = {"agop-ixg", "integrated-gradients", "deepshap", "smoothgrad"};
    std::vector<Array> alone;
    for (const auto& name : names) alone.push_back(model.explain(name, view_of(x), small_settings(background)));

    std::vector<std::vector<Array>> per_thread(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int repeat = 0; repeat < 3; ++repeat)
                for (std::size_t m = 0; m < names.size(); ++m)
                    per_thread[t].push_back(
                        model.explain(names[(m + t) % names.size()], view_of(x), small_settings(background)));
        });
    for (auto& thread : threads) thread.join();
    for (std::size_t t = 0; t < 4; ++t)
        for (std::size_t i = 0; i < per_thread[t].size(); ++i)
            BOOST_TEST(same_bits(per_thread[t][i], alone[(i % names.size() + t) % names.size()]),
                       "thread " << t << ", call " << i);
}

BOOST_AUTO_TEST_CASE(gemms_large_enough_for_blas_threads_give_the_same_bits_from_two_threads) {
    // 512-row batches through 512-wide layers: OpenBLAS splits these products over its own
    // threads, so two callers at once each run a threaded BLAS call.
    TemporaryFolder folder;
    nn::Mlp wide(256, 4, {512, 512}, 13);
    nn::save_checkpoint(folder.file("wide.safetensors"), wide);
    const Model model = Model::load(folder.file("wide.safetensors"));
    const Tensor x = normal_inputs({512, 256}, 4);
    const Array alone = model.explain("vanilla-grad", view_of(x));
    std::vector<Array> results(2);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 2; ++t)
        threads.emplace_back([&, t] { results[t] = model.explain("vanilla-grad", view_of(x)); });
    for (auto& thread : threads) thread.join();
    for (const Array& result : results) BOOST_TEST(same_bits(result, alone));
}

BOOST_AUTO_TEST_CASE(image_methods_share_one_model_across_threads) {
    // Grad-CAM records a layer's activation on its own tape while gradient methods run
    // through the same layers beside it.
    TemporaryFolder folder;
    write_cnn8by8_checkpoint(folder.file("cnn.safetensors"));
    const Model model = Model::load(folder.file("cnn.safetensors"));
    const Tensor x = normal_inputs({16, 1, 8, 8}, 9);
    const std::vector<std::string> names = {"gradcam", "vanilla-grad", "gradcam", "integrated-gradients"};
    ExplainSettings settings;
    settings.ig_steps = 6;
    std::vector<Array> alone;
    for (const auto& name : names) alone.push_back(model.explain(name, view_of(x), settings));

    std::vector<std::vector<Array>> per_thread(names.size());
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < names.size(); ++t)
        threads.emplace_back([&, t] {
            for (int repeat = 0; repeat < 4; ++repeat)
                per_thread[t].push_back(model.explain(names[t], view_of(x), settings));
        });
    for (auto& thread : threads) thread.join();
    for (std::size_t t = 0; t < names.size(); ++t)
        for (const Array& result : per_thread[t]) BOOST_TEST(same_bits(result, alone[t]), names[t]);
}

BOOST_AUTO_TEST_CASE(compute_agop_matches_the_engine_and_the_stored_agop) {
    TemporaryFolder folder;
    const std::string path = folder.file("mlp.safetensors");
    write_mlp_checkpoint(path);
    const Model model = Model::load(path);
    const Tensor x = mlp_inputs();
    const Array full = model.compute_agop(view_of(x));
    BOOST_TEST(model.has_stored_agop());
    BOOST_TEST(same_bits(full, *nn::read_safetensors(path).find("agop.matrix")));
    BOOST_TEST(same_bits(model.stored_agop(), full));

    AgopOptions options;
    options.diagonal = true;
    options.space = AgopOptions::Space::probabilities;
    auto engine_model = nn::load_model(path);
    nn::AgopOptions engine_options;
    engine_options.diagonal = true;
    engine_options.space = nn::AgopOptions::Space::probabilities;
    BOOST_TEST(same_bits(model.compute_agop(view_of(x), options), nn::compute_agop(*engine_model, x, engine_options)));
}

BOOST_AUTO_TEST_CASE(bad_input_is_an_agop_error_naming_what_was_expected) {
    TemporaryFolder folder;
    const std::string path = folder.file("mlp.safetensors");
    write_mlp_checkpoint(path);
    const Model model = Model::load(path);
    const Tensor x = mlp_inputs();

    expect_error_mentioning([&] { Model::load(folder.file("missing.safetensors")); }, {"missing.safetensors"});
    const std::string junk = "not a checkpoint at all";
    expect_error_mentioning([&] { Model::load_from_memory(junk.data(), junk.size(), "the embedded model"); },
                            {"the embedded model"});
    expect_error_mentioning([&] { Model::load_from_memory(nullptr, 16, "buffer"); }, {"buffer", "null"});
    expect_error_mentioning([&] { model.explain("shapley-magic", view_of(x)); }, {"shapley-magic", "agop-ixg"});

    const Tensor wrong = normal_inputs({2, 5}, 1);
    expect_error_mentioning([&] { model.logits(view_of(wrong)); }, {"(N, 6)", "(2, 5)", path});
    expect_error_mentioning([&] { model.logits(ArrayView(nullptr, {2, 6})); }, {"logits inputs", "null"});
    Tensor with_nan = x;
    with_nan.data()[3] = std::nanf("");
    expect_error_mentioning([&] { model.explain("agop-ixg", view_of(with_nan)); }, {"element 3", "finite"});
    expect_error_mentioning([&] { model.explain("deepshap", view_of(x)); }, {"deepshap", "settings.background"});
    ExplainSettings bad_targets;
    bad_targets.targets.assign(32, 0);
    bad_targets.targets[4] = 3;
    expect_error_mentioning([&] { model.explain("vanilla-grad", view_of(x), bad_targets); }, {"targets[4] = 3"});

    write_mlp_checkpoint(folder.file("no_agop.safetensors"), false);
    const Model without_agop = Model::load(folder.file("no_agop.safetensors"));
    expect_error_mentioning([&] { without_agop.explain("agop-ixg", view_of(x)); }, {"no_agop.safetensors", "no AGOP"});
    expect_error_mentioning([&] { without_agop.stored_agop(); }, {"no AGOP"});
}

BOOST_AUTO_TEST_CASE(a_moved_model_keeps_working) {
    TemporaryFolder folder;
    write_mlp_checkpoint(folder.file("mlp.safetensors"));
    Model first = Model::load(folder.file("mlp.safetensors"));
    const Tensor x = mlp_inputs();
    const Array before = first.explain("agop-ixg", view_of(x));
    Model second = std::move(first);
    BOOST_TEST(same_bits(second.explain("agop-ixg", view_of(x)), before));
}

BOOST_AUTO_TEST_CASE(the_method_list_is_the_engines) {
    const auto listed = attribution_methods();
    BOOST_TEST_REQUIRE(listed.size() == methods().size());
    for (std::size_t i = 0; i < listed.size(); ++i) {
        BOOST_TEST(listed[i].name == methods()[i].name);
        BOOST_TEST(listed[i].description == methods()[i].description);
    }
}

BOOST_AUTO_TEST_CASE(explain_settings_defaults_are_the_engines) {
    const ExplainSettings ours;
    const MethodSettings engine;
    BOOST_TEST(ours.agop_energy == engine.agop.truncation.energy);
    BOOST_TEST(ours.agop_rank == engine.agop.truncation.rank);
    BOOST_TEST(ours.ig_steps == engine.integrated_gradients.steps);
    BOOST_TEST((ours.ig_rule == ExplainSettings::IgRule::gauss_legendre &&
                engine.integrated_gradients.rule == IntegrationRule::gauss_legendre));
    BOOST_TEST(ours.smoothgrad_samples == engine.smoothgrad.samples);
    BOOST_TEST(ours.smoothgrad_noise_level == engine.smoothgrad.noise_level);
    BOOST_TEST(ours.kernelshap_budget == engine.kernelshap.budget);
    BOOST_TEST(ours.lime_samples == engine.lime.samples);
    BOOST_TEST(ours.lime_kernel_width == engine.lime.kernel_width);
    BOOST_TEST(ours.occlusion_patch == engine.occlusion.patch);
    BOOST_TEST(ours.occlusion_stride == engine.occlusion.stride);
}

BOOST_AUTO_TEST_SUITE_END()
