// A .npy read a block of rows at a time gives the rows read_npy_tensor gives, from any offset;
// a damaged file is refused when it is opened; a file written a block at a time has the bytes
// write_npy_tensor writes for the whole array, and refuses to close short.

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "data/data_test_support.hpp"
#include "data/npy.hpp"
#include "data/npy_blocks.hpp"
#include "support/expect_error.hpp"

using namespace agop;

namespace {

Tensor counting(const Shape& shape) {
    Tensor t = Tensor::from_shape(shape);
    for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = 0.5f * static_cast<float>(i) - 3.0f;
    return t;
}

std::string bytes_of(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npy_blocks)

BOOST_AUTO_TEST_CASE(the_header_gives_the_shape_and_rows_come_from_any_offset) {
    const auto path = test::fresh_temp_dir("npy_read") / "x.npy";
    const Tensor whole = counting({7, 2, 3});
    write_npy_tensor(path.string(), whole);
    NpyBlockReader reader(path.string());
    BOOST_TEST((reader.shape() == Shape{7, 2, 3}));
    BOOST_TEST(reader.rows() == 7u);
    for (std::size_t first : {0u, 3u, 6u}) {
        const Tensor rows = reader.read(first, 7 - first);
        BOOST_TEST((shape_of(rows) == Shape{7 - first, 2, 3}));
        for (std::size_t i = 0; i < rows.size(); ++i) BOOST_TEST(rows.data()[i] == whole.data()[first * 6 + i]);
    }
    BOOST_TEST(reader.read(7, 0).size() == 0u);
}

BOOST_AUTO_TEST_CASE(float64_rows_are_converted_and_a_non_finite_value_is_named_by_its_flat_index) {
    const auto path = test::fresh_temp_dir("npy_f64") / "x.npy";
    NpyArray array{NpyDtype::float64, {3, 2}, {}};
    const double bad[6] = {1.5, -2.0, 3.25, 4.0, 5.0, std::numeric_limits<double>::infinity()};
    array.bytes.assign(reinterpret_cast<const unsigned char*>(bad), reinterpret_cast<const unsigned char*>(bad) + 48);
    write_npy(path.string(), array);
    NpyBlockReader reader(path.string());
    const Tensor first = reader.read(1, 1);
    BOOST_TEST(first.data()[0] == 3.25f);
    BOOST_TEST(first.data()[1] == 4.0f);
    expect_error_mentioning([&] { reader.read(2, 1); }, {path.string(), "flat index 5", "not finite"});
}

BOOST_AUTO_TEST_CASE(a_truncated_file_is_refused_on_opening_naming_the_bytes) {
    const auto dir = test::fresh_temp_dir("npy_truncated");
    write_npy_tensor((dir / "x.npy").string(), counting({4, 3}));
    const std::string bytes = bytes_of(dir / "x.npy");
    test::write_text(dir / "short.npy", bytes.substr(0, bytes.size() - 5));
    expect_error_mentioning([&] { NpyBlockReader((dir / "short.npy").string()); },
                            {"short.npy", "needs 48 data bytes", "truncated"});
    test::write_text(dir / "header.npy", bytes.substr(0, 20));
    expect_error_mentioning([&] { NpyBlockReader((dir / "header.npy").string()); }, {"header.npy", "truncated header"});
    expect_error_mentioning([&] { NpyBlockReader((dir / "absent.npy").string()); }, {"absent.npy", "cannot be read"});
}

BOOST_AUTO_TEST_CASE(rows_beyond_the_file_are_refused) {
    const auto path = test::fresh_temp_dir("npy_beyond") / "x.npy";
    write_npy_tensor(path.string(), counting({4, 3}));
    NpyBlockReader reader(path.string());
    expect_error_mentioning([&] { reader.read(3, 2); }, {"x.npy", "rows 3+2", "beyond its 4 rows"});
}

BOOST_AUTO_TEST_CASE(a_file_written_by_blocks_has_the_bytes_of_the_whole_array) {
    const auto dir = test::fresh_temp_dir("npy_write");
    const Tensor whole = counting({5, 4});
    write_npy_tensor((dir / "whole.npy").string(), whole);
    NpyBlockWriter writer((dir / "blocks.npy").string(), {5, 4});
    NpyBlockReader reader((dir / "whole.npy").string());
    writer.append(reader.read(0, 2));
    writer.append(reader.read(2, 1));
    writer.append(reader.read(3, 2));
    writer.close();
    BOOST_TEST((bytes_of(dir / "blocks.npy") == bytes_of(dir / "whole.npy")));
}

BOOST_AUTO_TEST_CASE(a_writer_refuses_rows_of_another_shape_too_many_rows_and_closing_short) {
    const auto dir = test::fresh_temp_dir("npy_write_bad");
    NpyBlockWriter writer((dir / "x.npy").string(), {3, 2});
    expect_error_mentioning([&] { writer.append(counting({1, 3})); }, {"x.npy", "do not continue"});
    writer.append(counting({2, 2}));
    expect_error_mentioning([&] { writer.append(counting({2, 2})); }, {"x.npy", "after 2 rows"});
    expect_error_mentioning([&] { writer.close(); }, {"x.npy", "2 rows written of the 3"});
}

BOOST_AUTO_TEST_SUITE_END()
