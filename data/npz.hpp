#pragma once
// .npz files: NumPy's savez container, a ZIP archive whose members are .npy files.
//
// np.savez stores its members uncompressed (ZIP method 0, "stored"); those are read, each
// checked by its CRC-32. np.savez_compressed deflates them (method 8): such a member is
// refused with a message saying to re-save it with np.savez (the engine carries no zlib).
// Every size and offset the archive declares is checked against the bytes present, so a
// truncated or hostile file gives an agop::Error naming the file, never a read out of bounds.
// Not supported: archives needing ZIP64 end records (over 65,535 members or 4 GiB), encrypted
// members, multi-disk archives.

#include <string>
#include <vector>

#include "data/npy.hpp"

namespace agop {

struct NpzMember {
    std::string name;  // the key given to np.savez, without the ".npy" the archive adds
    NpyArray array;
};

// The members of the .npz file at `path`, in the archive's order. Throws agop::Error naming the
// file (and member) for anything not readable as described above.
std::vector<NpzMember> read_npz(const std::string& path);

// The CRC-32 (ISO 3309 / ZIP polynomial 0xEDB88320) of `size` bytes.
std::uint32_t crc32_of(const unsigned char* bytes, std::size_t size);

}  // namespace agop
