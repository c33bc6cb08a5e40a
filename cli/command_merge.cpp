#include "cli/command_merge.hpp"

#include <memory>
#include <string>
#include <vector>

#include "cli/command_explain.hpp"
#include "cli/explain_parts.hpp"

namespace agop::cli {

namespace {

struct MergeOptions {
    std::vector<std::string> parts;
    std::string out;
    bool force = false, quiet = false;
};

void run_merge(const MergeOptions& o) {
    MergedRows merged(o.parts);
    ExplainOptions options = merged.options();
    options.common.out = o.out;
    options.common.force = o.force;
    options.common.quiet = o.quiet;
    options.merged_parts = o.parts;
    run_explain(options, &merged);
}

}  // namespace

void add_merge_command(CLI::App& app) {
    auto o = std::make_shared<MergeOptions>();
    CLI::App* cmd = app.add_subcommand("merge",
                                       "Join the parts of `agop explain --shard i/n` into the files of "
                                       "the unsharded run");
    cmd->add_option("parts", o->parts, "Part folders, one per shard, in any order")->required();
    cmd->add_option("--out", o->out, "Folder for the merged run")->required();
    cmd->add_flag("--force", o->force, "Replace an earlier run's --out folder");
    cmd->add_flag("--quiet", o->quiet, "Print nothing but errors");
    cmd->callback([o] { run_merge(*o); });
}

}  // namespace agop::cli
