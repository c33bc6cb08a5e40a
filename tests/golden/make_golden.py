#!/usr/bin/python3
"""Writes the golden files that tests/nn/test_golden_models.cpp and
tests/attribution/test_golden_methods.cpp compare the engine against.

Run by hand with Debian's python3-torch (never by CI):
    /usr/bin/python3 tests/golden/make_golden.py
Every method is written out here in plain torch (no captum, no shap), following the
definitions of docs/papers.md Part A and the engine's headers. See README.md.
"""
import json
import math
import os
import shutil
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
IG_STEPS = 16
AGOP_IXG_RANK = 2


def save(case, name, tensor):
    """float32 (or int64 for labels) little-endian .npy under tests/golden/<case>/."""
    path = os.path.join(HERE, case, name + ".npy")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    array = tensor.detach().numpy() if torch.is_tensor(tensor) else np.asarray(tensor)
    dtype = "<i8" if array.dtype.kind in "iu" else "<f4"
    np.save(path, np.ascontiguousarray(array.astype(dtype)))


def save_state(case, folder, state):
    for name, value in state.items():
        save(case, os.path.join(folder, name), value)


def fresh_case(case):
    shutil.rmtree(os.path.join(HERE, case), ignore_errors=True)
    os.makedirs(os.path.join(HERE, case))


# ---- models with PyTorch state-dict names -------------------------------------------------

class Mlp(nn.Module):
    """d -> 8 -> 8 -> C with ReLU: the engine's nn::Mlp(d, C, {8, 8}) (fc1, fc2, fc3)."""

    def __init__(self, d, hidden, classes):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(d, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, classes)

    def forward(self, x, relu=F.relu):
        return self.fc3(relu(self.fc2(relu(self.fc1(x)))))


