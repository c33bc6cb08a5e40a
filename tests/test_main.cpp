// The single definition of the Boost.Test module; every test executable links it.
#define BOOST_TEST_MODULE agop
#include <boost/test/unit_test.hpp>
