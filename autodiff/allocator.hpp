#pragma once
// How tensor memory is recycled between ops.
//
// Every op allocates its output. glibc serves large allocations with fresh mmap pages and
// returns them to the kernel on free, so the next step's allocation is zeroed page by page
// again: 16% of a ResNet-18 training step was the kernel clearing pages. Raising the mmap
// and trim thresholds keeps freed blocks in the heap for reuse.

namespace agop {

// Keeps freed tensor memory (blocks up to 32 MiB) in the process for reuse. Process-wide
// (it changes malloc's settings), so the library never calls it on its own: the CLI and the
// benchmarks do, once at start-up. Returns false where the C library has no such setting.
bool keep_freed_tensor_memory();

}  // namespace agop
