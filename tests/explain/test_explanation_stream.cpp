// The streamed explanation: every block of the grid gets the attributions that one call over
// all rows gives, whatever the step, and the predictions of one pass over all rows (to the bit); a source that ends early is an error; the scatter's
// reservoir sample keeps every row when it can and a fixed number, seeded, beyond.

#include <cblas.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <fstream>
#include <iterator>

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "explain/explanation_stream.hpp"
#include "explain/tabular_figures.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/expect_error.hpp"
#include "support/scoped_threads.hpp"
#include "support/test_models.hpp"

using namespace agop;
using namespace agop::testing;

namespace {

struct Setup {
    ExplainedModels models;
    PreparedMethod prepared;
};

Setup smoothgrad_on_linear_model() {
    ExplainedModel model = linear_model(linear_weight(), linear_bias());
    model.max_batch_rows = 64;  // pieces of 64 rows across the blocks of 3 rows and the steps
    Setup s{{model, model}, {}};
    s.prepared.method = &find_method("smoothgrad");
    s.prepared.model_output = "logit";
    s.prepared.settings.smoothgrad.samples = 3;
    s.prepared.settings.smoothgrad.seed = 11;
    return s;
}

// Every block streamed from `inputs` with `step`, joined in row order.
std::vector<StreamedBlock> streamed(const Setup& s, const Tensor& inputs, const Targets& targets, std::size_t step) {
    auto source = tensor_row_source(inputs);
    StreamPlan plan{&s.prepared, &s.models, &targets, false, {0, inputs.shape()[0]}, step, true, {}};
    std::vector<StreamedBlock> blocks;
    stream_explanation(*source, plan, [&](StreamedBlock& b) { blocks.push_back(std::move(b)); });
    return blocks;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explanation_stream)

BOOST_AUTO_TEST_CASE(steps_are_whole_blocks_of_the_grid) {
    BOOST_TEST(stream_step_rows(1, 7) == 7u);
    BOOST_TEST(stream_step_rows(3, 7) == 9u);
    BOOST_TEST(stream_step_rows(3, 1) == 3u);
    BOOST_TEST(stream_step_rows(1024, 0) == 8192u);
    BOOST_TEST(stream_step_rows(1000, 0) == 9000u);
}

BOOST_AUTO_TEST_CASE(any_step_gives_the_attributions_of_the_grid_and_the_predictions_of_all_rows) {
    const Setup s = smoothgrad_on_linear_model();
    const Tensor x = normal_inputs({600, 5}, 4);  // blocks of 3 rows
    const Targets targets = Targets::predicted();
    const Tensor expected = explain_rows_in_blocks("smoothgrad", s.models.explained, x, targets, s.prepared.settings,
                                                   {0, 600});
    const Predictions all = predict(s.models.logits, x, false);
    for (std::size_t step : {1u, 7u, 100000u}) {
        const auto blocks = streamed(s, x, targets, step);
        BOOST_TEST(blocks.size() == 200u);
        std::size_t row = 0;
        for (const StreamedBlock& b : blocks) {
            BOOST_TEST(b.first_row == row);
            const std::size_t n = b.attributions.shape()[0];
            BOOST_TEST(std::memcmp(b.attributions.data(), expected.data() + row * 5, n * 5 * sizeof(float)) == 0);
            const auto rows = [&](const auto& v) { return std::vector(v.begin() + row, v.begin() + row + n); };
            BOOST_TEST(b.results.predictions.predicted_class == rows(all.predicted_class));
            BOOST_TEST(std::memcmp(b.results.predictions.probability.data(), all.probability.data() + row,
                                   n * sizeof(float)) == 0);
            BOOST_TEST(b.results.explained_output == rows(all.predicted_class));
            BOOST_TEST(b.results.base_values.values.size() == n);
            row += n;
        }
        BOOST_TEST(row == 600u);
    }
}

// The predictions run piece by piece on one thread without setting OpenBLAS's process-wide
// thread count, which another thread of an embedder calling the library would see.
BOOST_AUTO_TEST_CASE(predicting_in_pieces_leaves_the_process_wide_blas_thread_count_alone) {
    testing::ScopedThreads two(2);
    Setup s = smoothgrad_on_linear_model();
    std::atomic<int> lowest{openblas_get_num_threads()};
    for (ExplainedModel* m : {&s.models.logits, &s.models.explained}) {
        auto logits = m->logits;
        m->logits = [logits, &lowest](Tape& tape, const Var& x) {
            lowest = std::min(lowest.load(), openblas_get_num_threads());
            return logits(tape, x);
        };
    }
    const Tensor x = normal_inputs({600, 5}, 4);
    const Predictions all = predict(s.models.logits, x, false);
    const auto blocks = streamed(s, x, Targets::predicted(), 7);
    BOOST_TEST(blocks.size() == 200u);
    BOOST_TEST(std::memcmp(blocks[150].results.predictions.probability.data(), all.probability.data() + 450,
                           3 * sizeof(float)) == 0);
    BOOST_TEST(lowest.load() == 2);
}

BOOST_AUTO_TEST_CASE(given_targets_are_explained_and_a_wrong_count_is_refused) {
    const Setup s = smoothgrad_on_linear_model();
    const Tensor x = normal_inputs({4, 5}, 5);
    const std::vector<int> classes{2, 0, 1, 2};
    const auto blocks = streamed(s, x, Targets::classes(classes), 3);
    std::vector<int> explained;
    for (const auto& b : blocks)
        explained.insert(explained.end(), b.results.explained_output.begin(), b.results.explained_output.end());
    BOOST_TEST(explained == classes);
    expect_error_mentioning([&] { streamed(s, x, Targets::classes({1, 2}), 3); }, {"--targets", "2 classes", "4"});
}

BOOST_AUTO_TEST_CASE(a_figure_sample_keeps_every_row_up_to_its_size_and_a_seeded_choice_beyond) {
    TabularExplanation e;
    e.method = "gradient";
    e.model_output = "logit";
    e.feature_names = {"a"};
    e.numeric_features = {true};
    e.column_names = {"a"};
    e.feature_groups = {0};
    e.class_names = {"no", "yes"};
    for (std::size_t r = 0; r < 50; ++r) {
        e.lines.push_back(r + 2);
        e.data.push_back({std::to_string(r)});
        e.predicted_class.push_back(0);
        e.probability.push_back(0.5f);
        e.explained_class.push_back(0);
        e.base_values.push_back(0.0);
    }
    e.attributions = Tensor::from_shape({50, 1});
    for (std::size_t r = 0; r < 50; ++r) e.attributions(r, 0) = static_cast<float>(r);
    complete_tabular_explanation(e);
    const auto dir = std::filesystem::temp_directory_path() / ("agop_test_figure_rows_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    FigureRows all(50, 0, 50, 1), sampled(50, 0, 10, 1), again(50, 0, 10, 1), other_seed(50, 0, 10, 2);
    for (FigureRows* rows : {&all, &sampled, &again, &other_seed}) rows->add(e);
    auto png = [&](const FigureRows& rows, const std::string& name) {
        rows.write(dir / name);
        std::ifstream in(dir / name / "figures_gradient" / "scatter.png", std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::string every = png(all, "all"), ten = png(sampled, "ten"), ten_again = png(again, "again");
    BOOST_TEST((every != ten));  // fewer dots
    BOOST_TEST(ten == ten_again);
    BOOST_TEST((ten != png(other_seed, "other")));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
