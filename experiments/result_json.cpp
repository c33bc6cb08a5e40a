#include "experiments/result_json.hpp"

#include <cmath>

#include "autodiff/error.hpp"
#include "experiments/experiment_units.hpp"

namespace agop {

namespace {

using nlohmann::json;

// json.at(key), or an Error naming `what` and the key.
const json& field(const json& object, const std::string& key, const std::string& what) {
    if (!object.is_object() || !object.contains(key)) throw Error(what + ": expected a field \"" + key + "\"");
    return object[key];
}

template <class T>
T field_as(const json& object, const std::string& key, const std::string& what) {
    try {
        return field(object, key, what).get<T>();
    } catch (const json::exception&) {
        throw Error(what + ": field \"" + key + "\" has the wrong type (" + field(object, key, what).type_name() + ")");
    }
}

json numbers_to_json(const std::vector<double>& values) {
    json out = json::array();
    for (double v : values) out.push_back(number_to_json(v));
    return out;
}

std::vector<double> numbers_from_json(const json& values, const std::string& what) {
    if (!values.is_array()) throw Error(what + ": expected an array of numbers");
    std::vector<double> out;
    for (const json& v : values) out.push_back(number_from_json(v, what));
    return out;
}

json cell_to_json(const Cell& cell) {
    return {{"text", cell.text},
            {"value", number_to_json(cell.value)},
            {"half_width", number_to_json(cell.half_width)},
            {"decimals", cell.decimals}};
}

Cell cell_from_json(const json& j, const std::string& what) {
    return Cell{field_as<std::string>(j, "text", what), number_from_json(field(j, "value", what), what),
                number_from_json(field(j, "half_width", what), what), field_as<int>(j, "decimals", what)};
}

}  // namespace

json number_to_json(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    return value;
}

double number_from_json(const json& j, const std::string& what) {
    if (j.is_number()) return j.get<double>();
    if (j == "nan") return std::nan("");
    if (j == "inf") return INFINITY;
    if (j == "-inf") return -INFINITY;
    throw Error(what + ": expected a number (or \"nan\", \"inf\", \"-inf\"); got " + j.dump());
}

json table_to_json(const Table& table) {
    json rows = json::array();
    for (const auto& row : table.rows) {
        json cells = json::array();
        for (const Cell& cell : row) cells.push_back(cell_to_json(cell));
        rows.push_back(cells);
    }
    return {
        {"id", table.id}, {"title", table.title}, {"columns", table.columns}, {"rows", rows}, {"notes", table.notes}};
}

Table table_from_json(const json& j, const std::string& what) {
    Table table{field_as<std::string>(j, "id", what),
                field_as<std::string>(j, "title", what),
                field_as<std::vector<std::string>>(j, "columns", what),
                {},
                field_as<std::vector<std::string>>(j, "notes", what)};
    const std::string where = what + ", table " + table.id;
    const json& rows = field(j, "rows", where);
    if (!rows.is_array()) throw Error(where + ": expected \"rows\" to be an array");
    for (const json& row : rows) {
        if (!row.is_array()) throw Error(where + ": expected each row to be an array of cells");
        std::vector<Cell> cells;
        for (const json& cell : row) cells.push_back(cell_from_json(cell, where));
        table.add_row(std::move(cells));
    }
    return table;
}

json line_chart_to_json(const LineChart& chart) {
    json series = json::array();
    for (const Series& s : chart.series)
        series.push_back({{"name", s.name}, {"x", numbers_to_json(s.x)}, {"y", numbers_to_json(s.y)}});
    return {{"file", chart.file},
            {"title", chart.title},
            {"x_label", chart.x_label},
            {"y_label", chart.y_label},
            {"series", series}};
}

LineChart line_chart_from_json(const json& j, const std::string& what) {
    LineChart chart{field_as<std::string>(j, "file", what),
                    field_as<std::string>(j, "title", what),
                    field_as<std::string>(j, "x_label", what),
                    field_as<std::string>(j, "y_label", what),
                    {}};
    const std::string where = what + ", chart " + chart.file;
    for (const json& s : field(j, "series", where))
        chart.series.push_back({field_as<std::string>(s, "name", where), numbers_from_json(field(s, "x", where), where),
                                numbers_from_json(field(s, "y", where), where)});
    return chart;
}

json heatmap_grid_to_json(const HeatmapGrid& grid) {
    json panels = json::array();
    for (const auto& row : grid.panels) {
        json cells = json::array();
        for (const HeatmapPanel& panel : row)
            cells.push_back({{"map", tensor_to_json(panel.map)}, {"diverging", panel.diverging}});
        panels.push_back(cells);
    }
    return {{"file", grid.file},
            {"title", grid.title},
            {"column_titles", grid.column_titles},
            {"row_titles", grid.row_titles},
            {"panels", panels}};
}

HeatmapGrid heatmap_grid_from_json(const json& j, const std::string& what) {
    HeatmapGrid grid{field_as<std::string>(j, "file", what),
                     field_as<std::string>(j, "title", what),
                     field_as<std::vector<std::string>>(j, "column_titles", what),
                     field_as<std::vector<std::string>>(j, "row_titles", what),
                     {}};
    const std::string where = what + ", figure " + grid.file;
    for (const json& row : field(j, "panels", where)) {
        std::vector<HeatmapPanel> panels;
        for (const json& panel : row)
            panels.push_back(
                {tensor_from_json(field(panel, "map", where), where), field_as<bool>(panel, "diverging", where)});
        grid.panels.push_back(std::move(panels));
    }
    return grid;
}

json claim_to_json(const Claim& claim) {
    return {{"paper", claim.paper},
            {"statement", claim.statement},
            {"supported", claim.supported},
            {"evidence", claim.evidence},
            {"checked", claim.checked}};
}

Claim claim_from_json(const json& j, const std::string& what) {
    return {field_as<std::string>(j, "paper", what), field_as<std::string>(j, "statement", what),
            field_as<bool>(j, "supported", what), field_as<std::string>(j, "evidence", what),
            field_as<bool>(j, "checked", what)};
}

json experiment_result_to_json(const ExperimentResult& result) {
    json j{{"name", result.name}, {"configuration", result.configuration}, {"messages", result.messages}};
    j["tables"] = json::array();
    for (const Table& t : result.tables) j["tables"].push_back(table_to_json(t));
    j["heatmaps"] = json::array();
    for (const HeatmapGrid& h : result.heatmaps) j["heatmaps"].push_back(heatmap_grid_to_json(h));
    j["charts"] = json::array();
    for (const LineChart& c : result.charts) j["charts"].push_back(line_chart_to_json(c));
    j["claims"] = json::array();
    for (const Claim& c : result.claims) j["claims"].push_back(claim_to_json(c));
    j["seconds"] = json::object();
    for (const auto& [stage, seconds] : result.seconds) j["seconds"][stage] = number_to_json(seconds);
    return j;
}

ExperimentResult experiment_result_from_json(const json& j, const std::string& what) {
    ExperimentResult result;
    result.name = field_as<std::string>(j, "name", what);
    result.configuration = field_as<std::map<std::string, std::string>>(j, "configuration", what);
    result.messages = field_as<std::vector<std::string>>(j, "messages", what);
    for (const json& t : field(j, "tables", what)) result.tables.push_back(table_from_json(t, what));
    for (const json& h : field(j, "heatmaps", what)) result.heatmaps.push_back(heatmap_grid_from_json(h, what));
    for (const json& c : field(j, "charts", what)) result.charts.push_back(line_chart_from_json(c, what));
    for (const json& c : field(j, "claims", what)) result.claims.push_back(claim_from_json(c, what));
    const json& seconds = field(j, "seconds", what);
    if (!seconds.is_object()) throw Error(what + ": expected \"seconds\" to be an object");
    for (const auto& [stage, value] : seconds.items()) result.seconds[stage] = number_from_json(value, what);
    return result;
}

}  // namespace agop
