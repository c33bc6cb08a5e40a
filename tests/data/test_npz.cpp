// The .npz reader against archives NumPy itself wrote (tests/fixtures/npz, by
// tests/fixtures/clevr_xai/make_fixture.py), and against damaged and hostile copies of them.

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "autodiff/error.hpp"
#include "data/npz.hpp"
#include "data_test_support.hpp"
#include "support/expect_error.hpp"

using namespace agop;
namespace fs = std::filesystem;

namespace {

fs::path npz_fixture(const std::string& name) {
    const char* tests = std::getenv("AGOP_TEST_DIR");
    BOOST_REQUIRE_MESSAGE(tests, "AGOP_TEST_DIR is not set (ctest sets it)");
    return fs::path(tests) / "fixtures" / "npz" / name;
}

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::uint32_t le32(const std::string& bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
}

void put_le32(std::string& bytes, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// `bytes` written to a fresh file, which read_npz must refuse naming it and every fragment.
void expect_refusal(const std::string& bytes, std::initializer_list<std::string> fragments) {
    const auto path = test::fresh_temp_dir("npz") / "bad.npz";
    test::write_text(path, bytes);
    std::vector<std::string> all(fragments);
    all.push_back(path.string());
    try {
        read_npz(path.string());
        BOOST_ERROR("read_npz accepted a file it must refuse");
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const auto& fragment : all)
            BOOST_TEST(message.find(fragment) != std::string::npos, "'" << message << "' lacks '" << fragment << "'");
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npz)

BOOST_AUTO_TEST_CASE(crc32_gives_the_standard_check_value) {
    const std::string text = "123456789";
    BOOST_TEST(crc32_of(reinterpret_cast<const unsigned char*>(text.data()), text.size()) == 0xCBF43926u);
    BOOST_TEST(crc32_of(nullptr, 0) == 0u);
}

BOOST_AUTO_TEST_CASE(np_savez_members_read_as_numpy_wrote_them) {
    const auto members = read_npz(npz_fixture("stored.npz").string());
    BOOST_REQUIRE(members.size() == 3u);
    BOOST_TEST(members[0].name == "weights");
    BOOST_TEST(members[1].name == "labels");
    BOOST_TEST(members[2].name == "mask");

    const NpyArray& weights = members[0].array;  // np.arange(6, dtype=float32).reshape(2, 3) / 4
    BOOST_TEST((weights.dtype == NpyDtype::float32));
    BOOST_TEST(weights.shape == Shape({2, 3}));
    for (int i = 0; i < 6; ++i) {
        float v;
        std::memcpy(&v, weights.bytes.data() + 4 * i, 4);
        BOOST_TEST(v == i / 4.0f);
    }
    const NpyArray& labels = members[1].array;  // [3, -1, 7, 0] int64
    BOOST_TEST((labels.dtype == NpyDtype::int64));
    const std::int64_t expected[] = {3, -1, 7, 0};
    for (int i = 0; i < 4; ++i) {
        std::int64_t v;
        std::memcpy(&v, labels.bytes.data() + 8 * i, 8);
        BOOST_TEST(v == expected[i]);
    }
    const NpyArray& mask = members[2].array;  // [[True, False], [False, True]], bool read as uint8
    BOOST_TEST((mask.dtype == NpyDtype::uint8));
    BOOST_TEST(mask.shape == Shape({2, 2}));
    BOOST_TEST((mask.bytes == std::vector<unsigned char>{1, 0, 0, 1}));
}

BOOST_AUTO_TEST_CASE(a_deflated_member_is_refused_with_the_way_to_re_save_it) {
    const auto path = npz_fixture("deflated.npz").string();
    expect_error_mentioning([&] { read_npz(path); }, {path, "deflated", "np.savez_compressed", "re-save"});
}

BOOST_AUTO_TEST_CASE(every_truncation_is_refused_never_read_past_the_end) {
    const std::string bytes = file_bytes(npz_fixture("stored.npz"));
    const auto path = test::fresh_temp_dir("npz") / "cut.npz";
    std::size_t refused = 0;
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        test::write_text(path, bytes.substr(0, n));
        try {
            read_npz(path.string());
        } catch (const Error&) {
            ++refused;
        }
    }
    BOOST_TEST(refused == bytes.size());
}

BOOST_AUTO_TEST_CASE(any_single_corrupted_byte_is_refused_or_read_consistently) {
    // The CRC-32 covers the data, the checks cover every size and offset; a byte the reader does
    // not look at (a timestamp, a local name) may change without harm, but nothing may crash.
    const std::string bytes = file_bytes(npz_fixture("stored.npz"));
    const auto path = test::fresh_temp_dir("npz") / "flip.npz";
    std::size_t read = 0;
    for (std::size_t at = 0; at < bytes.size(); ++at) {
        std::string damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
        test::write_text(path, damaged);
        try {
            const auto members = read_npz(path.string());
            ++read;
            for (const auto& m : members)
                BOOST_TEST(m.array.bytes.size() == element_count(m.array.shape) * npy_item_size(m.array.dtype));
        } catch (const Error&) {
        }
    }
    BOOST_TEST(read < bytes.size() / 2);  // most bytes matter
}

BOOST_AUTO_TEST_CASE(hostile_offsets_and_sizes_are_refused_by_name) {
    const std::string bytes = file_bytes(npz_fixture("stored.npz"));
    const std::size_t end = bytes.size() - 22;  // np.savez writes no archive comment
    BOOST_REQUIRE(le32(bytes, end) == 0x06054b50u);
    const std::size_t directory = le32(bytes, end + 16);
    {
        std::string hostile = bytes;
        put_le32(hostile, end + 16, 0x7FFFFFF0u);  // central directory far past the end
        expect_refusal(hostile, {"central directory"});
    }
    {
        std::string hostile = bytes;
        put_le32(hostile, directory + 20, 0x7FFFFFF0u);  // first member's sizes far past the end
        put_le32(hostile, directory + 24, 0x7FFFFFF0u);
        expect_refusal(hostile, {"weights.npy", "runs past the end"});
    }
    {
        std::string hostile = bytes;
        put_le32(hostile, directory + 42, static_cast<std::uint32_t>(bytes.size() - 4));  // local header at the end
        expect_refusal(hostile, {"weights.npy", "local header"});
    }
    {
        std::string hostile = bytes;
        put_le32(hostile, directory + 16, le32(bytes, directory + 16) ^ 1u);  // wrong CRC
        expect_refusal(hostile, {"weights.npy", "CRC-32"});
    }
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_zip_archive_is_refused) {
    expect_refusal(std::string("\x93NUMPY\x01\x00", 8) + std::string(120, ' '), {"end-of-central-directory"});
    expect_refusal("PK", {"too short"});
}

BOOST_AUTO_TEST_SUITE_END()
