#include "cli/command_compare_leaderboard.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "data/atomic_file.hpp"
#include "eval/attribution_scorecard.hpp"
#include "eval/ranking.hpp"

namespace agop::cli {

namespace {

std::string number(double v, const char* format = "%.4g") {
    if (!std::isfinite(v)) return v > 0 ? "inf" : (v < 0 ? "-inf" : "nan");
    char text[32];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

std::string cell_text(const LeaderboardCell& c) {
    return number(c.value.mean) + " ±" + number(c.value.half_width, "%.2g") + " (" + number(c.rank, "%g") + ")";
}

// Whether interval a lies wholly on the better side of interval b.
bool surely_better(const MeanInterval& a, const MeanInterval& b, bool higher) {
    return higher ? a.mean - a.half_width > b.mean + b.half_width : a.mean + a.half_width < b.mean - b.half_width;
}

}  // namespace

void rank_methods(Leaderboard& board) {
    for (std::size_t m = 0; m < board.metrics.size(); ++m) {
        const bool higher = higher_is_better(board.metrics[m]);
        std::vector<double> badness;
        for (const auto& row : board.rows)
            badness.push_back(higher ? -row.cells[m].value.mean : row.cells[m].value.mean);
        const std::vector<double> ranks = average_ranks(badness);
        for (std::size_t i = 0; i < board.rows.size(); ++i) {
            LeaderboardCell& cell = board.rows[i].cells[m];
            cell.rank = ranks[i];
            std::size_t better = 0, worse = 0;
            for (std::size_t j = 0; j < board.rows.size(); ++j) {
                if (j == i) continue;
                better += surely_better(board.rows[j].cells[m].value, cell.value, higher);
                worse += surely_better(cell.value, board.rows[j].cells[m].value, higher);
            }
            cell.best_rank = 1 + better;
            cell.worst_rank = board.rows.size() - worse;
        }
    }
}

std::string leaderboard_table(const Leaderboard& board) {
    std::vector<std::vector<std::string>> lines{{"method"}};
    for (const auto& m : board.metrics) lines[0].push_back(m + (higher_is_better(m) ? " ↑" : " ↓"));
    lines[0].push_back("s/row");
    for (const auto& row : board.rows) {
        lines.push_back({row.method});
        for (const auto& c : row.cells) lines.back().push_back(cell_text(c));
        lines.back().push_back(number(row.seconds_per_row, "%.3g"));
    }
    std::vector<std::size_t> width(lines[0].size(), 0);
    const auto shown = [](const std::string& s) {  // characters on screen (UTF-8 arrows are 3 bytes)
        std::size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    };
    for (const auto& line : lines)
        for (std::size_t k = 0; k < line.size(); ++k) width[k] = std::max(width[k], shown(line[k]));
    std::ostringstream out;
    for (const auto& line : lines) {
        for (std::size_t k = 0; k < line.size(); ++k)
            out << line[k] << std::string(width[k] - shown(line[k]) + (k + 1 < line.size() ? 2 : 0), ' ');
        out << "\n";
    }
    for (const auto& [name, value] : board.references)
        out << name << " (random order, every method's reference): " << number(value.mean) << " ±"
            << number(value.half_width, "%.2g") << "\n";
    return out.str();
}

std::vector<std::filesystem::path> write_leaderboard(const std::filesystem::path& dir, const Leaderboard& board) {
    std::ostringstream md, csv;
    md << "# agop compare\n\n";
    for (const auto& [key, value] : board.settings) md << "- " << key << ": " << value << "\n";
    md << "\nEach cell: mean over rows ± 95% interval half-width (rank, 1 = best). ↑ higher is better, ↓ lower.\n\n| "
          "method |";
    for (const auto& m : board.metrics) md << " " << m << (higher_is_better(m) ? " ↑" : " ↓") << " |";
    md << " s/row |\n|---|";
    for (std::size_t k = 0; k <= board.metrics.size(); ++k) md << "---:|";
    md << "\n";
    csv << "method,metric,higher_is_better,mean,half_width_95,rows,rank,best_rank,worst_rank,seconds_per_row\n";
    nlohmann::json json{
        {"settings", nlohmann::json::object()}, {"metrics", board.metrics}, {"methods", nlohmann::json::array()}};
    for (const auto& [key, value] : board.settings) json["settings"][key] = value;
    for (const auto& row : board.rows) {
        md << "| " << row.method << " |";
        nlohmann::json method{
            {"method", row.method}, {"seconds_per_row", row.seconds_per_row}, {"metrics", nlohmann::json::object()}};
        for (std::size_t m = 0; m < board.metrics.size(); ++m) {
            const LeaderboardCell& c = row.cells[m];
            md << " " << cell_text(c) << " |";
            csv << row.method << "," << board.metrics[m] << "," << (higher_is_better(board.metrics[m]) ? 1 : 0) << ","
                << number(c.value.mean, "%.9g") << "," << number(c.value.half_width, "%.9g") << "," << c.value.n << ","
                << c.rank << "," << c.best_rank << "," << c.worst_rank << "," << number(row.seconds_per_row, "%.9g")
                << "\n";
            method["metrics"][board.metrics[m]] = {{"mean", c.value.mean},     {"half_width_95", c.value.half_width},
                                                   {"rows", c.value.n},        {"rank", c.rank},
                                                   {"best_rank", c.best_rank}, {"worst_rank", c.worst_rank}};
        }
        md << " " << number(row.seconds_per_row, "%.3g") << " |\n";
        json["methods"].push_back(method);
    }
    for (const auto& [name, value] : board.references) {
        md << "\n"
           << name << " with a random order (the reference every method should beat): " << number(value.mean) << " ±"
           << number(value.half_width, "%.2g") << "\n";
        json["references"][name] = {{"mean", value.mean}, {"half_width_95", value.half_width}, {"rows", value.n}};
    }
    md << "\n![ranks](compare.png)\n";
    const std::vector<std::filesystem::path> paths{dir / "compare.md", dir / "compare.csv", dir / "compare.json"};
    write_text_file_atomically(paths[0], md.str());
    write_text_file_atomically(paths[1], csv.str());
    write_text_file_atomically(paths[2], json.dump(2) + "\n");
    return paths;
}

}  // namespace agop::cli
