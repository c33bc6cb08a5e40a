// fuzz_readers: a seeded, portable mutation fuzzer for the readers of data files (CSV, .npy,
// safetensors checkpoints).
//
//   fuzz_readers [--seconds N] [--count N] [--seed S] [--dir FOLDER]
//
// Starting from valid seed files built here, each input is a seed with one to four
// mutations (bit flips, byte overwrites, insertions, deletions, repeated chunks, splices with
// another seed, boundary integers written over digits or binary length fields), drawn from
// agop::Rng so that a seed replays the same inputs. Each input goes through the reader and
// what the engine does with its result. Outcomes: an agop::Error is a clean refusal; an
// accepted input must give a sound result (finite values, sizes matching shapes, labels in
// range); anything else (another exception, a broken result) is a failure, saved under
// --dir for replay. Crashes are left to AddressSanitizer / UBSan builds to report.
// Prints a table per reader; exits 1 when any input failed.

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "autodiff/error.hpp"
#include "autodiff/rng.hpp"
#include "data/csv.hpp"
#include "data/csv_dataset.hpp"
#include "data/file_bytes.hpp"
#include "data/npy.hpp"
#include "nn/checkpoint.hpp"
#include "nn/mlp.hpp"
#include "nn/safetensors.hpp"

namespace fs = std::filesystem;
using namespace agop;

