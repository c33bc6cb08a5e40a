#include "experiments/table.hpp"

#include <cstdio>
#include <sstream>

#include "autodiff/error.hpp"
#include "data/explanation_files.hpp"

namespace agop {

namespace {

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

// Columns whose cells carry an interval in any row get a second CSV column.
std::vector<bool> interval_columns(const Table& t) {
    std::vector<bool> has(t.columns.size(), false);
    for (const auto& row : t.rows)
        for (std::size_t j = 0; j < row.size(); ++j) has[j] = has[j] || !std::isnan(row[j].half_width);
    return has;
}

}  // namespace

std::string Cell::formatted() const {
    if (std::isnan(value)) return text.empty() ? "nan" : text;
    std::string s = fixed(value, decimals);
    if (!std::isnan(half_width)) s += " ± " + fixed(half_width, decimals);
    return s;
}

void Table::add_row(std::vector<Cell> row) {
    if (row.size() != columns.size())
        throw Error("Table '" + id + "': a row has " + std::to_string(row.size()) + " cells but the table has " +
                    std::to_string(columns.size()) + " columns");
    rows.push_back(std::move(row));
}

bool Table::all_numbers_finite() const {
    for (const auto& row : rows)
        for (const auto& cell : row)
            if (cell.is_number() && !std::isfinite(cell.value)) return false;
    return true;
}

std::string to_markdown(const Table& t) {
    std::ostringstream out;
    out << "### " << t.title << "\n\n|";
    for (const auto& c : t.columns) out << ' ' << c << " |";
    out << "\n|";
    for (std::size_t j = 0; j < t.columns.size(); ++j) out << (j == 0 ? "---|" : "---:|");
    out << '\n';
    for (const auto& row : t.rows) {
        out << '|';
        for (const auto& cell : row) out << ' ' << cell.formatted() << " |";
        out << '\n';
    }
    if (!t.notes.empty()) {
        out << '\n';
        for (const auto& n : t.notes) out << "- " << n << '\n';
    }
    return out.str();
}

std::string to_csv(const Table& t) {
    const auto with_interval = interval_columns(t);
    std::ostringstream out;
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
        out << (j ? "," : "") << csv_field(t.columns[j]);
        if (with_interval[j]) out << ',' << csv_field(t.columns[j] + " ±");
    }
    out << '\n';
    for (const auto& row : t.rows) {
        for (std::size_t j = 0; j < row.size(); ++j) {
            const Cell& c = row[j];
            out << (j ? "," : "");
            if (std::isnan(c.value)) out << csv_field(c.text);
            else out << fixed(c.value, 6);
            if (with_interval[j]) out << ',' << (std::isnan(c.half_width) ? "" : fixed(c.half_width, 6));
        }
        out << '\n';
    }
    return out.str();
}

}  // namespace agop
