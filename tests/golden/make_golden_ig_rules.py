#!/usr/bin/python3
"""Writes tests/golden/ig_rules/: Integrated Gradients under each of Captum's quadrature rules,
as captum.attr.IntegratedGradients computes them, for tests/attribution/test_golden_methods.cpp.

Run by hand after make_golden.py (it reads that script's MLP and CNN8by8 weights and inputs):
    /usr/bin/python3 tests/golden/make_golden_ig_rules.py
Captum is not installed: its rules (captum/attr/_utils/approximation_methods.py) are written out
here. Gauss-Legendre takes numpy's leggauss(n) nodes x and weights w on [-1, 1] and uses
alphas (1 + x) / 2 and step sizes w / 2; the scaled inputs are float32, the step sizes a float32
tensor, and the gradients times step sizes are summed in float32, as in Captum.
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

from make_golden import HERE, Cnn8by8, Mlp, save

STEPS = 7


def captum_rule(method, n):
    """(step_sizes, alphas) of captum's approximation_parameters(method) for n steps."""
    if method == "gausslegendre":
        nodes, weights = np.polynomial.legendre.leggauss(n)
        return list(0.5 * weights), list(0.5 * (1 + nodes))
    if method == "riemann_trapezoid":
        return [1 / (2 * (n - 1))] + [1 / (n - 1)] * (n - 2) + [1 / (2 * (n - 1))], list(np.linspace(0, 1, n))
    alphas = {"riemann_left": np.linspace(0, 1 - 1 / n, n), "riemann_right": np.linspace(1 / n, 1, n),
              "riemann_middle": np.linspace(1 / (2 * n), 1 - 1 / (2 * n), n)}[method]
    return [1 / n] * n, list(alphas)


def captum_integrated_gradients(f, x, targets, method, n):
    """Zero baseline: the path points of all samples in one batch, step by step as Captum stacks them."""
    step_sizes, alphas = captum_rule(method, n)
    scaled = torch.cat([alpha * x for alpha in alphas], dim=0).requires_grad_(True)
    outputs = f(scaled).gather(1, targets.repeat(n)[:, None])
    grads = torch.autograd.grad(outputs.sum(), scaled)[0]
    scaled_grads = grads.contiguous().view(n, -1) * torch.tensor(step_sizes).view(n, 1)
    total = scaled_grads.reshape(n, *x.shape).sum(0)
    return total * x


def load_model(model, case):
    state = {name: torch.from_numpy(np.load(os.path.join(HERE, case, "weights", name + ".npy")))
             for name in model.state_dict()}
    model.load_state_dict(state)
    return model.eval()


def main():
    torch.set_num_threads(1)
    out = os.path.join(HERE, "ig_rules")
    os.makedirs(out, exist_ok=True)
    mlp = load_model(Mlp(6, 8, 3), "mlp")
    x = torch.from_numpy(np.load(os.path.join(HERE, "mlp", "inputs.npy")))
    targets = torch.from_numpy(np.load(os.path.join(HERE, "mlp", "targets.npy")))
    for method, word in [("gausslegendre", "gauss_legendre"), ("riemann_trapezoid", "trapezoid"),
                         ("riemann_left", "riemann_left"), ("riemann_right", "riemann_right"),
                         ("riemann_middle", "riemann_middle")]:
        save("ig_rules", "mlp_" + word, captum_integrated_gradients(mlp, x, targets, method, STEPS))
    # XAI-TRIS as the original explains it: CNN8by8's softmax output, 50 Gauss-Legendre steps.
    cnn = load_model(Cnn8by8(2), "cnn8by8")
    x = torch.from_numpy(np.load(os.path.join(HERE, "cnn8by8", "inputs.npy")))
    targets = torch.from_numpy(np.load(os.path.join(HERE, "cnn8by8", "targets.npy")))
    softmax = lambda z: F.softmax(cnn(z), dim=1)
    save("ig_rules", "cnn8by8_softmax_gauss_legendre", captum_integrated_gradients(softmax, x, targets,
                                                                                   "gausslegendre", 50))


if __name__ == "__main__":
    main()
