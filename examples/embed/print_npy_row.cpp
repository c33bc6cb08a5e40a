// print_npy_row FILE.npy ROW [OUT.npy]: prints row ROW of an array, one value per line as
// explain_row prints attributions, and with OUT.npy also writes that row as a (1, ...) array.
// Built in CI with nothing but `pkg-config --cflags --libs agop`.
#include <agop/agop.hpp>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: %s FILE.npy ROW [OUT.npy]\n", argv[0]);
        return 2;
    }
    char* end = nullptr;
    const unsigned long row_number = std::strtoul(argv[2], &end, 10);
    if (argv[2][0] < '0' || argv[2][0] > '9' || *end != '\0') {
        std::fprintf(stderr, "print_npy_row: ROW: expected a row number, got '%s'\n", argv[2]);
        return 2;
    }
    try {
        const agop::Array row = agop::read_npy_array(argv[1]).row(row_number);
        if (argc == 4) agop::write_npy_array(argv[3], row);
        for (float value : row.values()) std::printf("%.9g\n", value);
    } catch (const agop::Error& e) {
        std::fprintf(stderr, "print_npy_row: %s\n", e.what());
        return 1;
    }
}
