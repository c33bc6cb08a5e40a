// explain_row CHECKPOINT INPUTS.npy ROW: prints the AGOP-IxG attributions of one input row,
// one value per line, for the class the model predicts.
#include <agop/agop.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s CHECKPOINT INPUTS.npy ROW\n", argv[0]);
        return 2;
    }
    char* end = nullptr;
    const unsigned long row_number = std::strtoul(argv[3], &end, 10);
    if (argv[3][0] < '0' || argv[3][0] > '9' || *end != '\0') {
        std::fprintf(stderr, "explain_row: ROW: expected a row number, got '%s'\n", argv[3]);
        return 2;
    }
    // OpenBLAS chooses its kernels when it loads; on a CPU it does not know it picks narrow ones
    // (slower, and rounding differently from `agop`, which re-executes itself with the fitting type).
    const std::string core = agop::openblas_coretype_to_set();
    if (!core.empty())
        std::fprintf(stderr, "explain_row: start with OPENBLAS_CORETYPE=%s for this CPU's fast kernels\n", core.c_str());
    try {
        const agop::Model model = agop::Model::load(argv[1]);
        const agop::Array row = agop::read_npy_array(argv[2]).row(row_number);  // (1, d)

        const agop::Array attributions = model.explain("agop-ixg", row);  // (1, d), the stored AGOP
        const int predicted = model.predicted_classes(row)[0];
        std::printf("# agop-ixg attributions of row %lu (predicted class %d)\n", row_number, predicted);
        for (float value : attributions.values()) std::printf("%.9g\n", value);
    } catch (const agop::Error& e) {
        std::fprintf(stderr, "explain_row: %s\n", e.what());
        return 1;
    }
}