namespace {

// Thrown by a reader's soundness check on an accepted input.
struct BrokenResult : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void require_sound(bool ok, const std::string& what) {
    if (!ok) throw BrokenResult(what);
}

void require_finite(const Tensor& t, const std::string& what) {
    for (float v : t) require_sound(std::isfinite(v), what + " holds a non-finite value");
}

struct Reader {
    std::string name;
    std::vector<std::string> seeds;
    std::function<void(const std::string& bytes, const fs::path& file)> read;
    std::size_t inputs = 0, refused = 0, accepted = 0, failures = 0;
};

std::string file_bytes(const fs::path& path) { return read_file_bytes(path.string(), "a seed file"); }

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// --- seeds ---------------------------------------------------------------------------

std::vector<std::string> csv_seeds() {
    return {"x,c,y\n1.5,u,a\n2.5,v,b\n3.5,u,a\n4.5,v,b\n5.5,u,a\n6.5,v,b\n",
            "\xEF\xBB\xBFy,\"a, b\",z\r\nyes,1,\"q \"\"x\"\"\"\r\nno,2,r\r\nyes,3,s\r\nno,4,t\r\n",
            "id,h,label\n1,NA,p\n2,1e3,q\n3,,p\n4,?,q\n5,7,p\n6,8,q\n"};
}

std::vector<std::string> npy_seeds(const fs::path& dir) {
    std::vector<std::string> seeds;
    Rng rng(5);
    write_npy_tensor((dir / "seed.npy").string(), rng.normal_tensor({3, 4}));
    seeds.push_back(file_bytes(dir / "seed.npy"));
    write_npy_labels((dir / "seed.npy").string(), {0, 1, 2, 1, 0});
    seeds.push_back(file_bytes(dir / "seed.npy"));
    NpyArray bytes;
    bytes.dtype = NpyDtype::uint8;
    bytes.shape = {2, 2, 2};
    bytes.bytes = {0, 1, 2, 3, 4, 5, 6, 7};
    write_npy((dir / "seed.npy").string(), bytes);
    seeds.push_back(file_bytes(dir / "seed.npy"));
    NpyArray doubles;
    doubles.dtype = NpyDtype::float64;
    doubles.shape = {2};
    const double values[2] = {0.25, -3.0};
    doubles.bytes.assign(reinterpret_cast<const unsigned char*>(values),
                         reinterpret_cast<const unsigned char*>(values) + 16);
    write_npy((dir / "seed.npy").string(), doubles);
    seeds.push_back(file_bytes(dir / "seed.npy"));
    return seeds;
}

std::vector<std::string> safetensors_seeds(const fs::path& dir) {
    nn::Mlp mlp(3, 2, {4}, 1);
    nn::save_checkpoint((dir / "seed.safetensors").string(), mlp, {{"seed", "1"}},
                        nn::agop_tensors(filled({3}, 1.0f), true), true);
    std::vector<std::string> seeds{file_bytes(dir / "seed.safetensors")};
    nn::Mlp deeper(2, 3, {2, 2}, 2);
    nn::save_checkpoint((dir / "seed.safetensors").string(), deeper, {}, {}, true);
    seeds.push_back(file_bytes(dir / "seed.safetensors"));
    return seeds;
}

// --- mutations -----------------------------------------------------------------------

const char* const kBoundaryTexts[] = {"0",
                                      "1",
                                      "-1",
                                      "255",
                                      "65536",
                                      "2147483648",
                                      "4294967296",
                                      "9223372036854775807",
                                      "9223372036854775808",
                                      "18446744073709551615",
                                      "99999999999999999999999",
                                      "281474976710656",
                                      "1e39",
                                      "nan",
                                      "inf",
                                      ""};
const std::uint64_t kBoundaryIntegers[] = {0,
                                           1,
                                           7,
                                           8,
                                           0xff,
                                           0xffff,
                                           0x7fffffff,
                                           0xffffffff,
                                           std::uint64_t{1} << 32,
                                           std::uint64_t{1} << 48,
                                           std::uint64_t{1} << 63,
                                           ~std::uint64_t{0}};

void mutate_once(std::string& s, const std::vector<std::string>& seeds, Rng& rng) {
    const std::size_t n = s.size();
    switch (rng.uniform_index(8)) {
        case 0:  // flip a bit
            if (n) s[rng.uniform_index(n)] ^= static_cast<char>(1u << rng.uniform_index(8));
            break;
        case 1:  // overwrite a byte
            if (n) s[rng.uniform_index(n)] = static_cast<char>(rng.uniform_index(256));
            break;
        case 2: {  // insert random bytes
            std::string bytes(1 + rng.uniform_index(8), '\0');
            for (auto& b : bytes) b = static_cast<char>(rng.uniform_index(256));
            s.insert(rng.uniform_index(n + 1), bytes);
            break;
        }
        case 3:  // delete a range
            if (n) {
                const std::size_t at = rng.uniform_index(n);
                s.erase(at, 1 + rng.uniform_index(std::min<std::size_t>(16, n - at)));
            }
            break;
        case 4:  // repeat a chunk
            if (n) {
                const std::size_t at = rng.uniform_index(n);
                s.insert(at, s.substr(at, 1 + rng.uniform_index(32)));
            }
            break;
        case 5: {  // splice: this input's head with another seed's tail
            const std::string& other = seeds[rng.uniform_index(seeds.size())];
            s = s.substr(0, rng.uniform_index(n + 1)) + other.substr(rng.uniform_index(other.size() + 1));
            break;
        }
        case 6: {  // a boundary number written over a run of digits (text headers, CSV cells)
            std::vector<std::size_t> starts;
            for (std::size_t i = 0; i < n; ++i)
                if (std::isdigit(static_cast<unsigned char>(s[i])) &&
                    (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1]))))
                    starts.push_back(i);
            if (starts.empty()) break;
            const std::size_t at = starts[rng.uniform_index(starts.size())];
            std::size_t end = at;
            while (end < n && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
            s.replace(at, end - at, kBoundaryTexts[rng.uniform_index(std::size(kBoundaryTexts))]);
            break;
        }
        default: {  // a boundary integer over binary fields: the length prefixes, or anywhere
            const std::uint64_t v = kBoundaryIntegers[rng.uniform_index(std::size(kBoundaryIntegers))];
            const std::size_t width = rng.uniform_index(2) ? 8 : 2;
            const std::size_t candidates[3] = {0, 8, n >= width ? rng.uniform_index(n - width + 1) : 0};
            const std::size_t at = candidates[rng.uniform_index(3)];
            if (at + width <= n) std::memcpy(&s[at], &v, width);
        }
    }
}

// --- readers -------------------------------------------------------------------------

void read_csv_input(const std::string& bytes, const fs::path& file, std::size_t round) {
    const CsvTable table = parse_csv(bytes, "fuzz.csv");
    for (const auto& row : table.rows)
        require_sound(table.header.empty() || row.fields.size() == table.header.size(), "a ragged row was accepted");
    if (table.header.empty()) return;
    write_bytes(file, bytes);
    CsvDatasetConfig config;
    config.target_column = table.header.front();
    config.missing = static_cast<MissingValues>(round % 5);
    config.test_fraction = 0.25;
    const TabularDataset ds = load_csv_dataset(file.string(), config);
    require_finite(ds.X_train, "X_train");
    require_finite(ds.X_test, "X_test");
    require_sound(ds.class_names.size() >= 2, "fewer than two classes were accepted");
    for (int y : ds.y_train)
        require_sound(y >= 0 && static_cast<std::size_t>(y) < ds.class_names.size(), "label out of range");
}

