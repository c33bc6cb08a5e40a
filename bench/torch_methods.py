"""The attribution methods of agop's attribution/ in plain PyTorch (captum and shap are not
installed here), batched the way agop batches them so that both do the same work:
`max_rows` rows per forward/backward pass, targets = the predicted class from a separate
no-grad forward (what agop's Targets::predicted does), and no weight gradients (the
caller freezes the parameters, as agop's explained_model does).

inputs (N, ...) and targets (N) in, attributions (N, ...) out, unless stated.
"""

import math
from itertools import combinations

import numpy as np
import torch


def predicted_classes(model, x, max_rows=8192):
    with torch.no_grad():
        return torch.cat([model(x[i:i + max_rows]).argmax(1) for i in range(0, len(x), max_rows)])


def target_gradients(model, x, targets):
    """d logits[n, targets[n]] / d x[n], one backward sweep."""
    x = x.detach().requires_grad_(True)
    model(x).gather(1, targets[:, None]).sum().backward()
    return x.grad


def vanilla_gradient(model, x, max_rows=8192):
    t = predicted_classes(model, x, max_rows)
    return torch.cat([target_gradients(model, x[i:i + max_rows], t[i:i + max_rows]) for i in range(0, len(x), max_rows)])


def input_x_gradient(model, x, max_rows=8192):
    return x * vanilla_gradient(model, x, max_rows)


def trapezoid_points(steps):
    """agop's default IG quadrature: `steps` points on [0, 1], half weights at both ends."""
    alphas = torch.linspace(0.0, 1.0, steps)
    weights = torch.full((steps,), 1.0 / (steps - 1))
    weights[0] = weights[-1] = 0.5 / (steps - 1)
    return alphas, weights


