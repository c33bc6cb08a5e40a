#pragma once
// Sequential: runs its layers in order; layer i is named "i" ("features.3.weight"), as
// nn.Sequential. Owns its layers.

#include <memory>
#include <vector>

#include "nn/module.hpp"

namespace agop::nn {

class Sequential : public Module {
  public:
    // Appends a layer (named by its index) and returns it.
    template <class Layer>
    Layer& add(std::unique_ptr<Layer> layer) {
        Layer& ref = *layer;
        register_module(std::to_string(layers_.size()), ref);
        layers_.push_back(std::move(layer));
        return ref;
    }
    Var forward(Tape& tape, const Var& x) override;
    std::size_t size() const { return layers_.size(); }
    Module& operator[](std::size_t i) { return *layers_.at(i); }

  private:
    std::vector<std::unique_ptr<Module>> layers_;
};

}  // namespace agop::nn
