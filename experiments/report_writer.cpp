#include "experiments/report_writer.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autodiff/backend.hpp"
#include "autodiff/threads.hpp"
#include "data/atomic_file.hpp"
#include "figures/figures.hpp"
#include "experiments/experiment_units.hpp"
#include "experiments/progress.hpp"

namespace agop::cli {

namespace {

nlohmann::json cell_json(const Cell& c) {
    if (std::isnan(c.value)) return c.text.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.text);
    if (std::isnan(c.half_width)) return c.value;
    return {{"mean", c.value}, {"half_width_95", c.half_width}};
}

nlohmann::json table_json(const Table& t) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : t.rows) {
        nlohmann::json r;
        for (std::size_t j = 0; j < row.size(); ++j) r[t.columns[j]] = cell_json(row[j]);
        rows.push_back(r);
    }
    return {{"id", t.id}, {"title", t.title}, {"columns", t.columns}, {"rows", rows}, {"notes", t.notes}};
}

std::string verdict(const Claim& c) {
    if (!c.checked) return "not checked";
    return c.supported ? "supported" : "not supported";
}

// The wall time in seconds, or "not measured" under --no-timings.
nlohmann::json seconds_json(const RunRecord& run, const nlohmann::json& seconds) {
    return run.options.timings ? seconds : nlohmann::json(not_measured_text);
}

std::string today() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    return buffer;
}

std::string markdown(const std::vector<ExperimentResult>& results, const RunRecord& run) {
    std::ostringstream md;
    md << "# agop reproduce: report\n\n"
       << "Command: `" << run.command_line << "`  \n";
    if (run.options.timings)
        md << "Run on " << today() << " with " << run.threads << " thread(s), backend " << backend().name() << ", "
           << blas_description() << ", in " << format_duration(run.total_seconds) << ".  \n";
    else
        md << "Run with " << run.threads << " thread(s), backend " << backend().name() << ", " << blas_description()
           << "; date and wall times " << not_measured_text << " (--no-timings).  \n";
    md << "Seeds: " << run.options.seeds << " repetitions from base seed " << run.options.seed
       << "; every ± is a 95% interval over them (the papers report single runs).\n\n";
    if (run.options.quick)
        md << "**This is a `--quick` smoke run: sizes are tiny and the numbers say nothing about the papers' "
              "claims.**\n\n";
    md << "Where the papers are silent, agop's documented choices (`../shared/docs/papers.md`, Part A) decide; "
          "each experiment lists them under *Configuration*.\n\n";
    for (const auto& r : results) {
        md << "## " << r.name << "\n\n";
        for (const auto& m : r.messages) md << "> " << m << "\n\n";
        for (const auto& t : r.tables) md << to_markdown(t) << "\n";
        if (!r.claims.empty()) {
            md << "### Claims of the papers, checked\n\n| paper | claim | this run | evidence |\n|---|---|---|---|\n";
            for (const auto& c : r.claims)
                md << "| " << c.paper << " | " << c.statement << " | " << verdict(c)
                   << " | " << c.evidence << " |\n";
            md << "\n";
        }
        for (const auto& h : r.heatmaps) md << "![" << h.title << "](" << h.file << ")\n\n";
        for (const auto& c : r.charts) md << "![" << c.title << "](" << c.file << ")\n\n";
        if (!r.configuration.empty()) {
            md << "<details><summary>Configuration</summary>\n\n";
            for (const auto& [k, v] : r.configuration) md << "- `" << k << "`: " << v << "\n";
            md << "\n</details>\n\n";
        }
    }
    return md.str();
}

}  // namespace

void write_report(const std::filesystem::path& dir, const std::vector<ExperimentResult>& results, const RunRecord& run) {
    nlohmann::json all;
    all["command"] = run.command_line;
    all["quick"] = run.options.quick;
    all["seeds"] = run.options.seeds;
    all["base_seed"] = run.options.seed;
    all["threads"] = run.threads;
    all["backend"] = backend().name();
    all["blas"] = blas_description();
    all["compiler"] = __VERSION__;
    all["total_seconds"] = seconds_json(run, run.total_seconds);
    all["experiments"] = nlohmann::json::array();
    for (const auto& r : results) {
        nlohmann::json e{{"name", r.name}, {"configuration", r.configuration}, {"seconds", seconds_json(run, r.seconds)}, {"messages", r.messages}};
        e["tables"] = nlohmann::json::array();
        for (const auto& t : r.tables) {
            e["tables"].push_back(table_json(t));
            write_text_file_atomically(dir / (t.id + ".csv"), to_csv(t));
        }
        e["claims"] = nlohmann::json::array();
        for (const auto& c : r.claims)
            e["claims"].push_back({{"paper", c.paper}, {"statement", c.statement}, {"supported", c.supported}, {"checked", c.checked}, {"evidence", c.evidence}});
        for (const auto& h : r.heatmaps) write_png(h, (dir / h.file).string());
        for (const auto& c : r.charts) write_png(c, (dir / c.file).string());
        all["experiments"].push_back(e);
    }
    write_text_file_atomically(dir / "report.json", all.dump(2) + "\n");
    write_text_file_atomically(dir / "report.md", markdown(results, run));
}

}  // namespace agop::cli
