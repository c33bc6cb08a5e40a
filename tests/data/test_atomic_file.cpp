#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "autodiff/error.hpp"
#include "data/atomic_file.hpp"
#include "data_test_support.hpp"
#include "support/file_size_limit.hpp"

using namespace agop;
using agop::testing::FileSizeLimit;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t files_in(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(atomic_file)

BOOST_AUTO_TEST_CASE(writes_the_content_and_leaves_no_temporary_file) {
    const fs::path dir = test::fresh_temp_dir("atomic");
    write_text_file_atomically(dir / "a.txt", "first");
    write_text_file_atomically(dir / "a.txt", "second, longer");
    BOOST_TEST(read_all(dir / "a.txt") == "second, longer");
    BOOST_TEST(files_in(dir) == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_write_keeps_the_old_file_and_names_the_destination) {
    const fs::path dir = test::fresh_temp_dir("atomic_full");
    write_text_file_atomically(dir / "report.md", "old");
    const std::string big(1 << 16, 'x');
    try {
        FileSizeLimit limit(1000);
        write_text_file_atomically(dir / "report.md", big);
        BOOST_FAIL("a write past the file-size limit was reported as done");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find((dir / "report.md").string()) != std::string::npos);
    }
    BOOST_TEST(read_all(dir / "report.md") == "old");
    BOOST_TEST(files_in(dir) == 1u);
}

BOOST_AUTO_TEST_CASE(a_writer_that_throws_leaves_nothing_behind) {
    const fs::path dir = test::fresh_temp_dir("atomic_throw");
    BOOST_CHECK_THROW(write_file_atomically(dir / "x.bin",
                                            [](std::ostream& out) {
                                                out << "half";
                                                throw Error("stopped half way");
                                            }),
                      Error);
    BOOST_TEST(files_in(dir) == 0u);
}

BOOST_AUTO_TEST_CASE(a_missing_folder_is_an_error_naming_the_file) {
    const fs::path dir = test::fresh_temp_dir("atomic_missing");
    try {
        write_text_file_atomically(dir / "no" / "such" / "f.txt", "x");
        BOOST_FAIL("writing into a missing folder succeeded");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("f.txt") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
