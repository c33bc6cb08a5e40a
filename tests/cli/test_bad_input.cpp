// The agop executable under hostile input: out-of-range options, a full disk, an --out that
// holds the inputs or cannot be written, a run killed half-way. Each ends in one error line
// naming the option or file and a non-zero exit, and never in a half-written --out.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "run_agop.hpp"

namespace fs = std::filesystem;
using namespace agop::test;

namespace {

bool one_line(const std::string& output) {
    return !output.empty() && output.find('\n') == output.size() - 1;
}

// No hidden folder of a run (".<out>.partial-...", ".<out>.replaced-...") is left beside --out.
void expect_no_hidden_sibling_of(const fs::path& parent, const std::string& out) {
    for (const auto& entry : fs::directory_iterator(parent))
        BOOST_TEST(entry.path().filename().string().rfind("." + out + ".", 0) != 0u, entry.path());
}

// --out is absent and nothing of the run is left beside it.
void expect_no_trace_of(const fs::path& parent, const std::string& out) {
    BOOST_TEST(!fs::exists(parent / out), out);
    expect_no_hidden_sibling_of(parent, out);
}

// A small trained model in dir/model (seed `seed`).
void train_small_model(const fs::path& dir, const std::string& out = "model", const std::string& extra = "") {
    const auto trained = run_agop_in("train --data synthetic:linear --epochs 2 --quiet --out " + out + " " + extra, dir);
    BOOST_TEST_REQUIRE(trained.exit_code == 0, trained.output);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(out_of_range_options_name_the_option_and_the_range_in_words) {
    const fs::path dir = fresh_cli_directory("ranges");
    train_small_model(dir);
    const std::string explain = "explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy ";
    const std::vector<std::pair<std::string, std::string>> cases{
        {"train --threads 0", "--threads"},
        {"train --threads 100000", "--threads"},
        {"train --threads -1", "--threads"},
        {"train --seed -1", "--seed"},
        {"train --epochs -1", "--epochs"},
        {"train --batch-size -1", "--batch-size"},
        {"train --patience -1", "--patience"},
        {"train --agop-every 0", "--agop-every"},
        {"train --lr inf", "--lr"},
        {"train --lr nan", "--lr"},
        {"train --lr 1e30", "--lr"},
        {"train --lr -0.1", "--lr"},
        {explain + "--ig-steps -1", "--ig-steps"},
        {explain + "--ig-steps 0", "--ig-steps"},
        {explain + "--smoothgrad-samples -1", "--smoothgrad-samples"},
        {explain + "--lime-samples -1", "--lime-samples"},
        {explain + "--agop-rank -1", "--agop-rank"},
        {explain + "--agop-energy 2", "--agop-energy"},
        {explain + "--agop-energy nan", "--agop-energy"},
        {"explain --checkpoint model --inputs model/test_inputs.npy", "--checkpoint"},
        {"explain --checkpoint model/model.safetensors --inputs model", "--inputs"},
        {"evaluate --attributions model --ground-truth model/test_ground_truth.npy", "--attributions"},
        {"info model", "checkpoint"},
        {"reproduce --seeds -1", "--seeds"},
        {"bench --thread-counts 1,2,0", "--thread-counts"},
        {"bench --thread-counts 1,-2", "--thread-counts"},
        {"bench --threads 1.5", "--threads"},
    };
    for (const auto& [arguments, option] : cases) {
        const auto result = run_agop_in(arguments, dir);
        BOOST_TEST(result.exit_code != 0, arguments);
        BOOST_TEST(one_line(result.output), arguments << " -> " << result.output);
        BOOST_TEST(result.output.find(option) != std::string::npos, arguments << " -> " << result.output);
        BOOST_TEST(result.output.size() < 160u, arguments << " -> " << result.output);
        for (const char* raw : {"1.79", "18446744073709551615", "e+308", "what()"})
            BOOST_TEST(result.output.find(raw) == std::string::npos, arguments << " -> " << result.output);
    }
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_comma_separated_thread_list_is_read_as_a_list) {
    const fs::path dir = fresh_cli_directory("thread_list");
    const auto result = run_agop_in("bench --only nothing --thread-counts 1,2", dir);
    BOOST_TEST(result.exit_code != 0);
    BOOST_TEST(result.output.find("--only: unknown workload 'nothing'") != std::string::npos, result.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_full_disk_is_an_error_naming_the_file_and_leaves_no_out) {
    const fs::path dir = fresh_cli_directory("full_disk");
    train_small_model(dir);
    const auto explained = run_agop_in("explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy --quiet --out attr", dir);
    BOOST_TEST_REQUIRE(explained.exit_code == 0, explained.output);
    const std::vector<std::string> commands{
        "train --data synthetic:linear --epochs 1 --quiet --out new",
        "explain --checkpoint model/model.safetensors --inputs model/test_inputs.npy --quiet --out new",
        "evaluate --attributions attr/attributions_agop-ixg.npy --ground-truth model/test_ground_truth.npy "
        "--targets model/test_labels.npy --quiet --out new",
        "info model/model.safetensors --quiet --out new",
        "bench --only T1 --thread-counts 1 --quiet --out new",
    };
    for (const auto& command : commands) {
        const auto result = run_agop_with_full_disk(command, dir);
        BOOST_TEST(result.exit_code != 0, command);
        BOOST_TEST(one_line(result.output), command << " -> " << result.output);
        BOOST_TEST(result.output.find("new") != std::string::npos, command << " -> " << result.output);
        expect_no_trace_of(dir, "new");
    }
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(force_refuses_to_replace_a_folder_holding_the_inputs) {
    const fs::path dir = fresh_cli_directory("own_input");
    train_small_model(dir, "out");
    const std::string before = read_text(dir / "out" / "test_inputs.npy");
    const auto result = run_agop_in("train --data npy:out/test_inputs.npy:out/test_labels.npy --epochs 1 --force --out out", dir);
    BOOST_TEST(result.exit_code != 0);
    BOOST_TEST(result.output.find("holds the input out/test_inputs.npy") != std::string::npos, result.output);
    BOOST_TEST(read_text(dir / "out" / "test_inputs.npy") == before);
    const auto explain = run_agop_in("explain --checkpoint out/model.safetensors --inputs out/test_inputs.npy --force --out out", dir);
    BOOST_TEST(explain.exit_code != 0);
    BOOST_TEST(explain.output.find("holds the input") != std::string::npos, explain.output);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(an_unwritable_out_is_found_before_any_work) {
    const fs::path dir = fresh_cli_directory("unwritable_out");
    std::ofstream(dir / "a_file") << "x";
    // Without --quiet: a command that started its work would print progress lines first.
    for (const std::string command : {"reproduce all --quick", "train --data synthetic:linear", "bench --only T1"}) {
        const auto under_a_file = run_agop_in(command + " --out a_file/out", dir);
        BOOST_TEST(under_a_file.exit_code != 0, command);
        BOOST_TEST(one_line(under_a_file.output), command << " -> " << under_a_file.output);
        BOOST_TEST(under_a_file.output.find("--out a_file/out") != std::string::npos, command << " -> " << under_a_file.output);
        const auto on_a_full_disk = run_agop_with_full_disk(command + " --out new", dir);
        BOOST_TEST(on_a_full_disk.exit_code != 0, command);
        BOOST_TEST(one_line(on_a_full_disk.output), command << " -> " << on_a_full_disk.output);
        BOOST_TEST(on_a_full_disk.output.find("--out new: cannot write there") != std::string::npos,
                   command << " -> " << on_a_full_disk.output);
        expect_no_trace_of(dir, "new");
    }
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_run_that_fails_between_two_files_leaves_the_earlier_run_whole) {
    const fs::path dir = fresh_cli_directory("between_files");
    train_small_model(dir, "out", "--seed 1");
    const std::string model = read_text(dir / "out" / "model.safetensors");
    // 40 KiB: the new checkpoint (about 25 KB) fits, the test inputs (160 KB) do not.
    const auto result = run_agop_with_full_disk("train --data synthetic:linear --epochs 2 --seed 2 --force --quiet --out out", dir, 40 * 1024);
    BOOST_TEST(result.exit_code != 0, result.output);
    BOOST_TEST(read_text(dir / "out" / "model.safetensors") == model);
    BOOST_TEST(fs::file_size(dir / "out" / "test_inputs.npy") > 40u * 1024);
    expect_no_hidden_sibling_of(dir, "out");
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_run_killed_half_way_leaves_the_earlier_run_whole) {
    const fs::path dir = fresh_cli_directory("killed");
    train_small_model(dir, "out", "--seed 1");
    const std::string model = read_text(dir / "out" / "model.safetensors");
    const std::string inputs = read_text(dir / "out" / "test_inputs.npy");
    // 100000 epochs take minutes; the kill after 1 s lands in training, long before the commit.
    const std::string command = "exec 2>/dev/null; cd '" + dir.string() + "' && timeout -s KILL 1 " + agop_binary() +
                                " train --data synthetic:linear --epochs 100000 --patience 0 --seed 2 --force --quiet --out out";
    BOOST_TEST(std::system(command.c_str()) != 0);
    BOOST_TEST(read_text(dir / "out" / "model.safetensors") == model);
    BOOST_TEST(read_text(dir / "out" / "test_inputs.npy") == inputs);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
