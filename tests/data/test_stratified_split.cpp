#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "autodiff/error.hpp"
#include "data/stratified_split.hpp"

using namespace agop;

namespace {

std::vector<int> balanced_labels(std::size_t n) {
    std::vector<int> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = i < n / 2 ? 0 : 1;
    return y;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stratified_split_suite)

BOOST_AUTO_TEST_CASE(xai_tris_sizes_are_exact_and_classes_balanced) {
    const auto y = balanced_labels(10000);
    Rng rng(1);
    const auto parts = stratified_split(y, {0.8, 0.1, 0.1}, rng);
    BOOST_TEST(parts[0].size() == 8000u);
    BOOST_TEST(parts[1].size() == 1000u);
    BOOST_TEST(parts[2].size() == 1000u);
    for (const auto& part : parts)
        BOOST_TEST(std::count_if(part.begin(), part.end(), [&](std::size_t i) { return y[i] == 1; }) ==
                   static_cast<long>(part.size() / 2));
}

BOOST_AUTO_TEST_CASE(parts_partition_all_indices) {
    std::vector<int> y = {0, 1, 2, 2, 1, 0, 0, 0, 1, 2, 2, 2, 1};
    Rng rng(3);
    const auto parts = stratified_split(y, {0.5, 0.5}, rng);
    std::vector<std::size_t> all = parts[0];
    all.insert(all.end(), parts[1].begin(), parts[1].end());
    std::sort(all.begin(), all.end());
    for (std::size_t i = 0; i < y.size(); ++i) BOOST_TEST(all[i] == i);
}

BOOST_AUTO_TEST_CASE(same_seed_same_split_other_seed_other_split) {
    const auto y = balanced_labels(100);
    Rng a(5), b(5), c(6);
    const auto pa = stratified_split(y, {0.8, 0.2}, a);
    BOOST_TEST(pa == stratified_split(y, {0.8, 0.2}, b));
    BOOST_TEST(pa != stratified_split(y, {0.8, 0.2}, c));
}

BOOST_AUTO_TEST_CASE(fractions_must_sum_to_one) {
    Rng rng(0);
    BOOST_CHECK_THROW(stratified_split({0, 1}, {0.5, 0.6}, rng), Error);
    BOOST_CHECK_THROW(stratified_split({0, 1}, {1.5, -0.5}, rng), Error);
}

BOOST_AUTO_TEST_CASE(three_way_split_stores_the_parts_of_stratified_split_in_order) {
    struct LabelledSet {
        std::vector<int> labels;
        std::vector<std::size_t> train_indices, validation_indices, test_indices;
    } set{balanced_labels(40), {}, {}, {}};
    split_train_validation_test(set, {0.5, 0.25, 0.25}, Rng(4));
    Rng rng(4);
    const auto parts = stratified_split(set.labels, {0.5, 0.25, 0.25}, rng);
    BOOST_TEST(set.train_indices == parts[0]);
    BOOST_TEST(set.validation_indices == parts[1]);
    BOOST_TEST(set.test_indices == parts[2]);
    BOOST_TEST(set.train_indices.size() == 20u);
    BOOST_TEST(set.test_indices.size() == 10u);
}

BOOST_AUTO_TEST_SUITE_END()
