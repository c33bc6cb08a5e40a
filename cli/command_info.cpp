#include "cli/command_info.hpp"

#include <iostream>
#include <memory>

#include "cli/common_options.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_directory.hpp"
#include "data/atomic_file.hpp"
#include "nn/checkpoint.hpp"

namespace agop::cli {

void add_info_command(CLI::App& app) {
    auto path = std::make_shared<std::string>();
    auto common = std::make_shared<CommonOptions>();
    CLI::App* cmd = app.add_subcommand("info", "Print a checkpoint's architecture, metadata and tensors "
                                               "(with --out, also into OUT/info.txt)");
    add_common_options(cmd, *common, "");
    cmd->add_option("checkpoint", *path, "A .safetensors file written by agop")->required()->check(existing_file());
    cmd->callback([path, common] {
        std::unique_ptr<RunDirectory> run;
        if (!common->out.empty()) run = std::make_unique<RunDirectory>(common->out, common->force, std::vector<std::string>{*path}, "info");
        const std::string summary = nn::checkpoint_summary(*path);
        if (!common->quiet) std::cout << summary;
        if (!run) return;
        write_text_file_atomically(run->staging() / "info.txt", summary);
        run->commit();
    });
}

}  // namespace agop::cli
