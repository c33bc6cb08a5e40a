// Grouping identical masks, and one map scored once per distinct mask against the same metric
// run on every sample of the map repeated (average_over_samples): the same bits.

#include <boost/test/unit_test.hpp>
#include <xtensor/xbroadcast.hpp>

#include "autodiff/rng.hpp"
#include "eval/iou.hpp"
#include "eval/localisation_metrics.hpp"
#include "eval/mask_groups.hpp"

using namespace agop;

namespace {

// Six 4x4 masks: three copies of one, two of another (rows 1 and 4), and one alone.
Tensor masks_with_repeats() {
    Tensor masks = xt::zeros<float>({6, 4, 4});
    for (const std::size_t i : {0, 2, 5}) masks(i, 0, 0) = masks(i, 0, 1) = masks(i, 1, 1) = 1.0f;
    for (const std::size_t i : {1, 4}) masks(i, 3, 3) = masks(i, 2, 3) = 1.0f;
    masks(3, 2, 0) = 1.0f;
    return masks;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mask_groups)

BOOST_AUTO_TEST_CASE(identical_masks_share_a_group_numbered_by_first_appearance) {
    const MaskGroups groups = group_identical_masks(masks_with_repeats());
    BOOST_TEST(groups.group == (std::vector<std::size_t>{0, 1, 0, 2, 1, 0}), boost::test_tools::per_element());
    BOOST_TEST(groups.first_row == (std::vector<std::size_t>{0, 1, 3}), boost::test_tools::per_element());
    BOOST_CHECK_THROW(group_identical_masks(Tensor::from_shape({0, 4, 4})), Error);
}

BOOST_AUTO_TEST_CASE(one_map_against_grouped_masks_gives_the_per_sample_metric_bit_for_bit) {
    const Tensor masks = masks_with_repeats();
    const MaskGroups groups = group_identical_masks(masks);
    const Tensor map = Rng(3).normal_tensor({4, 4});
    const Tensor repeated = xt::broadcast(map, {6, 4, 4});
    const auto iou_top_g = [](const Tensor& m, const Tensor& g) { return iou(m, g); };
    for (const auto& [grouped, every] :
         {std::pair{average_over_masks("miou", map, masks, groups, iou_top_g), miou(repeated, masks)},
          std::pair{average_over_masks("precision", map, masks, groups, importance_precision),
                    mean_importance_precision(repeated, masks)}}) {
        BOOST_TEST(grouped.mean == every.mean);
        BOOST_TEST(grouped.per_sample == every.per_sample, boost::test_tools::per_element());
    }
    BOOST_CHECK_THROW(average_over_masks("miou", map, masks,
                                         group_identical_masks(Tensor(xt::view(masks, xt::range(0, 2)))), iou_top_g),
                      Error);
}

BOOST_AUTO_TEST_SUITE_END()
