#pragma once
// The places of offending cells an error lists: the first five as
// "line L, column C (name): 'text'", then how many there are in all.

#include <cstddef>
#include <string>

#include "data/file_bytes.hpp"

namespace agop {

class CellList {
  public:
    void add(std::size_t line, std::size_t column, const std::string& name, const std::string& text) {
        if (count_++ < 5)
            places_ += (places_.empty() ? "" : "; ") + std::string("line ") + std::to_string(line) + ", column " +
                       std::to_string(column) + " (" + printable_excerpt(name, 40) + "): '" +
                       printable_excerpt(text, 30) + "'";
    }
    bool empty() const { return count_ == 0; }
    std::size_t count() const { return count_; }
    std::string text() const { return places_ + (count_ > 5 ? "; ... " + std::to_string(count_) + " in all" : ""); }

  private:
    std::size_t count_ = 0;
    std::string places_;
};

}  // namespace agop
