#include "data/date_cells.hpp"

#include <cctype>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// Reads exactly `digits` digits at text[at]; advances `at`.
bool read_digits(const std::string& text, std::size_t& at, std::size_t digits, int& value) {
    if (at + digits > text.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const char c = text[at + i];
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        value = value * 10 + (c - '0');
    }
    at += digits;
    return true;
}

// One or two digits (a day or month written without a leading zero).
bool read_small(const std::string& text, std::size_t& at, int& value) {
    if (!read_digits(text, at, 1, value)) return false;
    int next;
    std::size_t probe = at;
    if (read_digits(text, probe, 1, next)) {
        value = value * 10 + next;
        at = probe;
    }
    return true;
}

// An English month name, full or its three-letter abbreviation, in any case ("Jan", "january").
bool read_month_name(const std::string& text, std::size_t& at, int& month) {
    static const char* const kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                          "july",    "august",   "september", "october", "november", "december"};
    std::size_t end = at;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
    std::string word = text.substr(at, end - at);
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int m = 0; m < 12; ++m) {
        const std::string full = kMonths[m];
        if (word == full || (word.size() == 3 && full.compare(0, 3, word) == 0)) {
            month = m + 1;
            at = end;
            return true;
        }
    }
    return false;
}

// Steps over `c` when it stands at text[at]; always true (for chains of reads).
bool skip_optional(const std::string& text, std::size_t& at, char c) {
    if (at < text.size() && text[at] == c) ++at;
    return true;
}

bool expect(const std::string& text, std::size_t& at, char c) {
    if (at >= text.size() || text[at] != c) return false;
    ++at;
    return true;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's
// days_from_civil).
long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool valid_day(int y, int m, int d) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap);
}

// "THH:MM[:SS[.fff]][Z|+hh:mm|-hh:mm]" or with a space for T; the fraction of a day in `fraction`.
bool read_time(const std::string& text, std::size_t& at, double& fraction) {
    fraction = 0;
    if (at == text.size()) return true;
    if (text[at] != 'T' && text[at] != ' ') return false;
    ++at;
    int h, mi, s = 0;
    if (!read_digits(text, at, 2, h) || !expect(text, at, ':') || !read_digits(text, at, 2, mi)) return false;
    double seconds = 0;
    if (at < text.size() && text[at] == ':') {
        ++at;
        if (!read_digits(text, at, 2, s)) return false;
        seconds = s;
        if (at < text.size() && text[at] == '.') {
            double scale = 0.1;
            ++at;
            while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
                seconds += scale * (text[at++] - '0');
                scale /= 10;
            }
        }
    }
    if (h > 23 || mi > 59 || s > 60) return false;
    if (at < text.size() && text[at] == 'Z')
        ++at;
    else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int oh, om;
        ++at;
        if (!read_digits(text, at, 2, oh) || !expect(text, at, ':') || !read_digits(text, at, 2, om)) return false;
    }
    fraction = (h * 3600.0 + mi * 60.0 + seconds) / 86400.0;
    return at == text.size();
}

}  // namespace

bool parse_date(const std::string& text, DateFormat format, DateParts& parts) {
    std::size_t at = 0;
    int y = 0, m = 0, d = 0;
    double fraction = 0;
    bool ok = false;
    switch (format) {
        case DateFormat::iso:
            ok = read_digits(text, at, 4, y) && expect(text, at, '-') && read_digits(text, at, 2, m) &&
                 expect(text, at, '-') && read_digits(text, at, 2, d) && read_time(text, at, fraction);
            break;
        case DateFormat::ymd_slash:
            ok = read_digits(text, at, 4, y) && expect(text, at, '/') && read_small(text, at, m) &&
                 expect(text, at, '/') && read_small(text, at, d) && read_time(text, at, fraction);
            break;
        case DateFormat::dmy_dot:
            ok = read_small(text, at, d) && expect(text, at, '.') && read_small(text, at, m) && expect(text, at, '.') &&
                 read_digits(text, at, 4, y) && read_time(text, at, fraction);
            break;
        case DateFormat::mdy_slash:
            ok = read_small(text, at, m) && expect(text, at, '/') && read_small(text, at, d) && expect(text, at, '/') &&
                 read_digits(text, at, 4, y) && read_time(text, at, fraction);
            break;
        case DateFormat::month_name:  // "Jan 1 2000", "January 1, 2000"
            ok = read_month_name(text, at, m) && expect(text, at, ' ') && read_small(text, at, d) &&
                 skip_optional(text, at, ',') && expect(text, at, ' ') && read_digits(text, at, 4, y) &&
                 read_time(text, at, fraction);
            break;
        case DateFormat::none:
            break;
    }
    if (!ok || !valid_day(y, m, d)) return false;
    const long days = days_from_civil(y, m, d);
    parts.days = static_cast<double>(days) + fraction;
    parts.month = m;
    parts.weekday = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday (3)
    return true;
}

DateFormat detect_date_format(const std::vector<std::string>& cells) {
    if (cells.empty()) return DateFormat::none;
    for (DateFormat format : {DateFormat::iso, DateFormat::ymd_slash, DateFormat::dmy_dot, DateFormat::month_name}) {
        DateParts parts;
        bool all = true;
        for (const auto& cell : cells)
            if (!(all = parse_date(cell, format, parts))) break;
        if (all) return format;
    }
    // MM/DD/YYYY: every cell reads so, and some day exceeds 12 (else DD/MM is as likely).
    bool day_above_twelve = false;
    for (const auto& cell : cells) {
        DateParts parts;
        if (!parse_date(cell, DateFormat::mdy_slash, parts)) return DateFormat::none;
        std::size_t at = 0;
        int first, second;
        read_small(cell, at, first);
        ++at;
        read_small(cell, at, second);
        day_above_twelve = day_above_twelve || second > 12;
    }
    return day_above_twelve ? DateFormat::mdy_slash : DateFormat::none;
}

std::string date_format_name(DateFormat format) {
    switch (format) {
        case DateFormat::iso:
            return "iso";
        case DateFormat::ymd_slash:
            return "ymd_slash";
        case DateFormat::dmy_dot:
            return "dmy_dot";
        case DateFormat::mdy_slash:
            return "mdy_slash";
        case DateFormat::month_name:
            return "month_name";
        case DateFormat::none:
            break;
    }
    return "none";
}

DateFormat parse_date_format(const std::string& name) {
    for (DateFormat format : {DateFormat::iso, DateFormat::ymd_slash, DateFormat::dmy_dot, DateFormat::mdy_slash,
                              DateFormat::month_name})
        if (date_format_name(format) == name) return format;
    throw Error("date format '" + name + "': expected iso, ymd_slash, dmy_dot, mdy_slash or month_name");
}

std::vector<std::string> date_column_names(const std::string& name) {
    return {name + ":days", name + ":month", name + ":weekday"};
}

}  // namespace agop
