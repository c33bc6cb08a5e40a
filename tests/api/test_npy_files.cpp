// Public .npy reading and writing: a round trip keeps shape and bits, an existing file is
// replaced only when asked, and errors name the file.

#include <boost/test/unit_test.hpp>

#include "agop/agop.hpp"
#include "api/api_fixtures.hpp"
#include "data/npy.hpp"
#include "support/attribution_fixtures.hpp"
#include "support/expect_error.hpp"

using namespace agop;
using namespace agop::testing;

BOOST_AUTO_TEST_SUITE(api_npy_files)

BOOST_AUTO_TEST_CASE(a_written_array_reads_back_with_its_shape_and_bits) {
    TemporaryFolder folder;
    const Tensor values = normal_inputs({3, 2, 4}, 8);
    write_npy_array(folder.file("a.npy"), view_of(values));
    BOOST_TEST(same_bits(read_npy_array(folder.file("a.npy")), values));
    BOOST_TEST(same_bits(read_npy_array(folder.file("a.npy")), read_npy_tensor(folder.file("a.npy"))));
}

BOOST_AUTO_TEST_CASE(an_existing_file_is_replaced_only_when_asked) {
    TemporaryFolder folder;
    const Tensor first = normal_inputs({2, 2}, 1), second = normal_inputs({5}, 2);
    write_npy_array(folder.file("a.npy"), view_of(first));
    expect_error_mentioning([&] { write_npy_array(folder.file("a.npy"), view_of(second)); }, {"a.npy", "exists"});
    BOOST_TEST(same_bits(read_npy_array(folder.file("a.npy")), first));
    write_npy_array(folder.file("a.npy"), view_of(second), true);
    BOOST_TEST(same_bits(read_npy_array(folder.file("a.npy")), second));
}

BOOST_AUTO_TEST_CASE(errors_name_the_file) {
    TemporaryFolder folder;
    expect_error_mentioning([&] { read_npy_array(folder.file("missing.npy")); }, {"missing.npy"});
    const Array values({2}, {1.0f, 2.0f});
    expect_error_mentioning([&] { write_npy_array(folder.file("no_such_folder/a.npy"), values); },
                            {"no_such_folder/a.npy"});
}

BOOST_AUTO_TEST_SUITE_END()
