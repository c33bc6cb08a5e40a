#include "cli/command_errors.hpp"

#include <filesystem>
#include <ios>
#include <new>
#include <stdexcept>

#include "autodiff/error.hpp"

namespace agop::cli {

namespace {

std::string describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.what();
    } catch (const std::filesystem::filesystem_error& e) {
        return e.what();  // names the operation and the path(s)
    } catch (const std::bad_alloc&) {
        return "ran out of memory: a count on the command line (samples, steps, batch size) or a shape in an input "
               "file is too large for this machine";
    } catch (const std::length_error&) {
        return "a size computed from the command line or an input file is too large to allocate";
    } catch (const std::ios_base::failure&) {
        return "reading or writing a file failed (is a path that should be a file a folder, or is the disk full?)";
    } catch (const std::invalid_argument&) {
        return "a number in an input file could not be read";
    } catch (const std::out_of_range&) {
        return "a number in an input file is out of range";
    } catch (const std::exception& e) {
        return std::string("internal error (please report it): ") + e.what();
    } catch (...) {
        return "internal error (please report it): an exception of unknown type";
    }
}

}  // namespace

std::string failure_line(const std::string& command, const std::exception_ptr& error) {
    std::string line = "agop " + command + ": error: " + describe(error);
    // A message quoting a file's raw bytes must stay on one line.
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    return line;
}

}  // namespace agop::cli
