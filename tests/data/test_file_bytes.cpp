// Reading input files whole: errors are one line naming the file; quoted text is escaped.

#include <boost/test/unit_test.hpp>

#include "data/file_bytes.hpp"
#include "data_test_support.hpp"
#include "support/expect_error.hpp"

using namespace agop;

BOOST_AUTO_TEST_SUITE(file_bytes)

BOOST_AUTO_TEST_CASE(reads_a_file_whole_including_zero_bytes) {
    const auto path = test::fresh_temp_dir("bytes") / "f.bin";
    const std::string content("a\0b\r\n", 5);
    test::write_text(path, content);
    BOOST_TEST(read_file_bytes(path.string(), "anything") == content);
    test::write_text(path, "");
    BOOST_TEST(read_file_bytes(path.string(), "anything").empty());
}

BOOST_AUTO_TEST_CASE(missing_file_and_folder_are_refused_naming_the_path) {
    const auto dir = test::fresh_temp_dir("bytes");
    expect_error_mentioning([&] { read_file_bytes((dir / "none.csv").string(), "a CSV file"); },
                            {(dir / "none.csv").string() + ": no such file; expected a CSV file"});
    expect_error_mentioning([&] { read_file_bytes(dir.string(), "a CSV file"); },
                            {dir.string() + ": is a folder; expected a CSV file"});
}

BOOST_AUTO_TEST_CASE(printable_excerpt_escapes_control_characters_and_truncates) {
    BOOST_TEST(printable_excerpt("a\r\nb\x01\\") == "a\\r\\nb\\x01\\\\");
    BOOST_TEST(printable_excerpt("caf\xc3\xa9") == "caf\xc3\xa9");
    BOOST_TEST(printable_excerpt("abcdef", 3) == "abc...");
}

BOOST_AUTO_TEST_SUITE_END()
