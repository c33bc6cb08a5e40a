#include "cli/command_info.hpp"

#include <iostream>
#include <memory>

#include <fstream>

#include "cli/common_options.hpp"
#include "nn/checkpoint.hpp"

namespace agop::cli {

void add_info_command(CLI::App& app) {
    auto path = std::make_shared<std::string>();
    auto common = std::make_shared<CommonOptions>();
    CLI::App* cmd = app.add_subcommand("info", "Print a checkpoint's architecture, metadata and tensors "
                                               "(with --out, also into OUT/info.txt)");
    add_common_options(cmd, *common, "");
    cmd->add_option("checkpoint", *path, "A .safetensors file written by agop")->required();
    cmd->callback([path, common] {
        const std::string summary = nn::checkpoint_summary(*path);
        std::cout << summary;
        if (!common->out.empty()) std::ofstream(prepare_output_directory(*common) / "info.txt") << summary;
    });
}

}  // namespace agop::cli
