#pragma once
// A results table as the experiments return it: named columns, rows of cells, and notes
// (the documented choices behind the numbers). Writers to Markdown, CSV and JSON sit in
// cli/ so the core library stays free of a JSON dependency.

#include <cmath>
#include <string>
#include <vector>

namespace agop {

// One cell: text, or a number with an optional 95% interval half-width.
struct Cell {
    std::string text;                       // used when `value` is NaN
    double value = std::nan("");
    double half_width = std::nan("");       // NaN: no interval
    int decimals = 3;

    static Cell of_text(std::string text) { return Cell{std::move(text)}; }
    static Cell of_number(double value, int decimals = 3) { return Cell{"", value, std::nan(""), decimals}; }
    // A half-width that is not finite (one seed has no spread) is shown as no interval.
    static Cell of_interval(double mean, double half_width, int decimals = 3) {
        return Cell{"", mean, std::isfinite(half_width) ? half_width : std::nan(""), decimals};
    }
    bool is_number() const { return !std::isnan(value) || text.empty(); }
    // "0.912 ± 0.004", "0.912", or the text.
    std::string formatted() const;
};

struct Table {
    std::string id;      // file stem: "tabular_part1"
    std::string title;   // "Table 1: synthetic tasks"
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
    std::vector<std::string> notes;  // one sentence each

    // Appends a row; throws agop::Error if its width differs from the columns'.
    void add_row(std::vector<Cell> row);
    // Every numeric cell is finite (what CI's smoke test asserts).
    bool all_numbers_finite() const;
};

// GitHub-flavoured Markdown: "### title", the table, then the notes as a list.
std::string to_markdown(const Table& table);
// CSV with a header row; a number with an interval gives two columns "<name>" and "<name> ±".
std::string to_csv(const Table& table);

}  // namespace agop
