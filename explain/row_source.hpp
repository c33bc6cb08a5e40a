#pragma once
// Where an explanation's rows come from, a block at a time, so that a file larger than memory
// can be explained: a raw CSV encoded with the checkpoint's preprocessing block by block
// (explain/csv_blocks.hpp), a .npy of encoded rows read by offset (data/npy_blocks.hpp), or
// rows already in memory (a folder of PNG files, or a program's tensor).

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "autodiff/tensor.hpp"
#include "data/tabular_preprocessing.hpp"

namespace agop {

// One block of rows: the encoded inputs (n, ...) and, for raw CSV rows, their lines, cells and
// imputed cells (its `inputs` moved to `inputs` here).
struct RowBlock {
    Tensor inputs;
    std::optional<EncodedRows> raw;
};

class RowSource {
  public:
    virtual ~RowSource() = default;
    // (N, ...): every row of the source, known before any is read.
    virtual const Shape& shape() const = 0;
    // The next `count` rows (fewer only at the end).
    virtual RowBlock next(std::size_t count) = 0;
    // Passes over the next `count` rows without encoding them.
    virtual void skip(std::size_t count) = 0;
};

// The raw rows of the CSV at `path`, encoded with `preprocessing`; `unseen` is "error", "zeros"
// or "most-frequent". Counts the records first (one pass). Errors name the file's line.
std::unique_ptr<RowSource> csv_row_source(const TabularPreprocessing& preprocessing, const std::string& path,
                                          const std::string& unseen);
// The rows of the .npy at `path`, converted to float32 and checked as read_npy_tensor does.
std::unique_ptr<RowSource> npy_row_source(const std::string& path);
// Rows (N, ...) already in memory.
std::unique_ptr<RowSource> tensor_row_source(Tensor rows);

}  // namespace agop
