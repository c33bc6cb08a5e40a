#include "bench/workload.hpp"

namespace agop::bench {

std::vector<Workload> sgemm_workloads();

std::vector<Workload> all_workloads() {
    std::vector<Workload> all;
    for (auto&& group : {sgemm_workloads()})
        for (auto&& w : group) all.push_back(w);
    return all;
}

}  // namespace agop::bench
