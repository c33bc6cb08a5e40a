#include "attribution/row_pieces.hpp"

#include <algorithm>
#include <exception>

#include "autodiff/threads.hpp"

namespace agop {

std::vector<RowPiece> row_pieces(std::size_t rows, std::size_t max_rows_per_piece, int threads) {
    std::size_t piece_rows = std::max<std::size_t>(1, max_rows_per_piece);
    if (threads > 1 && rows >= 2 * kMinRowsPerPiece) {
        const std::size_t wanted = std::min<std::size_t>(static_cast<std::size_t>(threads), rows / kMinRowsPerPiece);
        piece_rows = std::min(piece_rows, (rows + wanted - 1) / wanted);
    }
    std::vector<RowPiece> pieces;
    for (std::size_t begin = 0; begin < rows; begin += piece_rows)
        pieces.push_back({begin, std::min(piece_rows, rows - begin)});
    return pieces;
}

void run_row_pieces(const std::vector<RowPiece>& pieces, const std::function<void(const RowPiece&)>& work) {
    const int threads = thread_count();
    if (pieces.size() == 1 || threads == 1) {
        for (const RowPiece& piece : pieces) work(piece);
        return;
    }
    std::vector<std::exception_ptr> errors(pieces.size());
    // Inside the region OpenBLAS's OpenMP build runs each gemm on its caller's thread.
#pragma omp parallel for schedule(dynamic) num_threads(threads)
    for (std::ptrdiff_t p = 0; p < static_cast<std::ptrdiff_t>(pieces.size()); ++p) {
        try {
            work(pieces[p]);
        } catch (...) {
            errors[p] = std::current_exception();
        }
    }
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
}

}  // namespace agop
