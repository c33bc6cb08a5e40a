#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "autodiff/error.hpp"
#include "data/credit_default.hpp"
#include "data_test_support.hpp"

using namespace agop;

namespace {

// The header of UCI_Credit_Card.csv and rows in its three number spellings.
std::string credit_fixture() {
    std::string text =
        "\"ID\",\"LIMIT_BAL\",\"SEX\",\"EDUCATION\",\"MARRIAGE\",\"AGE\",\"PAY_0\",\"PAY_2\",\"PAY_3\",\"PAY_4\","
        "\"PAY_5\",\"PAY_6\",\"BILL_AMT1\",\"BILL_AMT2\",\"BILL_AMT3\",\"BILL_AMT4\",\"BILL_AMT5\",\"BILL_AMT6\","
        "\"PAY_AMT1\",\"PAY_AMT2\",\"PAY_AMT3\",\"PAY_AMT4\",\"PAY_AMT5\",\"PAY_AMT6\","
        "\"default.payment.next.month\"\n";
    const char* limits[] = {"500000", "5e+05", "5.00E+05", "1e+05", "20000"};
    for (int i = 0; i < 10; ++i)
        text += std::to_string(i + 1) + "," + limits[i % 5] + "," + std::to_string(1 + i % 2) + "," +
                std::to_string(1 + i % 3) + ",1,30,0,0,0,0,0,0,1,2,3,4,5,6,1,2,3,4,5,6," + (i % 2 ? "1" : "0") + "\n";
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(credit_default)

BOOST_AUTO_TEST_CASE(reads_a_fixture_with_all_number_spellings) {
    const auto path = test::fresh_temp_dir("credit") / "UCI_Credit_Card.csv";
    test::write_text(path, credit_fixture());
    const TabularDataset ds = load_credit_default_file(path.string(), 3);
    BOOST_TEST(ds.X_train.shape()[0] == 8u);
    BOOST_TEST(ds.X_test.shape()[0] == 2u);
    BOOST_TEST(ds.feature_names.size() == 23u);  // ID and the target are not features
    BOOST_TEST(ds.feature_names[0] == "LIMIT_BAL");
    BOOST_TEST(ds.column_names[1] == "SEX=1");
    BOOST_TEST(ds.class_names == std::vector<std::string>({"0", "1"}));
    // 500000 (written three ways), 100000 and 20000: the training mean is between them.
    BOOST_TEST(ds.standardisation_centre[0] > 20000.0);
    BOOST_TEST(ds.standardisation_centre[0] < 500000.0);
}

BOOST_AUTO_TEST_CASE(accepts_the_fraud_spelling_of_the_target_and_refuses_no_target) {
    const auto dir = test::fresh_temp_dir("credit");
    std::string text = credit_fixture();
    text.replace(text.find("\"default.payment.next.month\""), 28, "fraud");
    test::write_text(dir / "fraud.csv", text);
    BOOST_TEST(load_credit_default_file((dir / "fraud.csv").string()).X_train.shape()[0] == 8u);
    test::write_text(dir / "none.csv", "ID,LIMIT_BAL\n1,2\n");
    BOOST_CHECK_THROW(load_credit_default_file((dir / "none.csv").string()), Error);
}

BOOST_AUTO_TEST_CASE(missing_file_points_to_the_download_script) {
    try {
        load_credit_default(test::fresh_temp_dir("credit").string());
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("credit-default/UCI_Credit_Card.csv") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(real_credit_file_has_the_published_counts) {
    const std::string dir = test::real_data_dir("credit-default/UCI_Credit_Card.csv");
    if (dir.empty())
        return test::report_skip("real_credit_file_has_the_published_counts", "credit-default/UCI_Credit_Card.csv");
    const TabularDataset ds = load_credit_default(dir);
    BOOST_TEST(ds.raw_train_rows + ds.raw_test_rows == 30000u);
    BOOST_TEST(ds.X_test.shape()[0] == 6000u);
    const long positives = std::count(ds.y_train.begin(), ds.y_train.end(), 1) +
                           std::count(ds.y_test.begin(), ds.y_test.end(), 1);
    BOOST_TEST(positives == 6636);
    BOOST_TEST(std::count(ds.y_test.begin(), ds.y_test.end(), 1) == 1327);  // stratified 20%
}

BOOST_AUTO_TEST_SUITE_END()
