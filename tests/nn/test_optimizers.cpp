// Optimiser steps and learning-rate schedules against values computed by hand from
// PyTorch's update rules, on a 2-parameter problem with a fixed gradient (0.5, -1).

#include <boost/test/unit_test.hpp>

#include "autodiff/error.hpp"
#include "nn/lr_schedule.hpp"
#include "nn/optimizer.hpp"

using namespace agop;
using namespace agop::nn;

namespace {

struct TwoParameters {
    Parameter p;
    TwoParameters() {
        p.value = Tensor({1.0f, -2.0f});
        p.grad = Tensor({0.5f, -1.0f});
    }
};

void expect_values(const Parameter& p, float first, float second) {
    BOOST_TEST(p.value.data()[0] == first, boost::test_tools::tolerance(1e-5f));
    BOOST_TEST(p.value.data()[1] == second, boost::test_tools::tolerance(1e-5f));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(optimizers)

BOOST_AUTO_TEST_CASE(sgd_plain_step) {
    TwoParameters t;
    Sgd sgd({&t.p}, {0.1f});
    sgd.step();
    expect_values(t.p, 0.95f, -1.9f);
}

BOOST_AUTO_TEST_CASE(sgd_momentum_with_weight_decay_two_steps) {
    TwoParameters t;
    Sgd sgd({&t.p}, {0.1f, 0.9f, 0.0f, 0.01f, false});
    sgd.step();  // g = 0.51, b = 0.51
    expect_values(t.p, 0.949f, -1.898f);
    sgd.step();  // g = 0.50949, b = 0.9 * 0.51 + 0.50949 = 0.96849
    BOOST_TEST(t.p.value.data()[0] == 0.852151f, boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(sgd_nesterov_two_steps) {
    TwoParameters t;
    Sgd sgd({&t.p}, {0.1f, 0.9f, 0.0f, 0.01f, true});
    sgd.step();  // step = 0.51 + 0.9 * 0.51 = 0.969
    BOOST_TEST(t.p.value.data()[0] == 0.9031f, boost::test_tools::tolerance(1e-5f));
    sgd.step();  // g = 0.509031, b = 0.968031, step = 1.3802589
    BOOST_TEST(t.p.value.data()[0] == 0.76507411f, boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(sgd_refuses_nesterov_without_momentum) {
    TwoParameters t;
    BOOST_CHECK_THROW(Sgd({&t.p}, {0.1f, 0.0f, 0.0f, 0.0f, true}), Error);
}

BOOST_AUTO_TEST_CASE(adam_moves_each_parameter_by_lr_under_a_constant_gradient) {
    TwoParameters t;
    Adam adam({&t.p}, {0.1f});
    adam.step();
    expect_values(t.p, 0.9f, -1.9f);
    adam.step();
    expect_values(t.p, 0.8f, -1.8f);
}

BOOST_AUTO_TEST_CASE(adam_with_l2_weight_decay_two_steps) {
    TwoParameters t;
    AdamOptions options;
    options.lr = 0.1f;
    options.weight_decay = 0.1f;
    Adam adam({&t.p}, options);
    adam.step();  // g = (0.6, -1.2): a full lr step
    expect_values(t.p, 0.9f, -1.9f);
    adam.step();  // g = 0.59, m = 0.113, v = 0.00070774 -> step 0.099953
    BOOST_TEST(t.p.value.data()[0] == 0.800047f, boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(adamw_decays_weights_before_the_adam_step) {
    TwoParameters t;
    AdamOptions options;
    options.lr = 0.1f;
    options.weight_decay = 0.1f;
    options.decoupled_weight_decay = true;
    Adam adamw({&t.p}, options);
    adamw.step();  // p * (1 - 0.01) - 0.1 sign(g)
    expect_values(t.p, 0.89f, -1.88f);
    adamw.step();
    expect_values(t.p, 0.7811f, -1.7612f);
}

BOOST_AUTO_TEST_CASE(step_refuses_a_parameter_without_gradient) {
    Parameter p;
    p.value = Tensor({1.0f, 2.0f});
    Sgd sgd({&p}, {0.1f});
    BOOST_CHECK_THROW(sgd.step(), Error);
    sgd.zero_grad();
    sgd.step();
    expect_values(p, 1.0f, 2.0f);
}

BOOST_AUTO_TEST_CASE(schedules_at_known_epochs) {
    LrSchedule constant;
    BOOST_TEST(constant.at(0.1, 17) == 0.1);
    LrSchedule step{LrSchedule::Kind::step, 10, 0.1};
    BOOST_TEST(step.at(0.1, 0) == 0.1, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(step.at(0.1, 9) == 0.1, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(step.at(0.1, 10) == 0.01, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(step.at(0.1, 25) == 0.001, boost::test_tools::tolerance(1e-12));
    LrSchedule cosine{LrSchedule::Kind::cosine, 0, 0.0, 10, 0.0};
    BOOST_TEST(cosine.at(0.1, 0) == 0.1, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(cosine.at(0.1, 5) == 0.05, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::abs(cosine.at(0.1, 10)) < 1e-12);
    LrSchedule cosine_floor{LrSchedule::Kind::cosine, 0, 0.0, 4, 0.02};
    BOOST_TEST(cosine_floor.at(0.1, 2) == 0.06, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
