#include "explain/row_source.hpp"

#include "attribution/batch_rows.hpp"
#include "autodiff/error.hpp"
#include "data/npy_blocks.hpp"
#include "explain/csv_blocks.hpp"

namespace agop {

namespace {

class CsvRowSource : public RowSource {
  public:
    CsvRowSource(const TabularPreprocessing& preprocessing, const std::string& path, const std::string& unseen)
        : preprocessing_(preprocessing),
          unseen_(parse_unseen_category(unseen, "--unseen-category")),
          shape_{count_csv_records(path), preprocessing.column_names().size()},
          reader_(path) {}
    const Shape& shape() const override { return shape_; }
    RowBlock next(std::size_t count) override {
        EncodedRows rows = encode_new_rows(preprocessing_, reader_.next(count), unseen_);
        RowBlock block{std::move(rows.inputs), std::nullopt};
        block.raw = std::move(rows);
        return block;
    }
    void skip(std::size_t count) override { reader_.skip(count); }

  private:
    const TabularPreprocessing& preprocessing_;
    UnseenCategory unseen_;
    Shape shape_;
    CsvBlockReader reader_;
};

class NpyRowSource : public RowSource {
  public:
    explicit NpyRowSource(const std::string& path) : reader_(path) {}
    const Shape& shape() const override { return reader_.shape(); }
    RowBlock next(std::size_t count) override {
        count = std::min(count, reader_.rows() - at_);
        RowBlock block{reader_.read(at_, count), std::nullopt};
        at_ += count;
        return block;
    }
    void skip(std::size_t count) override { at_ += std::min(count, reader_.rows() - at_); }

  private:
    NpyBlockReader reader_;
    std::size_t at_ = 0;
};

class TensorRowSource : public RowSource {
  public:
    explicit TensorRowSource(Tensor rows) : rows_(std::move(rows)), shape_(shape_of(rows_)) {}
    const Shape& shape() const override { return shape_; }
    RowBlock next(std::size_t count) override {
        count = std::min(count, shape_[0] - at_);
        RowBlock block{take_rows(rows_, at_, count), std::nullopt};
        at_ += count;
        return block;
    }
    void skip(std::size_t count) override { at_ += std::min(count, shape_[0] - at_); }

  private:
    Tensor rows_;
    Shape shape_;
    std::size_t at_ = 0;
};

}  // namespace

std::unique_ptr<RowSource> csv_row_source(const TabularPreprocessing& preprocessing, const std::string& path,
                                          const std::string& unseen) {
    return std::make_unique<CsvRowSource>(preprocessing, path, unseen);
}

std::unique_ptr<RowSource> npy_row_source(const std::string& path) { return std::make_unique<NpyRowSource>(path); }

std::unique_ptr<RowSource> tensor_row_source(Tensor rows) {
    if (rows.dimension() == 0) throw Error("rows: a 0-d tensor has no rows; expected (N, ...)");
    return std::make_unique<TensorRowSource>(std::move(rows));
}

}  // namespace agop