class Cnn8by8(nn.Module):
    """XAI-TRIS's CNN8by8 returning logits (papers.md Part B §3.4)."""

    def __init__(self, classes=2):
        super().__init__()
        layers = []
        for block in range(4):
            layers += [nn.Conv2d(1 if block == 0 else 4, 4, kernel_size=2, stride=1, padding=1), nn.ReLU(),
                       nn.MaxPool2d(2)]
        self.cnn_layers = nn.Sequential(*layers)
        self.linear_layers = nn.Sequential(nn.Linear(4, classes))
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight)

    def forward(self, x, relu=F.relu, max_pool=lambda h: F.max_pool2d(h, 2), activations=None):
        for block in range(4):
            conv = self.cnn_layers[3 * block]
            h = conv(x if block == 0 else h)
            if activations is not None:
                activations["cnn_layers.%d" % (3 * block)] = h
            h = max_pool(relu(h))
        return self.linear_layers(h.flatten(1))


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet18(nn.Module):
    """torchvision's resnet18 layout and names (torchvision is not installed here)."""

    def __init__(self, in_channels, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        widths, inplanes = [64, 128, 256, 512], 64
        for i, planes in enumerate(widths):
            stride = 1 if i == 0 else 2
            setattr(self, "layer%d" % (i + 1), nn.Sequential(BasicBlock(inplanes, planes, stride),
                                                             BasicBlock(planes, planes, 1)))
            inplanes = planes
        self.fc = nn.Linear(512, classes)

    def forward(self, x, activations=None):
        h = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        h = self.layer3(self.layer2(self.layer1(h)))
        if activations is not None:
            activations["layer3"] = h
        h = self.layer4(h)
        if activations is not None:
            activations["layer4"] = h
        return self.fc(h.mean((2, 3)))


# ---- ResNet-18 weights from a formula (11M parameters would be 45 MB of .npy) --------------

MASK64 = (1 << 64) - 1


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & MASK64
    return h


def formula_uniform(name, count):
    """u_i in [0, 1), i < count: splitmix64(fnv1a64(name) + (i + 1) * golden) >> 40, times 2^-24.
    tests/support/golden.cpp computes the same integers, so both sides get identical bits."""
    with np.errstate(over="ignore"):
        i = np.arange(1, count + 1, dtype=np.uint64)
        z = np.uint64(fnv1a64(name)) + i * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24


def formula_tensor(name, shape):
    """The value of state tensor `name`, computed in double and rounded once to float32:
    conv / linear weight U(-b, b) with b = sqrt(3 / fan_in); bias and BN bias U(-0.1, 0.1);
    BN weight 1 + U(-0.2, 0.2); running_mean U(-0.1, 0.1); running_var 1 + U[0, 0.5)."""
    u = formula_uniform(name, int(np.prod(shape)))
    s = 2.0 * u - 1.0
    if name.endswith("running_var"):
        v = 1.0 + 0.5 * u
    elif name.endswith("running_mean") or name.endswith("bias"):
        v = 0.1 * s
    elif len(shape) == 1:
        v = 1.0 + 0.2 * s
    else:
        v = math.sqrt(3.0 / int(np.prod(shape[1:]))) * s
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


# ---- attribution methods, each in a few lines ----------------------------------------------

def target_gradients(f, x, targets):
    """d f(x)[n, targets[n]] / d x[n] for every row: (N, ...)."""
    x = x.clone().requires_grad_(True)
    logits = f(x)
    return torch.autograd.grad(logits.gather(1, targets[:, None]).sum(), x)[0]


def integrated_gradients(f, x, targets, steps=IG_STEPS):
    """Zero baseline, the trapezoid rule of the engine and Captum: alphas = linspace(0, 1, steps),
    weights 1/(steps-1) with halves at both ends."""
    alphas = [k / (steps - 1) for k in range(steps)]
    weights = [(0.5 if k in (0, steps - 1) else 1.0) / (steps - 1) for k in range(steps)]
    total = torch.zeros(x.shape, dtype=torch.float64)
    for alpha, weight in zip(alphas, weights):
        total += weight * target_gradients(f, float(np.float32(alpha)) * x, targets).double()
    return (total * x.double()).float()


def gradcam(f_with_activations, layer, x, targets):
    """ReLU(sum_k mean_hw(d f_c / d A_k) A_k), bilinear to the input size (align_corners=False):
    (N, h, w) upsampled -> (N, H, W) (the engine repeats it over the input channels)."""
    activations = {}
    logits = f_with_activations(x, activations)
    a = activations[layer]
    g = torch.autograd.grad(logits.gather(1, targets[:, None]).sum(), a)[0]
    cam = F.relu((g.mean((2, 3), keepdim=True) * a).sum(1, keepdim=True))
    return F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[:, 0].detach()


def jacobian_rows(f, x):
    """J (N, C, d): the Jacobian of each row's logits with respect to that row."""
    x = x.clone().requires_grad_(True)
    logits = f(x)
    rows = [torch.autograd.grad(logits[:, c].sum(), x, retain_graph=True)[0].flatten(1)
            for c in range(logits.shape[1])]
    return torch.stack(rows, 1)


def agop(f, x):
    """M = (1/n) sum_i J_i^T J_i over all C logits: (d, d)."""
    j = jacobian_rows(f, x).double()
    return (torch.einsum("ncd,nce->de", j, j) / x.shape[0]).float()


def agop_diagonal(f, x):
    """diag(M) in the sample's shape."""
    j = jacobian_rows(f, x).double()
    return ((j ** 2).sum((0, 1)) / x.shape[0]).float().reshape(x.shape[1:])


def agop_ixg(f, x, targets, m, rank):
    """x ⊙ (M_K g), M_K from the top-`rank` eigenpairs of M (double precision)."""
    values, vectors = torch.linalg.eigh(m.double())
    top = vectors[:, -rank:]
    m_k = top @ torch.diag(values[-rank:]) @ top.T
    g = target_gradients(f, x, targets).flatten(1).double()
    return (x.flatten(1).double() * (g @ m_k.T)).float().reshape(x.shape)


class RescaleReLU(torch.autograd.Function):
    """DeepLIFT rescale on a batch [inputs; references]: multiplier Δy/Δx for both halves,
    the ordinary gradient where |Δx| < 1e-6 (shap's nonlinear_1d)."""

    @staticmethod
    def forward(ctx, x):
        y = F.relu(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        n = x.shape[0] // 2
        dx = (x[:n] - x[n:]).repeat(2, *[1] * (x.dim() - 1))
        dy = (y[:n] - y[n:]).repeat(2, *[1] * (x.dim() - 1))
        return torch.where(dx.abs() < 1e-6, g * (x > 0).float(), g * dy / dx)


class RescaleMaxPool(torch.autograd.Function):
    """shap's maxpool rule for MaxPool2d(2): each half routes its share of Δy through its own
    argmax, the two routed maps are added and divided by Δx (zero where |Δx| < 1e-7)."""

    @staticmethod
    def forward(ctx, x):
        y, indices = F.max_pool2d(x, 2, return_indices=True)
        ctx.save_for_backward(x, y, indices)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y, indices = ctx.saved_tensors
        n = x.shape[0] // 2
        cross = torch.max(y[:n], y[n:])
        diffs = torch.cat([cross - y[n:], y[:n] - cross])
        unpooled = F.max_unpool2d(g * diffs, indices, 2, output_size=x.shape[-2:])
        routed = unpooled[:n] + unpooled[n:]
        dx = x[:n] - x[n:]
        multipliers = torch.where(dx.abs() < 1e-7, torch.zeros_like(dx), routed / dx)
        return multipliers.repeat(2, 1, 1, 1)


def deepshap(f_rescaled, x, targets, background):
    """(1/B) sum_b m(x, b) ⊙ (x - b): pairs (x_s, b) for every sample and background row go
    through the model as one batch [x repeated; background tiled], both halves seeded."""
    n, b = x.shape[0], background.shape[0]
    inputs = x.repeat_interleave(b, 0)
    references = background.repeat(n, *[1] * (x.dim() - 1))
    pair_targets = targets.repeat_interleave(b).repeat(2)
    m = target_gradients(f_rescaled, torch.cat([inputs, references]), pair_targets)[: n * b]
    return (m * (inputs - references)).reshape(n, b, *x.shape[1:]).mean(1)


# ---- the cases -----------------------------------------------------------------------------

def mlp_case():
    case = "mlp"
    fresh_case(case)
    torch.manual_seed(1)
    model = Mlp(6, 8, 3)
    inputs = torch.randn(8, 6)
    targets = torch.tensor([0, 1, 2, 0, 1, 2, 2, 1])
    labels = torch.tensor([2, 0, 1, 1, 0, 2, 0, 1])
    agop_inputs = torch.randn(32, 6)
    background = torch.randn(5, 6)
    save_state(case, "weights", model.state_dict())
    for name, value in [("inputs", inputs), ("targets", targets), ("labels", labels), ("agop_inputs", agop_inputs),
                        ("background", background)]:
        save(case, name, value)

    save(case, "logits", model(inputs))
    save(case, "input_gradients", target_gradients(model, inputs, targets))
    save(case, "integrated_gradients", integrated_gradients(model, inputs, targets))
    m = agop(model, agop_inputs)
    save(case, "agop", m)
    save(case, "agop_ixg", agop_ixg(model, inputs, targets, m, AGOP_IXG_RANK))
    save(case, "deepshap", deepshap(lambda z: model(z, relu=RescaleReLU.apply), inputs, targets, background))

    # One cross-entropy step's parameter gradients, then two steps of each optimiser (the second
    # from the gradients at the updated weights, so that momentum and Adam's moments matter).
    loss = F.cross_entropy(model(inputs), labels)
    save(case, "loss", loss.reshape(1))
    save_state(case, "grads", dict(zip(model.state_dict(), torch.autograd.grad(loss, list(model.parameters())))))
    for folder, make in [("adam", lambda p: torch.optim.Adam(p, lr=0.01)),
                         ("sgd", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9))]:
        trained = Mlp(6, 8, 3)
        trained.load_state_dict(model.state_dict())
        optimizer = make(trained.parameters())
        for _ in range(2):
            optimizer.zero_grad()
            F.cross_entropy(trained(inputs), labels).backward()
            optimizer.step()
        save_state(case, folder, trained.state_dict())
    return m


def cnn8by8_case():
    case = "cnn8by8"
    fresh_case(case)
    torch.manual_seed(2)
    model = Cnn8by8(2)
    inputs = torch.randn(4, 1, 8, 8)
    targets = torch.tensor([0, 1, 1, 0])
    agop_inputs = torch.randn(16, 1, 8, 8)
    background = torch.randn(3, 1, 8, 8)
    save_state(case, "weights", model.state_dict())
    for name, value in [("inputs", inputs), ("targets", targets), ("agop_inputs", agop_inputs),
                        ("background", background)]:
        save(case, name, value)

    save(case, "logits", model(inputs))
    save(case, "input_gradients", target_gradients(model, inputs, targets))
    save(case, "integrated_gradients", integrated_gradients(model, inputs, targets))
    save(case, "gradcam", gradcam(lambda z, acts: model(z, activations=acts), "cnn_layers.9", inputs, targets))
    save(case, "agop_diagonal", agop_diagonal(model, agop_inputs))
    rescaled = lambda z: model(z, relu=RescaleReLU.apply, max_pool=RescaleMaxPool.apply)
    save(case, "deepshap", deepshap(rescaled, inputs, targets, background))


def resnet18_case():
    case = "resnet18"
    fresh_case(case)
    torch.manual_seed(3)
    model = ResNet18(3, 10)
    state = {name: formula_tensor(name, tuple(value.shape)) for name, value in model.state_dict().items()
             if not name.endswith("num_batches_tracked")}
    model.load_state_dict(state, strict=False)
    with open(os.path.join(HERE, case, "state_shapes.txt"), "w") as listing:
        for name, value in state.items():
            listing.write("%s %s\n" % (name, " ".join(str(s) for s in value.shape)))
    inputs = torch.randn(2, 3, 32, 32)
    targets = torch.tensor([6, 7])  # both Grad-CAM maps are non-zero for these
    save(case, "inputs", inputs)
    save(case, "targets", targets)

    model.eval()
    save(case, "logits", model(inputs))
    save(case, "input_gradients", target_gradients(model, inputs, targets))
    save(case, "integrated_gradients", integrated_gradients(model, inputs, targets))
    # layer4 is 1x1 at this input size (a constant map per sample); layer3 (2x2) exercises the
    # bilinear upsampling.
    for layer in ["layer4", "layer3"]:
        save(case, "gradcam_" + layer, gradcam(lambda z, acts: model(z, activations=acts), layer, inputs, targets))

    # One training-mode pass (batch statistics), compared up to layer3: layer4 is 1x1 here, so
    # its batch norms see two values per channel and amplify float32 rounding about 160-fold
    # each (1/sqrt(4 eps)); PyTorch's own float32 logits differ from float64 ones by 6e-3.
    model.train()
    activations = {}
    with torch.no_grad():
        model(inputs, activations=activations)
    save(case, "train_layer3", activations["layer3"])
    save_state(case, "train_buffers", {name: value for name, value in model.state_dict().items()
                                        if name.endswith(("running_mean", "running_var"))
                                        and not name.startswith("layer4")})


# ---- state dicts as PyTorch users save them (safetensors.torch.save_file) -------------------

SAFETENSORS_DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
                      torch.int64: "I64"}


