#pragma once
// Date and date-time cells as numeric features.
//
// A column whose present cells are all dates in one format becomes three numeric features,
// grouped under the column's name: the days since 1970-01-01 (fractional with a time of day),
// the month (1-12) and the day of the week (0 = Monday .. 6 = Sunday). Formats:
//   iso        2012-01-31, 2012-01-31T08:30, 2012-01-31 08:30:15.5, an optional Z or +hh:mm
//              (the offset is read and ignored: times are taken as written)
//   ymd_slash  2012/01/31
//   dmy_dot    31.01.2012
//   mdy_slash  01/31/2012, only when some cell's second number exceeds 12 and no first one does
//              (otherwise the column is ambiguous and is not read as dates)
//   month_name Jan 1 2000, January 1, 2000 (an English month name or its three-letter
//              abbreviation, in any case; as vega-datasets' stocks.csv writes its dates)

#include <string>
#include <vector>

namespace agop {

enum class DateFormat { none, iso, ymd_slash, dmy_dot, mdy_slash, month_name };

inline constexpr std::size_t kDateParts = 3;

struct DateParts {
    double days = 0;  // since 1970-01-01, plus the fraction of the day
    int month = 1;    // 1..12
    int weekday = 0;  // 0 = Monday
};

// The date in `text` read in `format`; false unless the whole cell is a valid date of it.
bool parse_date(const std::string& text, DateFormat format, DateParts& parts);

// The one format every cell of `cells` reads in (the caller leaves missing cells out), or
// none: no cells, mixed formats, or month/day order ambiguous.
DateFormat detect_date_format(const std::vector<std::string>& cells);

// "iso", "ymd_slash", "dmy_dot", "mdy_slash", "month_name" (the checkpoint's spelling) and back; Error on
// an unknown name.
std::string date_format_name(DateFormat format);
DateFormat parse_date_format(const std::string& name);

// The three encoded column names of date feature `name`: "name:days", "name:month", "name:weekday".
std::vector<std::string> date_column_names(const std::string& name);

}  // namespace agop
