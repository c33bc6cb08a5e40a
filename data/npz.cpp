#include "data/npz.hpp"

#include <array>
#include <fstream>
#include <iterator>

#include "autodiff/error.hpp"

namespace agop {

namespace {

constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50, kCentralHeader = 0x02014b50, kLocalHeader = 0x04034b50;
constexpr std::size_t kEndRecordSize = 22, kCentralHeaderSize = 46, kLocalHeaderSize = 30;
constexpr std::uint32_t kZip64Marker = 0xFFFFFFFF;

[[noreturn]] void refuse(const std::string& path, const std::string& what) {
    throw Error("npz file '" + path + "': " + what);
}

// The archive's bytes with bounds-checked little-endian reads: every read names what it wanted.
class Bytes {
  public:
    Bytes(std::vector<unsigned char> bytes, std::string path) : bytes_(std::move(bytes)), path_(std::move(path)) {}
    std::size_t size() const { return bytes_.size(); }
    const unsigned char* at(std::size_t offset) const { return bytes_.data() + offset; }
    // [offset, offset + length) lies inside the file.
    bool holds(std::size_t offset, std::size_t length) const {
        return offset <= bytes_.size() && length <= bytes_.size() - offset;
    }
    void require(std::size_t offset, std::size_t length, const std::string& what) const {
        if (!holds(offset, length))
            refuse(path_, what + " at byte " + std::to_string(offset) + " (" + std::to_string(length) +
                              " bytes) runs past the end of the file (" + std::to_string(bytes_.size()) +
                              " bytes): truncated or corrupt");
    }
    std::uint64_t le(std::size_t offset, std::size_t width) const {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(bytes_[offset + i]) << (8 * i);
        return v;
    }

