#include <boost/test/unit_test.hpp>

#include <cstring>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/npy.hpp"
#include "data_test_support.hpp"

using namespace agop;

namespace {

// A .npy file with the given header dict and `data_bytes` zero bytes of data.
std::string npy_bytes(const std::string& dict, std::size_t data_bytes, unsigned char major = 1) {
    std::string header = dict;
    while ((10 + header.size() + 1) % 64) header.push_back(' ');
    header.push_back('\n');
    std::string out = "\x93NUMPY";
    out.push_back(static_cast<char>(major));
    out.push_back(0);
    out.push_back(static_cast<char>(header.size() & 0xff));
    out.push_back(static_cast<char>(header.size() >> 8));
    return out + header + std::string(data_bytes, '\0');
}

void require_refusal(const std::string& bytes, const std::string& expected_words) {
    const auto path = test::fresh_temp_dir("npy") / "bad.npy";
    test::write_text(path, bytes);
    try {
        read_npy(path.string());
        BOOST_FAIL("read_npy accepted a file it must refuse: " + expected_words);
    } catch (const Error& e) {
        const std::string message = e.what();
        BOOST_TEST_INFO(message);
        BOOST_TEST(message.find(path.string()) != std::string::npos);
        BOOST_TEST(message.find(expected_words) != std::string::npos);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npy)

BOOST_AUTO_TEST_CASE(tensor_round_trip_is_bit_identical) {
    Rng rng(7);
    const Tensor t = rng.normal_tensor({2, 3, 4});
    const auto path = test::fresh_temp_dir("npy") / "t.npy";
    write_npy_tensor(path.string(), t);
    BOOST_TEST(bit_identical(read_npy_tensor(path.string()), t));
}

BOOST_AUTO_TEST_CASE(header_is_padded_to_64_bytes_as_numpy_does) {
    const auto path = test::fresh_temp_dir("npy") / "t.npy";
    write_npy_tensor(path.string(), filled({5}, 1.0f));
    const NpyArray back = read_npy(path.string());
    BOOST_TEST((std::filesystem::file_size(path) - 5 * 4) % 64 == 0u);
    BOOST_TEST(back.shape == Shape({5}));
}

BOOST_AUTO_TEST_CASE(all_supported_dtypes_round_trip) {
    const auto dir = test::fresh_temp_dir("npy");
    for (NpyDtype dtype : {NpyDtype::float32, NpyDtype::float64, NpyDtype::int64, NpyDtype::uint8}) {
        NpyArray a;
        a.dtype = dtype;
        a.shape = {2, 3};
        a.bytes.resize(6 * npy_item_size(dtype));
        for (std::size_t i = 0; i < a.bytes.size(); ++i) a.bytes[i] = static_cast<unsigned char>(i * 7 + 1);
        const auto path = (dir / (npy_descr(dtype).substr(1) + ".npy")).string();
        write_npy(path, a);
        const NpyArray b = read_npy(path);
        BOOST_TEST((b.dtype == dtype));
        BOOST_TEST(b.shape == a.shape);
        BOOST_TEST(b.bytes == a.bytes);
    }
}

BOOST_AUTO_TEST_CASE(scalar_and_empty_shapes_round_trip) {
    const auto dir = test::fresh_temp_dir("npy");
    write_npy_tensor((dir / "s.npy").string(), filled({}, 3.5f));
    BOOST_TEST(read_npy_tensor((dir / "s.npy").string())() == 3.5f);
    write_npy_tensor((dir / "e.npy").string(), filled({0, 4}, 0.0f));
    BOOST_TEST(read_npy((dir / "e.npy").string()).shape == Shape({0, 4}));
}

BOOST_AUTO_TEST_CASE(float64_int64_and_uint8_read_as_float_tensors) {
    const auto path = test::fresh_temp_dir("npy") / "d.npy";
    NpyArray a;
    a.dtype = NpyDtype::float64;
    a.shape = {2};
    const double values[2] = {0.25, -3.0};
    a.bytes.resize(16);
    std::memcpy(a.bytes.data(), values, 16);
    write_npy(path.string(), a);
    const Tensor t = read_npy_tensor(path.string());
    BOOST_TEST(t(0) == 0.25f);
    BOOST_TEST(t(1) == -3.0f);
}

BOOST_AUTO_TEST_CASE(labels_round_trip_as_int64) {
    const auto path = test::fresh_temp_dir("npy") / "y.npy";
    const std::vector<int> y = {0, 2, 1, 1, 7};
    write_npy_labels(path.string(), y);
    BOOST_TEST((read_npy(path.string()).dtype == NpyDtype::int64));
    BOOST_TEST(read_npy_labels(path.string()) == y);
}

BOOST_AUTO_TEST_CASE(labels_must_be_integer_and_one_dimensional) {
    const auto dir = test::fresh_temp_dir("npy");
    write_npy_tensor((dir / "f.npy").string(), filled({3}, 1.0f));
    BOOST_CHECK_THROW(read_npy_labels((dir / "f.npy").string()), Error);
    test::write_text(dir / "m.npy", npy_bytes("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", 32));
    BOOST_CHECK_THROW(read_npy_labels((dir / "m.npy").string()), Error);
}

BOOST_AUTO_TEST_CASE(big_endian_is_refused) {
    require_refusal(npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "big-endian");
}

BOOST_AUTO_TEST_CASE(fortran_order_is_refused) {
    require_refusal(npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16), "Fortran order");
}

BOOST_AUTO_TEST_CASE(other_dtypes_are_refused) {
    require_refusal(npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 8), "'<i4' is not supported");
}

