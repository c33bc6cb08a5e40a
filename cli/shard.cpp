#include "cli/shard.hpp"

#include "autodiff/error.hpp"

namespace agop::cli {

namespace {

// A whole number of 1 to 6 digits (max_shards has 6), or nothing.
bool read_count(const std::string& text, std::size_t& value) {
    if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::stoul(text);
    return true;
}

}  // namespace

Shard parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    Shard shard;
    const bool read = slash != std::string::npos && read_count(text.substr(0, slash), shard.index) &&
                      read_count(text.substr(slash + 1), shard.count);
    if (!read || shard.index == 0 || shard.index > shard.count || shard.count > max_shards)
        throw Error("--shard: expected i/n with whole numbers 1 <= i <= n <= " + std::to_string(max_shards) +
                    " (e.g. 2/4); got '" + text + "'");
    return shard;
}

std::string shard_text(const Shard& shard) { return std::to_string(shard.index) + "/" + std::to_string(shard.count); }

}  // namespace agop::cli
