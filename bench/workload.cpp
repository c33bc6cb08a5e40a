#include "bench/workload.hpp"

namespace agop::bench {

std::vector<Workload> sgemm_workloads();
std::vector<Workload> tabular_workloads();
std::vector<Workload> cnn_workloads();
std::vector<Workload> resnet_workloads();
std::vector<Workload> metric_workloads();

std::vector<Workload> all_workloads() {
    std::vector<Workload> all;
    for (auto&& group :
         {sgemm_workloads(), tabular_workloads(), cnn_workloads(), resnet_workloads(), metric_workloads()})
        for (auto&& w : group) all.push_back(w);
    return all;
}

}  // namespace agop::bench