BOOST_AUTO_TEST_CASE(version_2_is_refused) {
    require_refusal(npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8, 2), "version 2.0");
}

BOOST_AUTO_TEST_CASE(truncated_data_is_refused) {
    require_refusal(npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", 20), "truncated");
}

BOOST_AUTO_TEST_CASE(bool_arrays_read_as_uint8_zero_one) {
    // np.save(path, np.array([True, False, True])) writes descr '|b1', one byte per value.
    std::string bytes = npy_bytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", 0) + std::string("\x01\x00\x01", 3);
    const auto path = test::fresh_temp_dir("npy") / "mask.npy";
    test::write_text(path, bytes);
    const NpyArray a = read_npy(path.string());
    BOOST_TEST((a.dtype == NpyDtype::uint8));
    BOOST_TEST((a.bytes == std::vector<unsigned char>{1, 0, 1}));
}

BOOST_AUTO_TEST_CASE(parse_from_memory_matches_the_file_and_names_its_source) {
    const std::string bytes = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", 16);
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const NpyArray a = parse_npy(data, bytes.size(), "archive.npz (member 'x.npy')");
    BOOST_TEST(a.shape == Shape({2, 1}));
    BOOST_TEST(a.bytes.size() == 16u);
    try {
        parse_npy(data, bytes.size() - 1, "archive.npz (member 'x.npy')");
        BOOST_ERROR("a truncated member was accepted");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("archive.npz (member 'x.npy')") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_shape_too_large_to_address_is_refused_not_wrapped) {
    // 2^33 * 2^33 elements wrap a 64-bit product to 0, which would match 0 data bytes.
    require_refusal(npy_bytes("{'descr': '|u1', 'fortran_order': False, 'shape': (8589934592, 8589934592), }", 0),
                    "too large");
}

BOOST_AUTO_TEST_CASE(non_npy_file_is_refused) { require_refusal("hello, world", "magic string"); }

BOOST_AUTO_TEST_CASE(missing_file_is_refused) { BOOST_CHECK_THROW(read_npy("/nonexistent/x.npy"), Error); }

BOOST_AUTO_TEST_SUITE_END()
