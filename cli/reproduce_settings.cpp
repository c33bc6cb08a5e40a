#include "cli/reproduce_settings.hpp"

namespace agop::cli {

namespace {

// A path or word as one shell word: quoted when it holds anything but plain characters.
std::string shell_word(const std::string& text) {
    const bool plain = !text.empty() && text.find_first_not_of(
                                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_./=:+,") == std::string::npos;
    if (plain) return text;
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

}  // namespace

nlohmann::json canonical_settings(const std::string& which, const ReproduceOptions& options,
                                  const std::string& backend) {
    return {{"which", which},
            {"quick", options.quick},
            {"seeds", options.seeds},
            {"seed", options.seed},
            {"backend", backend},
            {"timings", options.timings},
            {"data_dir", options.data_dir},
            {"agop_estimate", options.agop_estimate},
            {"agop_estimate_study", options.agop_estimate_study},
            {"clevr_xai", options.clevr_xai_dir},
            {"epochs", options.epochs},
            {"ig_rule", options.ig_rule},
            {"model_output", options.model_output},
            {"scored_rows", options.scored_rows},
            {"xai_tris_double_softmax", options.xai_tris_double_softmax}};
}

std::string canonical_command(const std::string& which, const ReproduceOptions& options, int threads,
                              const std::string& backend) {
    std::string command = "agop reproduce " + which;
    if (options.quick) command += " --quick";
    command += " --seeds " + std::to_string(options.seeds) + " --seed " + std::to_string(options.seed) + " --threads " +
               std::to_string(threads) + " --backend " + shell_word(backend);
    if (!options.timings) command += " --no-timings";
    if (!options.data_dir.empty()) command += " --data-dir " + shell_word(options.data_dir);
    if (!options.agop_estimate.empty()) command += " --agop-estimate " + shell_word(options.agop_estimate);
    if (options.agop_estimate_study) command += " --agop-estimate-study";
    if (!options.clevr_xai_dir.empty()) command += " --clevr-xai " + shell_word(options.clevr_xai_dir);
    if (options.epochs > 0) command += " --epochs " + std::to_string(options.epochs);
    if (!options.ig_rule.empty()) command += " --ig-rule " + shell_word(options.ig_rule);
    if (!options.model_output.empty()) command += " --model-output " + shell_word(options.model_output);
    if (!options.scored_rows.empty()) command += " --scored-rows " + shell_word(options.scored_rows);
    if (options.xai_tris_double_softmax) command += " --xai-tris-double-softmax";
    return command;
}

}  // namespace agop::cli
