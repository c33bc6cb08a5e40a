// The image experiment as units (`agop reproduce --shard/--merge`): the unit ids are stable and
// complete, a unit's result survives JSON text bit for bit, and assembling from any split of
// the units, run in any order, gives the unsharded run's tables, figures and claims.

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "experiments/image_experiment.hpp"
#include "experiments/image_unit_json.hpp"
#include "support/expect_error.hpp"

using namespace agop;

namespace {

// One scenario on both backgrounds, two seeds, the CLEVR stand-in, the AGOP-estimate study: every
// kind of unit and every optional part of a result, at sizes that train in seconds.
ImageExperimentSizes tiny_sizes() {
    ImageExperimentSizes s = image_experiment_sizes(true);
    s.scenarios = {XaiTrisScenario::linear};
    s.max_seeds = 0;
    s.xai_tris.n_samples = 200;
    s.xai_tris.epochs = 2;
    s.xai_tris.every_k_batches = 2;
    s.xai_tris.max_explained = 6;
    s.xai_tris.agop_estimate_study = true;
    s.clevr.n_images = 30;
    s.clevr.batch_size = 8;
    s.clevr.max_explained = 2;
    s.grid_rows = 2;
    return s;
}

ReproduceOptions tiny_options() {
    ReproduceOptions options;
    options.quick = true;
    options.seeds = 2;
    options.seed = 11;
    options.quiet = true;
    return options;
}

std::uint64_t bits(double v) {
    std::uint64_t out;
    std::memcpy(&out, &v, sizeof out);
    return out;
}

void expect_same_cell(const Cell& a, const Cell& b, const std::string& where) {
    BOOST_TEST(a.text == b.text, where);
    BOOST_TEST(bits(a.value) == bits(b.value), where << ": " << a.formatted() << " vs " << b.formatted());
    BOOST_TEST(bits(a.half_width) == bits(b.half_width), where);
    BOOST_TEST(a.decimals == b.decimals, where);
}

void expect_same_tables(const std::vector<Table>& a, const std::vector<Table>& b) {
    BOOST_TEST_REQUIRE(a.size() == b.size());
    for (std::size_t t = 0; t < a.size(); ++t) {
        BOOST_TEST(a[t].id == b[t].id);
        BOOST_TEST(a[t].title == b[t].title);
        BOOST_TEST(a[t].columns == b[t].columns, boost::test_tools::per_element());
        BOOST_TEST(a[t].notes == b[t].notes, boost::test_tools::per_element());
        BOOST_TEST_REQUIRE(a[t].rows.size() == b[t].rows.size(), a[t].id);
        for (std::size_t r = 0; r < a[t].rows.size(); ++r) {
            BOOST_TEST_REQUIRE(a[t].rows[r].size() == b[t].rows[r].size());
            for (std::size_t c = 0; c < a[t].rows[r].size(); ++c)
                expect_same_cell(a[t].rows[r][c], b[t].rows[r][c],
                                 a[t].id + " row " + std::to_string(r) + " column " + std::to_string(c));
        }
    }
}

void expect_same_figures(const ExperimentResult& a, const ExperimentResult& b) {
    BOOST_TEST_REQUIRE(a.heatmaps.size() == b.heatmaps.size());
    for (std::size_t h = 0; h < a.heatmaps.size(); ++h) {
        const HeatmapGrid &x = a.heatmaps[h], &y = b.heatmaps[h];
        BOOST_TEST((x.file == y.file && x.title == y.title && x.row_titles == y.row_titles &&
                    x.column_titles == y.column_titles));
        BOOST_TEST_REQUIRE(x.panels.size() == y.panels.size());
        for (std::size_t r = 0; r < x.panels.size(); ++r) {
            BOOST_TEST_REQUIRE(x.panels[r].size() == y.panels[r].size());
            for (std::size_t c = 0; c < x.panels[r].size(); ++c) {
                BOOST_TEST(bit_identical(x.panels[r][c].map, y.panels[r][c].map), x.file << " panel " << r << "," << c);
                BOOST_TEST(x.panels[r][c].diverging == y.panels[r][c].diverging);
            }
        }
    }
    BOOST_TEST_REQUIRE(a.charts.size() == b.charts.size());
    for (std::size_t c = 0; c < a.charts.size(); ++c) {
        BOOST_TEST(a.charts[c].file == b.charts[c].file);
        BOOST_TEST_REQUIRE(a.charts[c].series.size() == b.charts[c].series.size());
        for (std::size_t s = 0; s < a.charts[c].series.size(); ++s) {
            const Series &x = a.charts[c].series[s], &y = b.charts[c].series[s];
            BOOST_TEST(x.name == y.name);
            BOOST_TEST_REQUIRE(x.y.size() == y.y.size());
            for (std::size_t i = 0; i < x.y.size(); ++i)
                BOOST_TEST((bits(x.x[i]) == bits(y.x[i]) && bits(x.y[i]) == bits(y.y[i])), x.name << " point " << i);
        }
    }
}

// Everything a report shows; the wall times in `seconds` too when `with_seconds`.
void expect_same_result(const ExperimentResult& a, const ExperimentResult& b, bool with_seconds) {
    BOOST_TEST(a.name == b.name);
    expect_same_tables(a.tables, b.tables);
    expect_same_figures(a, b);
    BOOST_TEST_REQUIRE(a.claims.size() == b.claims.size());
    for (std::size_t c = 0; c < a.claims.size(); ++c) {
        BOOST_TEST(a.claims[c].statement == b.claims[c].statement);
        BOOST_TEST(a.claims[c].evidence == b.claims[c].evidence);
        BOOST_TEST(a.claims[c].supported == b.claims[c].supported);
        BOOST_TEST(a.claims[c].checked == b.claims[c].checked);
    }
    BOOST_TEST((a.configuration == b.configuration));
    BOOST_TEST(a.messages == b.messages, boost::test_tools::per_element());
    if (!with_seconds) return;
    BOOST_TEST_REQUIRE(a.seconds.size() == b.seconds.size());
    for (const auto& [stage, s] : a.seconds) BOOST_TEST(bits(s) == bits(b.seconds.at(stage)), stage);
}

ImageUnitResult through_json_text(const ImageUnitResult& unit) {
    return image_unit_from_json(nlohmann::json::parse(image_unit_to_json(unit).dump()));
}

const Table& table(const ExperimentResult& r, const std::string& id) {
    for (const auto& t : r.tables)
        if (t.id == id) return t;
    throw std::runtime_error("no table " + id);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_experiment_as_units)

BOOST_AUTO_TEST_CASE(unit_ids_are_stable_names_covering_clevr_and_every_scenario_background_and_seed) {
    ReproduceOptions options = tiny_options();
    ImageExperimentSizes sizes = tiny_sizes();
    sizes.scenarios = {XaiTrisScenario::linear, XaiTrisScenario::xor_};
    const std::vector<std::string> expected = {"images/clevr-style",
                                               "images/xai-tris/lin/white/seed-0",
                                               "images/xai-tris/lin/correlated/seed-0",
                                               "images/xai-tris/xor/white/seed-0",
                                               "images/xai-tris/xor/correlated/seed-0",
                                               "images/xai-tris/lin/white/seed-1",
                                               "images/xai-tris/lin/correlated/seed-1",
                                               "images/xai-tris/xor/white/seed-1",
                                               "images/xai-tris/xor/correlated/seed-1"};
    BOOST_TEST(image_unit_ids(options, sizes) == expected, boost::test_tools::per_element());
    BOOST_TEST(image_experiment_units(options, sizes).unit_ids == expected, boost::test_tools::per_element());

    // The release replaces the stand-in; the seed cap and run_clevr shrink the list.
    options.clevr_xai_dir = "release";
    BOOST_TEST(image_unit_ids(options, sizes).front() == "images/clevr-xai");
    sizes.max_seeds = 1;
    sizes.run_clevr = false;
    BOOST_TEST(
        image_unit_ids(options, sizes) ==
            (std::vector<std::string>{"images/xai-tris/lin/white/seed-0", "images/xai-tris/lin/correlated/seed-0",
                                      "images/xai-tris/xor/white/seed-0", "images/xai-tris/xor/correlated/seed-0"}),
        boost::test_tools::per_element());
    // The full `--quick` run: the stand-in and 4 x 2 configurations of one seed.
    BOOST_TEST(image_unit_ids(tiny_options(), image_experiment_sizes(true)).size() == 1u + 8u);
}

BOOST_AUTO_TEST_CASE(an_unknown_unit_id_is_refused_with_the_known_ones) {
    expect_error_mentioning(
        [] { run_image_unit("images/xai-tris/lin/white/seed-7", tiny_options(), tiny_sizes()); },
        {"images/xai-tris/lin/white/seed-7", "images/clevr-style", "images/xai-tris/lin/correlated/seed-1"});
}

BOOST_AUTO_TEST_CASE(non_finite_and_signed_values_survive_the_json_text_bit_for_bit) {
    ImageUnitResult unit;
    XaiTrisRun run;
    run.scenario = XaiTrisScenario::rigid;
    run.background = XaiTrisBackground::correlated;
    run.test_accuracy = 0.1 + 0.2;  // not a short decimal
    run.explained = 3;
    run.scored_test_rows = {2, 5, 9};
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    run.scores["random"].miou = {nan, {-0.0, inf, -inf, -nan, 1e-310}};
    run.epochs = {{1, 0.5, 1.0 / 3.0, 2.0 / 3.0}};
    run.estimate_study.push_back({AgopEstimate::hook_every_batch, 320, 0.25, {}, {}, run.epochs});
    run.randomisation = RandomisationSpearman{{"gradcam", {nan, {}}}};
    HeatmapGrid grid{"g.png", "t", {"image"}, {"0"}, {{{Tensor{{1.0f / 3.0f, -0.0f}, {1e-40f, 3e38f}}, true}}}};
    run.grid = grid;
    unit.xai_tris = run;
    unit.seconds = 1.0 / 7.0;

    const ImageUnitResult back = through_json_text(unit);
    BOOST_TEST_REQUIRE(back.xai_tris.has_value());
    const XaiTrisRun& r = *back.xai_tris;
    BOOST_TEST((r.scenario == XaiTrisScenario::rigid && r.background == XaiTrisBackground::correlated));
    BOOST_TEST(bits(r.test_accuracy) == bits(0.1 + 0.2));
    BOOST_TEST((r.scored_test_rows == std::vector<std::size_t>{2, 5, 9}));
    const SampleMean& m = r.scores.at("random").miou;
    BOOST_TEST(std::isnan(m.mean));
    BOOST_TEST_REQUIRE(m.per_sample.size() == 5u);
    BOOST_TEST(bits(m.per_sample[0]) == bits(-0.0));
    BOOST_TEST((m.per_sample[1] == inf && m.per_sample[2] == -inf));
    BOOST_TEST(std::isnan(m.per_sample[3]));
    BOOST_TEST(bits(m.per_sample[4]) == bits(1e-310));
    BOOST_TEST(bits(r.epochs.at(0).global_miou) == bits(1.0 / 3.0));
    BOOST_TEST_REQUIRE(r.estimate_study.size() == 1u);
    BOOST_TEST((r.estimate_study[0].estimate == AgopEstimate::hook_every_batch));
    BOOST_TEST(r.estimate_study[0].rows == 320u);
    BOOST_TEST(r.estimate_study[0].epochs.size() == 1u);
    BOOST_TEST(std::isnan(r.randomisation->at("gradcam").mean));
    BOOST_TEST_REQUIRE(r.grid.has_value());
    BOOST_TEST(bit_identical(r.grid->panels[0][0].map, grid.panels[0][0].map));
    BOOST_TEST(r.grid->panels[0][0].diverging);
    BOOST_TEST(!back.clevr.has_value());
    BOOST_TEST(bits(back.seconds) == bits(1.0 / 7.0));
    // Written again, the text is the same: nothing was lost or rounded on the way.
    BOOST_TEST(image_unit_to_json(back).dump() == image_unit_to_json(unit).dump());
}

BOOST_AUTO_TEST_CASE(a_damaged_unit_result_is_refused_naming_the_field) {
    ImageUnitResult unit;
    unit.xai_tris = XaiTrisRun{};
    unit.xai_tris->scores["random"] = {};
    nlohmann::json json = image_unit_to_json(unit);
    nlohmann::json missing = json;
    missing["xai_tris"].erase("agop_rows");
    expect_error_mentioning([&] { image_unit_from_json(missing); }, {"unit.xai_tris", "agop_rows"});
    nlohmann::json wrong_type = json;
    wrong_type["xai_tris"]["scores"]["random"]["miou"]["mean"] = "high";
    expect_error_mentioning([&] { image_unit_from_json(wrong_type); },
                            {"unit.xai_tris.scores.random.miou.mean", "number"});
    nlohmann::json unknown_scenario = json;
    unknown_scenario["xai_tris"]["scenario"] = "circle";
    expect_error_mentioning([&] { image_unit_from_json(unknown_scenario); }, {"unit.xai_tris.scenario", "circle"});
    expect_error_mentioning([] { image_unit_from_json(nlohmann::json::array()); }, {"unit", "object"});
}

BOOST_AUTO_TEST_CASE(assembling_from_json_text_equals_assembling_from_memory) {
    const ReproduceOptions options = tiny_options();
    const ImageExperimentSizes sizes = tiny_sizes();
    std::map<std::string, ImageUnitResult> in_memory, through_text;
    for (const auto& id : image_unit_ids(options, sizes)) {
        in_memory[id] = run_image_unit(id, options, sizes);
        through_text[id] = through_json_text(in_memory[id]);
    }
    const ExperimentResult a = assemble_image_experiment(in_memory, options, sizes);
    const ExperimentResult b = assemble_image_experiment(through_text, options, sizes);
    expect_same_result(a, b, true);
    // Every part of a unit's result reached the report: estimate study, sanity check, both seeds.
    BOOST_TEST(table(a, "agop_estimate").rows.size() == 2u * 3u);
    BOOST_TEST(table(a, "image_sanity").rows.size() == image_methods().size());
    BOOST_TEST(table(a, "xai_tris").notes.front().find("over 2 seeds") != std::string::npos);
    BOOST_TEST(a.heatmaps.size() == 2u + 1u);  // lin on both backgrounds, and the CLEVR stand-in
    BOOST_TEST(a.seconds.at("total") > 0.0);
}

BOOST_AUTO_TEST_CASE(two_subsets_of_units_run_in_another_order_assemble_to_the_full_run) {
    ReproduceOptions options = tiny_options();
    options.timings = false;
    ImageExperimentSizes sizes = tiny_sizes();
    sizes.backgrounds = {XaiTrisBackground::white};  // the CLEVR unit and two XAI-TRIS seeds
    const ExperimentResult full = run_image_experiment(options, sizes);

    // Shard 2 first, backwards, then shard 1: every other unit each, in one process.
    const ExperimentUnits units = image_experiment_units(options, sizes);
    std::map<std::string, UnitResult> results;
    for (int part : {1, 0})
        for (std::size_t i = units.unit_ids.size(); i-- > 0;)
            if (i % 2 == static_cast<std::size_t>(part))
                results[units.unit_ids[i]] = UnitResult::parse(units.run_unit(units.unit_ids[i]).dump());
    const ExperimentResult merged = units.assemble(results);
    expect_same_result(full, merged, false);

    // Under --no-timings no wall time reaches what the report shows.
    BOOST_TEST_REQUIRE(table(full, "agop_estimate").rows.size() == 3u);
    for (const auto& row : table(full, "agop_estimate").rows) BOOST_TEST(row[6].text == "not measured");  // seconds
    for (const auto& message : full.messages) BOOST_TEST(message.find(" s of ") == std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(assembly_refuses_a_missing_foreign_or_mismatched_unit) {
    const ReproduceOptions options = tiny_options();
    ImageExperimentSizes sizes = tiny_sizes();
    sizes.run_clevr = false;
    sizes.max_seeds = 1;
    std::map<std::string, ImageUnitResult> units;
    for (auto background : sizes.backgrounds) {
        XaiTrisRun run;
        run.scenario = XaiTrisScenario::linear;
        run.background = background;
        units[xai_tris_unit_id(XaiTrisScenario::linear, background, 0)].xai_tris = run;
    }
    std::map<std::string, ImageUnitResult> missing = units;
    missing.erase("images/xai-tris/lin/correlated/seed-0");
    expect_error_mentioning([&] { assemble_image_experiment(missing, options, sizes); },
                            {"images/xai-tris/lin/correlated/seed-0", "missing"});
    std::map<std::string, ImageUnitResult> foreign = units;
    foreign["images/xai-tris/lin/white/seed-1"] = units.begin()->second;
    expect_error_mentioning([&] { assemble_image_experiment(foreign, options, sizes); },
                            {"images/xai-tris/lin/white/seed-1", "not a unit"});
    std::map<std::string, ImageUnitResult> swapped = units;
    std::swap(swapped["images/xai-tris/lin/white/seed-0"], swapped["images/xai-tris/lin/correlated/seed-0"]);
    expect_error_mentioning([&] { assemble_image_experiment(swapped, options, sizes); },
                            {"images/xai-tris/lin/white/seed-0", "not that XAI-TRIS run"});
}

BOOST_AUTO_TEST_CASE(all_seeds_scores_every_seed_on_the_rows_all_its_models_classify_correctly) {
    ReproduceOptions options = tiny_options();
    options.scored_rows = "all-seeds";
    ImageExperimentSizes sizes = tiny_sizes();
    sizes.run_clevr = false;
    const ExperimentResult r = run_image_experiment(options, sizes);
    BOOST_TEST(r.configuration.at("xai_tris.scored_rows").rfind("all-seeds", 0) == 0u);
    const ImageUnitResult zero = run_image_unit("images/xai-tris/lin/white/seed-0", options, sizes);
    const ImageUnitResult one = run_image_unit("images/xai-tris/lin/white/seed-1", options, sizes);
    // Units score every correct row (the cap applies to the common ones) on one shared data set.
    BOOST_TEST(zero.xai_tris->explained > sizes.xai_tris.max_explained);
    BOOST_TEST(one.xai_tris->scored_test_rows.size() == one.xai_tris->explained);
    options.scored_rows = "cnn";
    BOOST_TEST(run_image_unit("images/xai-tris/lin/white/seed-0", options, sizes).xai_tris->explained ==
               sizes.xai_tris.max_explained);
}

BOOST_AUTO_TEST_SUITE_END()
