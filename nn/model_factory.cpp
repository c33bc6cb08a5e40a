#include "nn/model_factory.hpp"

#include <sstream>

#include "autodiff/error.hpp"
#include "nn/cnn8by8.hpp"
#include "nn/mlp.hpp"
#include "nn/resnet18.hpp"

namespace agop::nn {

namespace {

const std::string& required(const Metadata& m, const std::string& key) {
    auto found = m.find(key);
    if (found == m.end()) throw Error("make_model: metadata lacks '" + key + "' for architecture '" + m.at("architecture") + "'");
    return found->second;
}

std::size_t parse_count(const std::string& key, const std::string& text) {
    std::size_t used = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || text[0] == '-' || value == 0)
        throw Error("make_model: '" + key + "' must be a positive integer, got '" + text + "'");
    return static_cast<std::size_t>(value);
}

std::vector<std::size_t> parse_widths(const std::string& text) {
    std::vector<std::size_t> widths;
    if (text.empty()) return widths;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) widths.push_back(parse_count("hidden", item));
    return widths;
}

bool parse_flag(const std::string& key, const std::string& text) {
    if (text == "true") return true;
    if (text == "false") return false;
    throw Error("make_model: '" + key + "' must be true or false, got '" + text + "'");
}

}  // namespace

std::unique_ptr<Model> make_model(const Metadata& m, std::uint64_t seed) {
    auto name = m.find("architecture");
    if (name == m.end()) throw Error("make_model: metadata lacks 'architecture' (mlp, cnn8by8 or resnet18)");
    if (name->second == "mlp") {
        auto hidden = m.find("hidden");
        return std::make_unique<Mlp>(parse_count("input_dim", required(m, "input_dim")),
                                     parse_count("classes", required(m, "classes")),
                                     hidden == m.end() ? std::vector<std::size_t>{64, 64} : parse_widths(hidden->second),
                                     seed);
    }
    if (name->second == "cnn8by8") {
        auto classes = m.find("classes");
        auto probabilities = m.find("output_probabilities");
        return std::make_unique<Cnn8by8>(seed, classes == m.end() ? 2 : parse_count("classes", classes->second),
                                         probabilities != m.end() &&
                                             parse_flag("output_probabilities", probabilities->second));
    }
    if (name->second == "resnet18")
        return std::make_unique<ResNet18>(parse_count("in_channels", required(m, "in_channels")),
                                          parse_count("classes", required(m, "classes")), seed);
    throw Error("make_model: unknown architecture '" + name->second + "'; expected mlp, cnn8by8 or resnet18");
}

}  // namespace agop::nn