void read_npy_input(const std::string& bytes, const fs::path& file) {
    write_bytes(file, bytes);
    const NpyArray array = read_npy(file.string());
    require_sound(array.bytes.size() == element_count(array.shape) * npy_item_size(array.dtype),
                  "bytes do not match the shape");
    bool refused = false;
    try {
        const Tensor t = read_npy_tensor(file.string());
        require_sound(shape_of(t) == array.shape, "tensor shape differs from the header");
        require_finite(t, "the tensor");
    } catch (const Error&) {
        refused = true;
    }
    try {
        for (int label : read_npy_labels(file.string())) require_sound(label >= 0, "a negative label was accepted");
    } catch (const Error&) {
        if (refused) throw;
    }
}

void read_safetensors_input(const std::string& bytes, const fs::path& file) {
    const nn::SafetensorsFile parsed = nn::parse_safetensors(bytes.data(), bytes.size(), "fuzz.safetensors");
    for (const auto& [name, tensor] : parsed.tensors)
        require_sound(tensor.size() * 4 <= bytes.size(), "tensor larger than the file");
    write_bytes(file, bytes);
    const auto model = nn::load_model(file.string());
    for (const auto& [name, tensor] : model->state()) require_finite(*tensor, "weight '" + name + "'");
    nn::checkpoint_summary(file.string());
}

struct Arguments {
    double seconds = 5;
    std::size_t count = 0;  // 0: bounded by time only
    std::uint64_t seed = 1;
    fs::path dir;
};

Arguments parse_arguments(int argc, char** argv) {
    Arguments a;
    a.dir = fs::temp_directory_path() / ("agop_fuzz_" + std::to_string(::getpid()));
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw Error(flag + ": expected a value after it");
        const std::string value = argv[++i];
        try {
            if (flag == "--seconds")
                a.seconds = std::stod(value);
            else if (flag == "--count")
                a.count = std::stoull(value);
            else if (flag == "--seed")
                a.seed = std::stoull(value);
            else if (flag == "--dir")
                a.dir = value;
            else
                throw Error(flag + ": unknown option; expected --seconds N, --count N, --seed S or --dir FOLDER");
        } catch (const std::logic_error&) {
            throw Error(flag + " " + value + ": expected a non-negative number");
        }
    }
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    Arguments args;
    try {
        args = parse_arguments(argc, argv);
    } catch (const Error& e) {
        std::cerr << "fuzz_readers: " << e.what() << "\n";
        return 2;
    }
    fs::create_directories(args.dir);
    const fs::path work = args.dir / "input";
    std::vector<Reader> readers(3);
    std::size_t round = 0;
    readers[0] = {"csv", csv_seeds(), [&](const std::string& b, const fs::path& f) { read_csv_input(b, f, round); }};
    readers[1] = {"npy", npy_seeds(args.dir), read_npy_input};
    readers[2] = {"safetensors", safetensors_seeds(args.dir), read_safetensors_input};

    Rng rng(args.seed);
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    for (; args.count ? round < args.count : elapsed() < args.seconds; ++round) {
        Reader& reader = readers[round % readers.size()];
        std::string input = reader.seeds[rng.uniform_index(reader.seeds.size())];
        for (std::size_t m = 1 + rng.uniform_index(4); m > 0; --m) mutate_once(input, reader.seeds, rng);
        ++reader.inputs;
        std::string failure;
        try {
            reader.read(input, work);
            ++reader.accepted;
        } catch (const Error&) {
            ++reader.refused;
        } catch (const BrokenResult& e) {
            failure = std::string("accepted with a broken result: ") + e.what();
        } catch (const std::exception& e) {
            failure = std::string("non-agop exception: ") + e.what();
        }
        if (!failure.empty()) {
            ++reader.failures;
            const fs::path saved = args.dir / ("failure-" + reader.name + "-" + std::to_string(round));
            write_bytes(saved, input);
            std::cerr << "FAILURE " << reader.name << " input " << round << " (" << saved.string()
                      << "): " << printable_excerpt(failure, 200) << "\n";
        }
    }

    std::size_t failures = 0;
    std::cout << std::left << std::setw(13) << "reader" << std::right << std::setw(10) << "inputs" << std::setw(16)
              << "clean refusals" << std::setw(10) << "accepted" << std::setw(10) << "failures"
              << "\n";
    for (const auto& r : readers) {
        std::cout << std::left << std::setw(13) << r.name << std::right << std::setw(10) << r.inputs << std::setw(16)
                  << r.refused << std::setw(10) << r.accepted << std::setw(10) << r.failures << "\n";
        failures += r.failures;
    }
    std::cout << round << " inputs in " << std::fixed << std::setprecision(1) << elapsed() << " s, seed " << args.seed
              << "\n";
    if (failures == 0) fs::remove_all(args.dir);
    return failures == 0 ? 0 : 1;
}
