#include "nn/module.hpp"

#include <algorithm>

#include "autodiff/error.hpp"

namespace agop::nn {

Var Module::call(Tape& tape, const Var& x) {
    Var out = forward(tape, x);
    if (Activations* recorded = tape.named_outputs()) (*recorded)[path_] = out;
    return out;
}

Var Module::forward_recording(Tape& tape, const Var& x, Activations& activations) {
    Activations* previous = tape.named_outputs();
    tape.set_named_outputs(&activations);
    try {
        Var out = forward(tape, x);
        tape.set_named_outputs(previous);
        return out;
    } catch (...) {
        tape.set_named_outputs(previous);
        throw;
    }
}

Var Module::forward_with_parameters(Tape& tape, const Var& x, const std::vector<Var>& parameter_vars) {
    const auto named = named_parameters();
    if (named.size() != parameter_vars.size())
        throw Error("forward_with_parameters: the module has " + std::to_string(named.size()) +
                    " parameters but " + std::to_string(parameter_vars.size()) + " variables were given");
    std::map<const Parameter*, Var> substitutes;
    for (std::size_t i = 0; i < named.size(); ++i) {
        if (parameter_vars[i].shape() != shape_of(named[i].second->value))
            throw_shape_error("forward_with_parameters", "variable for '" + named[i].first + "' has the wrong shape",
                              parameter_vars[i].shape(), shape_of(named[i].second->value));
        substitutes[named[i].second] = parameter_vars[i];
    }
    set_substitutes(&substitutes);
    try {
        Var out = forward(tape, x);
        set_substitutes(nullptr);
        return out;
    } catch (...) {
        set_substitutes(nullptr);
        throw;
    }
}

Tensor Module::predict(const Tensor& x, std::size_t batch_size) {
    if (x.dimension() == 0 || x.shape()[0] == 0) throw Error("predict: expected a non-empty batch (N, ...)");
    if (batch_size == 0) throw Error("predict: batch_size must be at least 1");
    ModeGuard restore(*this);
    eval();
    const std::size_t n = x.shape()[0], row = x.size() / n;
    Tensor result;
    for (std::size_t begin = 0; begin < n; begin += batch_size) {
        const std::size_t count = std::min(batch_size, n - begin);
        Shape shape = shape_of(x);
        shape[0] = count;
        Tensor batch = Tensor::from_shape(shape);
        std::copy(x.data() + begin * row, x.data() + (begin + count) * row, batch.data());
        Tape tape;
        NoGradGuard no_grad(tape);
        const Tensor out = forward(tape, tape.constant(std::move(batch))).value();
        if (begin == 0) {
            Shape out_shape = shape_of(out);
            out_shape[0] = n;
            result = Tensor::from_shape(out_shape);
        }
        std::copy(out.data(), out.data() + out.size(), result.data() + begin * (out.size() / count));
    }
    return result;
}

void Module::train(bool training) {
    training_ = training;
    for (auto& [name, child] : children_) child->train(training);
}

void Module::set_requires_grad(bool requires) {
    requires_grad_ = requires;
    for (auto& [name, child] : children_) child->set_requires_grad(requires);
}

namespace {

// A module's own entries named with its path ("layer1.0.conv1.weight"), then each child's, which
// the child names alike (`entries_of(child)`).
template <class T, class EntriesOf>
std::vector<std::pair<std::string, T*>> named_with_children(
    std::vector<std::pair<std::string, T*>> own, const std::string& path,
    const std::vector<std::pair<std::string, Module*>>& children, EntriesOf entries_of) {
    for (auto& entry : own) entry.first = path.empty() ? entry.first : path + "." + entry.first;
    for (const auto& [name, child] : children)
        for (auto& entry : entries_of(*child)) own.push_back(entry);
    return own;
}

}  // namespace

std::vector<std::pair<std::string, Parameter*>> Module::named_parameters() {
    return named_with_children(parameters_, path_, children_, [](Module& m) { return m.named_parameters(); });
}

std::vector<std::pair<std::string, Tensor*>> Module::named_buffers() {
    return named_with_children(buffers_, path_, children_, [](Module& m) { return m.named_buffers(); });
}

std::vector<std::pair<std::string, Tensor*>> Module::state() {
    std::vector<std::pair<std::string, Tensor*>> all;
    for (auto& [name, p] : named_parameters()) all.emplace_back(name, &p->value);
    for (auto& entry : named_buffers()) all.push_back(entry);
    return all;
}

std::vector<Parameter*> Module::parameters() {
    std::vector<Parameter*> all;
    for (auto& [name, p] : named_parameters()) all.push_back(p);
    return all;
}

std::size_t Module::parameter_count() {
    std::size_t count = 0;
    for (auto* p : parameters()) count += p->value.size();
    return count;
}

void Module::zero_grad() {
    for (auto* p : parameters()) {
        if (shape_of(p->grad) != shape_of(p->value))
            p->grad = xt::zeros<float>(p->value.shape());
        else
            std::fill(p->grad.begin(), p->grad.end(), 0.0f);
    }
}

void Module::register_parameter(const std::string& name, Parameter& parameter) {
    parameters_.emplace_back(name, &parameter);
}

void Module::register_buffer(const std::string& name, Tensor& buffer) { buffers_.emplace_back(name, &buffer); }

void Module::register_module(const std::string& name, Module& child) {
    children_.emplace_back(name, &child);
    child.set_path(path_.empty() ? name : path_ + "." + name);
}

Var Module::bind(Tape& tape, Parameter& parameter) const {
    if (substitutes_) {
        auto found = substitutes_->find(&parameter);
        if (found != substitutes_->end()) return found->second;
    }
    return tape.parameter(parameter.value, requires_grad_ ? &parameter.grad : nullptr);
}

void Module::set_path(const std::string& path) {
    path_ = path;
    for (auto& [name, child] : children_) child->set_path(path_ + "." + name);
}

void Module::set_substitutes(const std::map<const Parameter*, Var>* substitutes) {
    substitutes_ = substitutes;
    for (auto& [name, child] : children_) child->set_substitutes(substitutes);
}

}  // namespace agop::nn