  private:
    std::vector<unsigned char> bytes_;
    std::string path_;
};

// The end-of-central-directory record: the last place its signature occurs such that the
// record and its comment end exactly at the end of the file.
std::size_t find_end_record(const Bytes& file, const std::string& path) {
    if (file.size() < kEndRecordSize) refuse(path, "too short to be a ZIP archive (np.savez writes ZIP archives)");
    for (std::size_t at = file.size() - kEndRecordSize + 1; at-- > 0;) {
        if (file.le(at, 4) == kEndOfCentralDirectory && at + kEndRecordSize + file.le(at + 20, 2) == file.size())
            return at;
        if (file.size() - at > kEndRecordSize + 0xFFFF) break;  // beyond the longest possible comment
    }
    refuse(path, "no ZIP end-of-central-directory record: not an .npz archive, or truncated");
}

struct CentralEntry {
    std::string name;
    std::uint32_t flags, method, crc;
    std::uint64_t compressed_size, size, local_offset;
};

// The ZIP64 extra field (id 1) supplies, in this order, each of the three fields stored as 0xFFFFFFFF.
void apply_zip64_extra(const Bytes& file, std::size_t extra, std::size_t extra_length, CentralEntry& entry,
                       const std::string& path) {
    std::size_t at = extra;
    while (at + 4 <= extra + extra_length) {
        const std::size_t id = file.le(at, 2), length = file.le(at + 2, 2);
        if (at + 4 + length > extra + extra_length) refuse(path, "member '" + entry.name + "': extra field overruns");
        if (id == 1) {
            std::size_t field = at + 4;
            for (std::uint64_t* value : {&entry.size, &entry.compressed_size, &entry.local_offset}) {
                if (*value != kZip64Marker) continue;
                if (field + 8 > at + 4 + length) refuse(path, "member '" + entry.name + "': short ZIP64 extra field");
                *value = file.le(field, 8);
                field += 8;
            }
        }
        at += 4 + length;
    }
}

std::vector<CentralEntry> central_directory(const Bytes& file, const std::string& path) {
    const std::size_t end = find_end_record(file, path);
    const std::size_t disk = file.le(end + 4, 2), cd_disk = file.le(end + 6, 2);
    const std::size_t entries = file.le(end + 10, 2);
    const std::size_t cd_size = file.le(end + 12, 4), cd_offset = file.le(end + 16, 4);
    if (disk != 0 || cd_disk != 0 || file.le(end + 8, 2) != entries)
        refuse(path, "multi-disk ZIP archives are not supported");
    if (entries == 0xFFFF || cd_offset == kZip64Marker || cd_size == kZip64Marker)
        refuse(path, "a ZIP64 archive (over 65,535 members or 4 GiB) is not supported");
    if (cd_offset > end || cd_size > end - cd_offset)
        refuse(path, "central directory (" + std::to_string(cd_size) + " bytes at " + std::to_string(cd_offset) +
                         ") does not lie before its end record at byte " + std::to_string(end) + ": corrupt");
    std::vector<CentralEntry> out;
    std::size_t at = cd_offset;
    for (std::size_t i = 0; i < entries; ++i) {
        if (!file.holds(at, kCentralHeaderSize) || at + kCentralHeaderSize > cd_offset + cd_size ||
            file.le(at, 4) != kCentralHeader)
            refuse(path, "central directory entry " + std::to_string(i) + " of " + std::to_string(entries) +
                             " is missing or corrupt");
        CentralEntry entry;
        entry.flags = static_cast<std::uint32_t>(file.le(at + 8, 2));
        entry.method = static_cast<std::uint32_t>(file.le(at + 10, 2));
        entry.crc = static_cast<std::uint32_t>(file.le(at + 16, 4));
        entry.compressed_size = file.le(at + 20, 4);
        entry.size = file.le(at + 24, 4);
        const std::size_t name_length = file.le(at + 28, 2), extra_length = file.le(at + 30, 2),
                          comment_length = file.le(at + 32, 2);
        entry.local_offset = file.le(at + 42, 4);
        const std::size_t record = kCentralHeaderSize + name_length + extra_length + comment_length;
        if (at + record > cd_offset + cd_size)
            refuse(path, "central directory entry " + std::to_string(i) + " overruns the directory: corrupt");
        entry.name.assign(reinterpret_cast<const char*>(file.at(at + kCentralHeaderSize)), name_length);
        apply_zip64_extra(file, at + kCentralHeaderSize + name_length, extra_length, entry, path);
        out.push_back(std::move(entry));
        at += record;
    }
    return out;
}

}  // namespace

std::uint32_t crc32_of(const unsigned char* bytes, std::size_t size) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) c = table[(c ^ bytes[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::vector<NpzMember> read_npz(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) refuse(path, "cannot open it for reading");
    const Bytes file(std::vector<unsigned char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()),
                     path);
    std::vector<NpzMember> members;
    for (const CentralEntry& entry : central_directory(file, path)) {
        const std::string member = "member '" + entry.name + "'";
        const std::string suffix = ".npy";
        if (entry.name.size() <= suffix.size() ||
            entry.name.compare(entry.name.size() - suffix.size(), suffix.size(), suffix) != 0)
            refuse(path, member + " is not an .npy array (np.savez names every member <key>.npy)");
        if (entry.flags & 1u) refuse(path, member + " is encrypted");
        if (entry.method == 8)
            refuse(path, member +
                             " is deflated (np.savez_compressed); re-save the arrays with np.savez, which "
                             "stores them uncompressed");
        if (entry.method != 0)
            refuse(path, member + " uses ZIP compression method " + std::to_string(entry.method) +
                             "; only stored members (np.savez) are read");
        if (entry.compressed_size != entry.size)
            refuse(path, member + " is stored but its compressed and plain sizes differ: corrupt");
        file.require(entry.local_offset, kLocalHeaderSize, member + "'s local header");
        if (file.le(entry.local_offset, 4) != kLocalHeader)
            refuse(path, member + ": no local header where the directory says");
        const std::size_t data = entry.local_offset + kLocalHeaderSize + file.le(entry.local_offset + 26, 2) +
                                 file.le(entry.local_offset + 28, 2);
        file.require(data, entry.size, member + "'s data");
        const unsigned char* bytes = file.at(data);
        const auto size = static_cast<std::size_t>(entry.size);
        if (crc32_of(bytes, size) != entry.crc) refuse(path, member + " fails its CRC-32 check: corrupt");
        members.push_back({entry.name.substr(0, entry.name.size() - suffix.size()),
                           parse_npy(bytes, size, path + " (" + member + ")")});
    }
    return members;
}

}  // namespace agop
