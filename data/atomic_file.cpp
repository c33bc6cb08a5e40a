#include "data/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include "autodiff/error.hpp"

namespace agop {

namespace {

// A name no other writer in this or another process uses at the same moment.
std::filesystem::path temporary_name_for(const std::filesystem::path& path) {
    static std::atomic<unsigned long> counter{0};
    const std::string suffix = ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    return path.string() + suffix;
}

// fsync so that a rename after a power cut cannot expose an empty file; errors here are
// write errors too (some file systems report a full disk only now).
bool sync_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool synced = ::fsync(fd) == 0;
    return ::close(fd) == 0 && synced;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
    const std::filesystem::path temporary = temporary_name_for(path);
    auto fail = [&](const std::string& what) {
        const std::string reason = errno ? std::string(" (") + std::strerror(errno) + ")" : "";
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw Error(path.string() + ": " + what + reason);
    };
    errno = 0;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) fail("cannot create a file in this folder");
        try {
            write(out);
        } catch (...) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            throw;
        }
        out.flush();
        if (!out) fail("writing failed (disk full?)");
        out.close();
        if (out.fail()) fail("closing the file failed (disk full?)");
    }
    if (!sync_file(temporary)) fail("syncing the file to disk failed");
    if (std::rename(temporary.c_str(), path.c_str()) != 0) fail("cannot rename the temporary file onto it");
}

void write_text_file_atomically(const std::filesystem::path& path, const std::string& content) {
    write_file_atomically(path, [&](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); });
}

}  // namespace agop
