#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "autodiff/error.hpp"
#include "data/data_location.hpp"
#include "data_test_support.hpp"

using namespace agop;

namespace {

// Sets an environment variable for the lifetime of the object and restores it afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old, had_ = true;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (had_) ::setenv(name_, old_.c_str(), 1);
        else ::unsetenv(name_);
    }

  private:
    const char* name_;
    std::string old_;
    bool had_ = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(data_location)

BOOST_AUTO_TEST_CASE(argument_wins_over_environment) {
    ScopedEnv env("AGOP_DATA_DIR", "/from/env");
    BOOST_TEST(resolve_data_dir("/from/arg") == "/from/arg");
    BOOST_TEST(resolve_data_dir("") == "/from/env");
}

BOOST_AUTO_TEST_CASE(no_directory_at_all_is_an_error_naming_the_variable) {
    ScopedEnv env("AGOP_DATA_DIR", nullptr);
    try {
        resolve_data_dir("");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("AGOP_DATA_DIR") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(missing_files_are_named_with_the_download_script) {
    const auto dir = test::fresh_temp_dir("location");
    std::filesystem::create_directories(dir / "adult");
    test::write_text(dir / "adult" / "adult.data", "x");
    try {
        require_data_files(dir.string(), {"adult/adult.data", "adult/adult.test"}, "Adult");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("adult/adult.test") != std::string::npos);
        BOOST_TEST(message.find("adult.data") == std::string::npos);
        BOOST_TEST(message.find("scripts/download-data") != std::string::npos);
    }
    BOOST_CHECK_NO_THROW(require_data_files(dir.string(), {"adult/adult.data"}, "Adult"));
}

BOOST_AUTO_TEST_SUITE_END()