def safetensors_layout(state):
    """The header and data order of safetensors.torch.save_file(state): tensors sorted by
    dtype (wider first) then name, offsets in that order, __metadata__ {"format": "pt"}, the JSON
    padded with spaces to a multiple of 8. Returns (header bytes with their 8-byte length, order)."""
    order = sorted(state, key=lambda n: (-state[n].element_size(), n))
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name in order:
        t = state[name]
        size = t.numel() * t.element_size()
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text, order


def tensor_bytes(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.view(torch.int16)  # numpy has no bfloat16; the bits are what is stored
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, state):
    """What safetensors.torch.save_file(state, path) writes (the package is not installed here)."""
    head, order = safetensors_layout(state)
    with open(path, "wb") as out:
        out.write(head)
        for name in order:
            out.write(tensor_bytes(state[name]))


def save_explained(case, model, inputs, targets):
    """inputs, targets, eval-mode logits and the target logit's input gradients."""
    model.eval()
    save(case, "inputs", inputs)
    save(case, "targets", targets)
    save(case, "logits", model(inputs))
    save(case, "input_gradients", target_gradients(model, inputs, targets))


def state_dict_cases():
    """Three models saved as their users would save them, each with its inputs, logits and
    input gradients computed by PyTorch from the weights as stored (after any rounding)."""
    case = "state_dicts"
    fresh_case(case)
    torch.manual_seed(4)
    # An MLP of a Sequential (names 0, 2, 4, 6), 3 hidden layers, float32.
    mlp = nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 6), nn.ReLU(), nn.Linear(6, 4), nn.ReLU(),
                        nn.Linear(4, 3))
    write_safetensors(os.path.join(HERE, case, "mlp_sequential.safetensors"), mlp.state_dict())
    save_explained(case + "/mlp_sequential", mlp, torch.randn(6, 5), torch.tensor([0, 1, 2, 0, 1, 2]))

    # CNN8by8 (XAI-TRIS names) in bfloat16 with its linear layer in float16: the logits are
    # those of the rounded weights, computed in float32.
    cnn = Cnn8by8(3)
    state = {name: value.to(torch.float16 if name.startswith("linear") else torch.bfloat16)
             for name, value in cnn.state_dict().items()}
    write_safetensors(os.path.join(HERE, case, "cnn8by8_bf16.safetensors"), state)
    cnn.load_state_dict({name: value.float() for name, value in state.items()})
    save_explained(case + "/cnn8by8_bf16", cnn, torch.randn(3, 1, 8, 8), torch.tensor([0, 1, 2]))

    # torchvision's ResNet-18, 5 classes, 3x32x32. Its 11.2 M weights would be 45 MB, so only
    # the header of the file save_file writes is committed (names, dtypes with the I64
    # num_batches_tracked, shapes, offsets); the test fills the data section with the weight
    # formula (formula_tensor, identical bits on both sides) and num_batches_tracked = 0.
    resnet = torchvision.models.resnet18(num_classes=5)
    state = {name: (torch.zeros((), dtype=torch.int64) if name.endswith("num_batches_tracked")
                    else formula_tensor(name, tuple(value.shape)))
             for name, value in resnet.state_dict().items()}
    resnet.load_state_dict(state)
    head, _ = safetensors_layout(state)
    with open(os.path.join(HERE, case, "resnet18_5_classes.header"), "wb") as out:
        out.write(head)
    save_explained(case + "/resnet18_5_classes", resnet, torch.randn(2, 3, 32, 32), torch.tensor([1, 4]))


def main():
    torch.set_num_threads(1)
    mlp_case()
    cnn8by8_case()
    resnet18_case()
    state_dict_cases()
    with open(os.path.join(HERE, "torch_version.txt"), "w") as version:
        version.write("torch %s, numpy %s\n" % (torch.__version__, np.__version__))


if __name__ == "__main__":
    main()
