#include "nn/safetensors_header.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

#include "autodiff/error.hpp"
#include "data/file_bytes.hpp"

namespace agop::nn {

namespace {

// JSON's two-character escapes: a character and the letter written after the backslash. ('/'
// may also be escaped; it is written as itself.)
constexpr std::pair<char, char> kEscapes[] = {{'"', '"'},  {'\\', '\\'}, {'\b', 'b'}, {'\f', 'f'},
                                              {'\n', 'n'}, {'\r', 'r'},  {'\t', 't'}};

void append_string(std::string& out, const std::string& text) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        const auto escape = std::find_if(std::begin(kEscapes), std::end(kEscapes),
                                         [c](const std::pair<char, char>& e) { return e.first == c; });
        const auto byte = static_cast<unsigned char>(c);
        if (escape != std::end(kEscapes)) {
            out += '\\';
            out += escape->second;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += hex[byte >> 4];
            out += hex[byte & 15];
        } else {
            out += c;
        }
    }
    out += '"';
}

// A cursor over the JSON text that throws agop::Error naming the file and position.
class Parser {
  public:
    Parser(const std::string& text, const std::string& file) : s_(text), file_(file) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(file_ + ": bad safetensors header at byte " + std::to_string(pos_) + " of the JSON: " + what);
    }
    void skip_space() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
    }
    bool consume(char c) {
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!consume(c)) fail(std::string("expected '") + c + "'");
    }
    bool at_end() {
        skip_space();
        return pos_ == s_.size();
    }

    std::string string() {
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a string");
        ++pos_;
        std::string out;
        while (true) {
            if (pos_ >= s_.size()) fail("unterminated string");
            const unsigned char c = static_cast<unsigned char>(s_[pos_++]);
            if (c == '"') return out;
            if (c < 0x20) fail("control character inside a string");
            if (c != '\\') {
                out += static_cast<char>(c);
                continue;
            }
            if (pos_ >= s_.size()) fail("unterminated escape");
            const char e = s_[pos_++];
            const auto escape = std::find_if(std::begin(kEscapes), std::end(kEscapes),
                                             [e](const std::pair<char, char>& x) { return x.second == e; });
            if (escape != std::end(kEscapes))
                out += escape->first;
            else if (e == '/')
                out += '/';
            else if (e == 'u')
                append_utf8(out, hex4());
            else
                fail(std::string("unknown escape \\") + e);
        }
    }

    std::size_t integer() {
        skip_space();
        const std::size_t start = pos_;
        std::size_t value = 0;
        while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
            if (pos_ - start >= 15) fail("integer too large");
            value = value * 10 + static_cast<std::size_t>(s_[pos_++] - '0');
        }
        if (pos_ == start) fail("expected a non-negative integer");
        if (pos_ - start > 1 && s_[start] == '0') fail("integer with a leading zero");
        return value;
    }

    std::vector<std::size_t> integer_array() {
        expect('[');
        std::vector<std::size_t> values;
        if (consume(']')) return values;
        do values.push_back(integer());
        while (consume(','));
        expect(']');
        return values;
    }

  private:
    unsigned hex4() {
        if (pos_ + 4 > s_.size()) fail("short \\u escape");
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = s_[pos_++];
            value <<= 4;
            if (c >= '0' && c <= '9') value |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') value |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') value |= static_cast<unsigned>(c - 'A' + 10);
            else fail("bad hex digit in \\u escape");
        }
        return value;
    }
    void append_utf8(std::string& out, unsigned code) {
        if (code >= 0xD800 && code <= 0xDBFF) {
            if (pos_ + 2 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') fail("unpaired surrogate");
            pos_ += 2;
            const unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("unpaired surrogate");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
            fail("unpaired surrogate");
        }
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    const std::string& s_;
    const std::string& file_;
    std::size_t pos_ = 0;
};

TensorEntry parse_entry(Parser& p, const std::string& name, const std::string& file) {
    TensorEntry entry;
    entry.name = name;
    bool has_dtype = false, has_shape = false, has_offsets = false;
    p.expect('{');
    if (!p.consume('}')) {
        do {
            const std::string key = p.string();
            p.expect(':');
            if (key == "dtype" && !has_dtype) {
                entry.dtype = p.string();
                has_dtype = true;
            } else if (key == "shape" && !has_shape) {
                entry.shape = p.integer_array();
                has_shape = true;
            } else if (key == "data_offsets" && !has_offsets) {
                const auto offsets = p.integer_array();
                if (offsets.size() != 2) throw Error(file + ": tensor '" + printable_excerpt(name) + "': data_offsets must be [begin, end]");
                entry.begin = offsets[0];
                entry.end = offsets[1];
                has_offsets = true;
            } else {
                throw Error(file + ": tensor '" + printable_excerpt(name) + "': unexpected or repeated key '" +
                            printable_excerpt(key) + "' (expected dtype, shape, data_offsets)");
            }
        } while (p.consume(','));
        p.expect('}');
    }
    if (!has_dtype || !has_shape || !has_offsets)
        throw Error(file + ": tensor '" + printable_excerpt(name) + "': entry must have dtype, shape and data_offsets");
    return entry;
}

}  // namespace

std::string format_header(const SafetensorsHeader& header) {
    std::string out = "{";
    bool first = true;
    if (!header.metadata.empty()) {
        out += "\"__metadata__\":{";
        for (auto it = header.metadata.begin(); it != header.metadata.end(); ++it) {
            if (it != header.metadata.begin()) out += ',';
            append_string(out, it->first);
            out += ':';
            append_string(out, it->second);
        }
        out += '}';
        first = false;
    }
    for (const auto& t : header.tensors) {
        if (!first) out += ',';
        first = false;
        append_string(out, t.name);
        out += ":{\"dtype\":";
        append_string(out, t.dtype);
        out += ",\"shape\":[";
        for (std::size_t i = 0; i < t.shape.size(); ++i) out += (i ? "," : "") + std::to_string(t.shape[i]);
        out += "],\"data_offsets\":[" + std::to_string(t.begin) + "," + std::to_string(t.end) + "]}";
    }
    return out + "}";
}

SafetensorsHeader parse_header(const std::string& json, const std::string& file) {
    Parser p(json, file);
    SafetensorsHeader header;
    std::set<std::string> seen;
    p.expect('{');
    if (!p.consume('}')) {
        do {
            const std::string name = p.string();
            if (!seen.insert(name).second) throw Error(file + ": the header names '" + printable_excerpt(name) + "' twice");
            p.expect(':');
            if (name == "__metadata__") {
                p.expect('{');
                if (!p.consume('}')) {
                    do {
                        const std::string key = p.string();
                        p.expect(':');
                        if (!header.metadata.emplace(key, p.string()).second)
                            throw Error(file + ": __metadata__ has the key '" + printable_excerpt(key) + "' twice");
                    } while (p.consume(','));
                    p.expect('}');
                }
            } else {
                header.tensors.push_back(parse_entry(p, name, file));
            }
        } while (p.consume(','));
        p.expect('}');
    }
    if (!p.at_end()) p.fail("text after the header object");
    return header;
}

}  // namespace agop::nn
