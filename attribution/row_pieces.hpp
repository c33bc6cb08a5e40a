#pragma once
// Splitting a batch's rows into pieces that run side by side, one thread each: the coarsest
// level at which an attribution method can use several cores. Each piece runs the model on
// its own tape with one-thread BLAS, so that neither OpenBLAS's threads nor our inner OpenMP
// loops compete with the pieces (and no thread wakes for an op too small to share).

#include <cstddef>
#include <functional>
#include <vector>

namespace agop {

// A piece holds rows [begin, begin + count).
struct RowPiece {
    std::size_t begin;
    std::size_t count;
};

// Pieces should hold at least this many rows: a 128-row MLP forward and backward sweep
// takes about 100 us here, several times what waking a passive OpenMP thread costs.
constexpr std::size_t kMinRowsPerPiece = 128;

// `rows` rows in pieces of at most max_rows_per_piece (>= 1) rows; with threads > 1 and at
// least 2 x kMinRowsPerPiece rows, also min(threads, rows / kMinRowsPerPiece) pieces or more,
// of nearly equal size and at least kMinRowsPerPiece rows, so that the threads share the work. The pieces cover [0, rows) in order. rows = 0 -> none.
std::vector<RowPiece> row_pieces(std::size_t rows, std::size_t max_rows_per_piece, int threads);

// Calls work(piece) for every piece: on this thread, with BLAS free to use its threads, when
// there is one piece; otherwise in parallel, one piece per thread at a time, BLAS on one
// thread (OpenBLAS's OpenMP build in a parallel region; with its pthread build, the gemms of
// at least 2^23 multiply-adds use its threads too). Each piece's result must depend on the
// piece alone (same bits on any thread). work() gets a reference to the element of `pieces` itself (&piece - pieces.data() is its
// index). An exception thrown by work() is rethrown here (the one of the first failing piece).
void run_row_pieces(const std::vector<RowPiece>& pieces, const std::function<void(const RowPiece&)>& work);

}  // namespace agop
