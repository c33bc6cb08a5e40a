#pragma once
// A full disk, simulated: lowers this process's file-size limit (RLIMIT_FSIZE) for the
// object's lifetime, with SIGXFSZ ignored, so that writes past `bytes` fail with EFBIG.

#include <csignal>

#include <sys/resource.h>

namespace agop::testing {

struct FileSizeLimit {
    rlimit saved{};
    void (*saved_handler)(int);
    explicit FileSizeLimit(rlim_t bytes) {
        saved_handler = std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &saved);
        rlimit lowered = saved;
        lowered.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &lowered);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, saved_handler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;
};

}  // namespace agop::testing
