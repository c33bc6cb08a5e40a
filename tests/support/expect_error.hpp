#pragma once
// Test helper for the eval suites: `f` must throw agop::Error naming every fragment.

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>

#include "autodiff/error.hpp"

template <class F>
void expect_error_mentioning(F f, std::initializer_list<std::string> fragments) {
    try {
        f();
        BOOST_ERROR("no exception was thrown");
    } catch (const agop::Error& e) {
        const std::string message = e.what();
        for (const auto& fragment : fragments)
            BOOST_TEST(message.find(fragment) != std::string::npos, "'" << message << "' lacks '" << fragment << "'");
    }
}
