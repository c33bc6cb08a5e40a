// Shape mismatches and invalid arguments throw agop::Error naming the op and the shapes.

#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "autodiff/ops.hpp"

using namespace agop;

namespace {

// Runs `f`, expecting an agop::Error whose message contains every one of `fragments`.
template <class F>
void expect_error_mentioning(F f, std::initializer_list<std::string> fragments) {
    try {
        f();
        BOOST_ERROR("no exception was thrown");
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const auto& fragment : fragments)
            BOOST_TEST(message.find(fragment) != std::string::npos, "'" << message << "' lacks '" << fragment << "'");
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shape_errors)

BOOST_AUTO_TEST_CASE(messages_name_the_op_and_both_shapes) {
    Tape t;
    Var a = t.input(filled({2, 3}, 1.0f)), b = t.input(filled({4, 5}, 1.0f));
    expect_error_mentioning([&] { add(a, b); }, {"add", "(2, 3)", "(4, 5)"});
    expect_error_mentioning([&] { mul(a, b); }, {"mul", "(2, 3)", "(4, 5)"});
    expect_error_mentioning([&] { matmul(a, b); }, {"matmul", "(2, 3)", "(4, 5)"});
    expect_error_mentioning([&] { linear(a, b, Var()); }, {"linear", "(2, 3)", "(4, 5)"});
    expect_error_mentioning([&] { reshape(a, {7}); }, {"reshape", "(2, 3)", "(7)"});
    expect_error_mentioning([&] { concat({a, b}, 0); }, {"concat", "(2, 3)", "(4, 5)"});
    Var image = t.input(filled({1, 2, 5, 5}, 1.0f)), kernel = t.input(filled({3, 4, 3, 3}, 1.0f));
    expect_error_mentioning([&] { conv2d(image, kernel, Var(), 1, 0); }, {"conv2d", "(1, 2, 5, 5)", "(3, 4, 3, 3)"});
    expect_error_mentioning([&] { max_pool2d(a, 2, 2); }, {"max_pool2d", "(2, 3)"});
    expect_error_mentioning([&] { global_avg_pool(a); }, {"global_avg_pool", "(2, 3)"});
    expect_error_mentioning([&] { softmax(image); }, {"softmax", "(1, 2, 5, 5)"});
}

BOOST_AUTO_TEST_CASE(invalid_arguments_are_named) {
    Tape t;
    Var logits = t.input(filled({2, 3}, 0.0f));
    expect_error_mentioning([&] { cross_entropy(logits, {0, 3}); }, {"cross_entropy", "target 3", "[0, 3)"});
    expect_error_mentioning([&] { cross_entropy(logits, {0}); }, {"cross_entropy", "2 targets"});
    Rng rng(1);
    expect_error_mentioning([&] { dropout(logits, 1.0f, rng, true); }, {"dropout", "[0, 1)"});
    Var image = t.input(filled({1, 1, 4, 4}, 1.0f)), kernel = t.input(filled({1, 1, 2, 2}, 1.0f));
    expect_error_mentioning([&] { conv2d(image, kernel, Var(), 0, 0); }, {"conv2d", "stride"});
    Tensor mean = filled({2}, 0.0f), var = filled({2}, 1.0f);
    Var gamma = t.input(filled({3}, 1.0f)), beta = t.input(filled({3}, 0.0f));
    expect_error_mentioning([&] { batch_norm(logits, gamma, beta, {&mean, &var}, true); }, {"batch_norm", "(C)"});
}

BOOST_AUTO_TEST_SUITE_END()