def integrated_gradients(model, x, steps=50, max_rows=8192):
    """Zero baseline; the interpolations of max_rows // steps samples share one pass."""
    t = predicted_classes(model, x, max_rows)
    alphas, weights = trapezoid_points(steps)
    per_pass = max(1, max_rows // steps)
    out = []
    for i in range(0, len(x), per_pass):
        xs = x[i:i + per_pass]
        path = (alphas.view(1, -1, *([1] * (x.dim() - 1))) * xs[:, None]).reshape(-1, *x.shape[1:])
        g = target_gradients(model, path, t[i:i + per_pass].repeat_interleave(steps))
        g = g.view(len(xs), steps, *x.shape[1:])
        out.append(xs * (g * weights.view(1, steps, *([1] * (x.dim() - 1)))).sum(1))
    return torch.cat(out)


def smoothgrad(model, x, samples=50, noise_level=0.15, max_rows=8192, generator=None):
    """Mean gradient over `samples` copies of x + N(0, sigma^2), sigma = level (max - min) per sample."""
    t = predicted_classes(model, x, max_rows)
    flat = x.reshape(len(x), -1)
    sigma = noise_level * (flat.max(1).values - flat.min(1).values)
    per_pass = max(1, max_rows // samples)
    out = []
    for i in range(0, len(x), per_pass):
        xs, s = x[i:i + per_pass], sigma[i:i + per_pass]
        noise = torch.randn((len(xs), samples) + tuple(x.shape[1:]), generator=generator)
        noisy = (xs[:, None] + noise * s.view(-1, 1, *([1] * (x.dim() - 1)))).reshape(-1, *x.shape[1:])
        g = target_gradients(model, noisy, t[i:i + per_pass].repeat_interleave(samples))
        out.append(g.view(len(xs), samples, *x.shape[1:]).mean(1))
    return torch.cat(out)


def gradcam(model, layer, x, max_rows=8192):
    """ReLU(sum_k mean_hw(dy/dA_k) A_k) of `layer` (a module), upsampled to x's H x W
    (bilinear, align_corners=False) and repeated over x's channels. PyTorch at its best: the
    forward records nothing below the layer (its output is made a leaf that needs a gradient),
    and torch.autograd.grad(score, A) runs the backward from the logits to the layer only."""
    t = predicted_classes(model, x, max_rows)
    out = []
    for i in range(0, len(x), max_rows):
        captured = {}

        def keep(module, inputs, output):
            if not output.requires_grad:
                output.requires_grad_(True)
            captured["A"] = output

        handle = layer.register_forward_hook(keep)
        try:
            score = model(x[i:i + max_rows]).gather(1, t[i:i + max_rows, None]).sum()
        finally:
            handle.remove()
        (da,) = torch.autograd.grad(score, captured["A"])
        a = captured["A"].detach()
        cam = torch.relu((da.mean((2, 3), keepdim=True) * a).sum(1, keepdim=True))
        cam = torch.nn.functional.interpolate(cam, size=x.shape[2:], mode="bilinear", align_corners=False)
        out.append(cam.expand(-1, x.shape[1], -1, -1))
    return torch.cat(out)


def agop_weighted(model, x, agop_diagonal, max_rows=8192):
    """g ⊙ sqrt(diag(M) / max diag(M)); agop_diagonal has the shape of one sample."""
    return vanilla_gradient(model, x, max_rows) * torch.sqrt(agop_diagonal / agop_diagonal.max())


def agop_matrix(model, x, batch=256):
    """M = (1/n) sum_i J_i^T J_i (d, d) over all C logits, one backward sweep per class per batch of 256 rows."""
    m = None
    for i in range(0, len(x), batch):
        xs = x[i:i + batch].detach().requires_grad_(True)
        logits = model(xs)
        for c in range(logits.shape[1]):
            (j,) = torch.autograd.grad(logits[:, c].sum(), xs, retain_graph=c + 1 < logits.shape[1])
            j = j.reshape(len(xs), -1)
            m = j.T @ j if m is None else m + j.T @ j
    return m / len(x)


def agop_diagonal_sum(model, x):
    """sum_i diag(J_i^T J_i) in the sample's shape: sum over classes of the squared gradients."""
    x = x.detach().requires_grad_(True)
    logits = model(x)
    total = torch.zeros(x.shape[1:])
    for c in range(logits.shape[1]):
        (g,) = torch.autograd.grad(logits[:, c].sum(), x, retain_graph=c + 1 < logits.shape[1])
        total += (g * g).sum(0)
    return total


def agop_top_k(m, energy=0.95):
    """M_K = V_K diag(λ_K) V_K^T in float64 (LAPACK syevd), K the smallest holding `energy` of trace(M)."""
    values, vectors = torch.linalg.eigh(m.double())
    values, vectors = values.flip(0), vectors.flip(1)
    k = int(torch.searchsorted(torch.cumsum(values, 0), energy * values.sum()).item()) + 1
    k = min(k, len(values))
    return ((vectors[:, :k] * values[:k]) @ vectors[:, :k].T).float()


def agop_ixg(model, x, m, max_rows=8192):
    """x ⊙ (M_K g(x)), M_K recomputed from M on every call as agop does."""
    return x * (vanilla_gradient(model, x, max_rows) @ agop_top_k(m))


class RescaleReLUFunction(torch.autograd.Function):
    """DeepLIFT's rescale rule on a batch laid out as (inputs, references) halves: both halves
    get the multiplier Δy/Δx of their pair, the ordinary gradient where |Δx| < 1e-6 (shap's
    DeepExplainer nonlinear_1d)."""

    @staticmethod
    def forward(ctx, x):
        y = torch.relu(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        h = len(x) // 2
        dx, dy = x[:h] - x[h:], y[:h] - y[h:]
        small = dx.abs() < 1e-6
        m = torch.where(small, torch.zeros_like(dx), dy / torch.where(small, torch.ones_like(dx), dx))
        ordinary = grad * (x > 0)
        m2 = torch.cat([m, m])
        return torch.where(torch.cat([small, small]), ordinary, grad * m2)


class RescaleReLU(torch.nn.Module):
    def forward(self, x):
        return RescaleReLUFunction.apply(x)


def deepshap(rescale_model, x, background, max_rows=8192):
    """mean_b m(x, b) ⊙ (x - b): rows [0, P) repeat each sample B times, rows [P, 2P) tile the
    background; as many samples per pass as fit in max_rows (agop's layout)."""
    t = predicted_classes(rescale_model, x, max_rows)
    b = len(background)
    per_pass = max(1, max_rows // (2 * b))
    out = []
    for i in range(0, len(x), per_pass):
        xs = x[i:i + per_pass]
        inputs = xs.repeat_interleave(b, 0)
        refs = background.repeat(len(xs), *([1] * (x.dim() - 1)))
        rows = torch.cat([inputs, refs]).requires_grad_(True)
        tt = t[i:i + per_pass].repeat_interleave(b)
        rescale_model(rows).gather(1, torch.cat([tt, tt])[:, None]).sum().backward()
        m = rows.grad[:len(inputs)]
        out.append((m * (inputs - refs)).view(len(xs), b, *x.shape[1:]).mean(1))
    return torch.cat(out)


def shap_kernel_coalitions(m, budget, rng):
    """shap KernelExplainer's coalition sampling (as agop's sampled_coalitions): whole subset
    sizes (s, M - s) enumerated while the budget covers them, the rest drawn by kernel weight
    with their complements, repeated draws adding to the first. The draws are vectorised in
    numpy (shap loops over them in Python), stopping where shap's loop would stop.
    -> masks (S, M) bool, weights (S) summing to 1."""
    num_subset_sizes = m // 2
    num_paired = (m - 1) // 2
    sizes = np.arange(1, num_subset_sizes + 1)
    weight_vector = (m - 1.0) / (sizes * (m - sizes))
    weight_vector[:num_paired] *= 2
    weight_vector /= weight_vector.sum()
    masks, weights = [], []
    num_full, left = 0, float(budget)
    remaining = weight_vector.copy()
    for size in range(1, num_subset_sizes + 1):
        paired = size <= num_paired
        nsubsets = math.comb(m, size) * (2 if paired else 1)
        if left * remaining[size - 1] / nsubsets < 1.0 - 1e-8:
            break
        num_full += 1
        left -= nsubsets
        if remaining[size - 1] < 1.0:
            remaining /= 1.0 - remaining[size - 1]
        w = weight_vector[size - 1] / math.comb(m, size) / (2 if paired else 1)
        for chosen in combinations(range(m), size):
            mask = np.zeros(m, bool)
            mask[list(chosen)] = True
            masks.append(mask)
            weights.append(w)
            if paired:
                masks.append(~mask)
                weights.append(w)
    fixed = len(masks)
    samples_left = max(0, budget - fixed)
    if num_full != num_subset_sizes and samples_left > 0:
        probs = weight_vector[num_full:].copy()
        probs[:max(0, num_paired - num_full)] /= 2
        probs /= probs.sum()
        draws = 4 * samples_left
        size = rng.choice(np.arange(num_full + 1, num_subset_sizes + 1), draws, p=probs)
        # a random subset of each drawn size: the players whose rank in a random permutation is below it
        drawn = np.argsort(np.argsort(rng.random((draws, m)), 1), 1) < size[:, None]
        keys = np.packbits(drawn, axis=1)
        _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        new = np.zeros(draws, bool)
        new[first] = True
        paired = size <= num_paired
        added = np.where(new, np.where(paired, 2, 1), 0)
        stop = int(np.searchsorted(np.cumsum(added), samples_left)) + 1  # draws shap's loop makes
        stop = min(stop, draws)
        counts = np.bincount(inverse[:stop], minlength=len(first))
        for d in np.flatnonzero(new[:stop]):
            c = float(counts[inverse[d]])
            masks.append(drawn[d])
            weights.append(c)
            if paired[d]:
                masks.append(~drawn[d])
                weights.append(c)
        masks, weights = masks[:budget], weights[:budget]
        sampled = np.asarray(weights[fixed:])
        weights[fixed:] = list(sampled * (weight_vector[num_full:].sum() / sampled.sum()))
    return np.asarray(masks), np.asarray(weights)


def kernelshap(model, x, background, budget, seed=0, max_rows=65536):
    """Shapley values of the target logit with v(S) = mean_b f(x_S, b_rest), fitted by shap's
    constrained weighted least squares (last player eliminated), without shap's optional
    l1 feature selection (agop does not do it either). x (N, M)."""
    t = predicted_classes(model, x)
    with torch.no_grad():
        fx = model(x).gather(1, t[:, None])[:, 0].double()
        null = model(background).double().mean(0)[t]
    n, m = x.shape
    out = torch.empty(n, m)
    for i in range(n):
        masks, w = shap_kernel_coalitions(m, budget, np.random.default_rng([seed, i]))
        z = torch.from_numpy(masks)
        rows = torch.where(z[:, None, :], x[i], background[None]).reshape(-1, m)
        with torch.no_grad():
            values = torch.cat([model(rows[r:r + max_rows])[:, t[i]] for r in range(0, len(rows), max_rows)])
        v = values.view(len(masks), len(background)).double().mean(1).numpy()
        delta = float(fx[i] - null[i])
        zf = masks.astype(np.float64)
        last = zf[:, -1:]
        a = zf[:, :-1] - last
        y = v - float(null[i]) - last[:, 0] * delta
        aw = a * w[:, None]
        phi = np.linalg.solve(aw.T @ a, aw.T @ y)
        out[i, :-1] = torch.from_numpy(phi)
        out[i, -1] = delta - phi.sum()
    return out


def lime(model, x, mean, std, samples=5000, ridge_alpha=1.0, seed=0, max_rows=65536):
    """lime's LimeTabularExplainer without discretisation: Gaussian perturbations of the training
    statistics, kernel sqrt(exp(-D^2 / w^2)) with w = 0.75 sqrt(d) on standardised rows, and a
    weighted ridge (with intercept) per sample, solved as one batched linear system. x (N, d)."""
    t = predicted_classes(model, x)
    n, d = x.shape
    width = 0.75 * math.sqrt(d)
    g = torch.Generator().manual_seed(seed)
    per_pass = max(1, max_rows // samples)
    out = []
    for i in range(0, n, per_pass):
        xs = x[i:i + per_pass]
        z = torch.randn(len(xs), samples, d, generator=g)
        z[:, 0] = (xs - mean) / std
        with torch.no_grad():
            y = model((z * std + mean).reshape(-1, d)).view(len(xs), samples, -1)
        y = y.gather(2, t[i:i + per_pass].view(-1, 1, 1).expand(-1, samples, 1))[..., 0].double()
        zd = z.double()
        w = torch.sqrt(torch.exp(-((zd - zd[:, :1]) ** 2).sum(2) / width ** 2))
        sw = w.sum(1, keepdim=True)
        zc = zd - (w[..., None] * zd).sum(1, keepdim=True) / sw[..., None]
        yc = y - (w * y).sum(1, keepdim=True) / sw
        a = (zc * w[..., None]).transpose(1, 2) @ zc + ridge_alpha * torch.eye(d, dtype=torch.float64)
        b = ((zc * w[..., None]).transpose(1, 2) @ yc[..., None])
        out.append(torch.linalg.solve(a, b)[..., 0].float())
    return torch.cat(out)
