#!/usr/bin/python3
"""The workloads of docs/benchmarks.md in PyTorch: the reference agop's `agop bench` is
compared against (bench/compare.py). Same ids, units, shapes, batch sizes and loop counts
as bench/*_workloads.cpp; median of 5 timed repetitions after 1 warm-up; every workload
at each thread count of --threads (torch.set_num_threads plus OpenBLAS's own count: torch
does not set the latter, and Debian's torch calls a pthread OpenBLAS for matmul).

    /usr/bin/python3 bench/pytorch_reference.py --out results/bench/torch.json [--only T1,R1]

Models are seeded but not agop's weights: only the time is compared, and the cost of
these methods does not depend on the weights.
"""

import argparse
import ctypes
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

import torch_methods as methods
from torch_models import Cnn8by8, Mlp, ResNet18, plain_relu

SAMPLES_PER_S, IMAGES_PER_S = "samples/s", "images/s"


def load_openblas():
    """The OpenBLAS torch loaded (libblas.so.3 is a wrapper around libopenblas.so.0)."""
    try:
        return ctypes.CDLL("libopenblas.so.0")
    except OSError:
        return None


OPENBLAS = load_openblas()


def openblas_description():
    if OPENBLAS is None:
        return "(no libopenblas.so.0 in this process)"
    OPENBLAS.openblas_get_config.restype = ctypes.c_char_p
    OPENBLAS.openblas_get_corename.restype = ctypes.c_char_p
    parallel = {0: "sequential", 1: "pthread", 2: "OpenMP"}.get(OPENBLAS.openblas_get_parallel(), "?")
    return "%s (%s), core %s" % (OPENBLAS.openblas_get_config().decode(), parallel,
                                 OPENBLAS.openblas_get_corename().decode())


def set_threads(n):
    torch.set_num_threads(n)
    if OPENBLAS is not None:
        OPENBLAS.openblas_set_num_threads(n)


def seconds_of(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def time_median(work, repetitions=5):
    work()  # warm-up
    return statistics.median(seconds_of(work) for _ in range(repetitions))


def time_interleaved(variants, repetitions=5):
    """Variants timed in turns after one warm-up each, as bench/timing.hpp's time_interleaved."""
    for work in variants:
        work()
    seconds = [[] for _ in variants]
    for _ in range(repetitions):
        for v, work in enumerate(variants):
            seconds[v].append(seconds_of(work))
    return [statistics.median(s) for s in seconds]


def rate(id_, description, unit, items, seconds, threads):
    return dict(id=id_, description=description, unit=unit, value=items / seconds, median_seconds=seconds,
                threads=threads)


def duration(id_, description, seconds, threads):
    return dict(id=id_, description=description, unit="seconds", value=seconds, median_seconds=seconds,
                threads=threads)


def frozen(model):
    """Eval mode, no parameter gradients: agop's explained_model."""
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def training_step(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss


def p0(threads):
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    s = time_median(lambda: torch.mm(a, b))
    return [dict(id="P0", description="torch.mm 2048^3 (sgemm of torch's OpenBLAS)", unit="GFLOP/s",
                 value=2 * 2048 ** 3 / s * 1e-9, median_seconds=s, threads=threads)]


# ---- T1-T10: the tabular MLP 20-64-64-3 ------------------------------------------------
D, C = 20, 3
torch.manual_seed(7)
TRAIN_ROWS = torch.randn(10000, D)


def tabular_model(relu_factory=plain_relu):
    torch.manual_seed(7)
    return Mlp(D, C, relu_factory=relu_factory)


def attribution_rate(id_, name, samples, calls, explain, threads):
    x = TRAIN_ROWS[:samples]
    s = time_median(lambda: [explain(x) for _ in range(calls)])
    return rate(id_, "%s on %d rows of the MLP 20-64-64-3, predicted class" % (name, samples), SAMPLES_PER_S,
                samples * calls, s, threads)


def t1(threads):
    model = tabular_model()
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = TRAIN_ROWS[:128], torch.randint(0, C, (128,))
    s = time_median(lambda: [training_step(model, adam, x, y) for _ in range(100)])
    return [rate("T1", "MLP 20-64-64-3 training step, Adam, cross-entropy, batch 128", SAMPLES_PER_S, 128 * 100, s,
                 threads)]


def t2(threads):
    model = frozen(tabular_model())
    return [attribution_rate("T2-vanilla-grad", "vanilla-grad", 1000, 20, lambda x: methods.vanilla_gradient(model, x),
                             threads),
            attribution_rate("T2-input-x-gradient", "input-x-gradient", 1000, 20,
                             lambda x: methods.input_x_gradient(model, x), threads)]


def t3(threads):
    model = frozen(tabular_model())
    return [attribution_rate("T3", "integrated-gradients", 1000, 1,
                             lambda x: methods.integrated_gradients(model, x, 50), threads)]


def t4(threads):
    model = frozen(tabular_model())
    g = torch.Generator().manual_seed(0)
    return [attribution_rate("T4", "smoothgrad", 1000, 1, lambda x: methods.smoothgrad(model, x, 50, generator=g),
                             threads)]


def t5(threads):
    model = frozen(tabular_model())
    s = time_median(lambda: methods.agop_top_k(methods.agop_matrix(model, TRAIN_ROWS)))
    return [duration("T5", "AGOP (20 x 20, all 3 logits) on 10,000 rows, then its top-K eigenpairs (95% energy)", s,
                     threads)]


def t6(threads):
    model = frozen(tabular_model())
    m = methods.agop_matrix(model, TRAIN_ROWS)
    return [attribution_rate("T6", "agop-ixg", 1000, 20, lambda x: methods.agop_ixg(model, x, m), threads)]


def background():
    return TRAIN_ROWS[torch.randperm(len(TRAIN_ROWS), generator=torch.Generator().manual_seed(7))[:100]]


def t7(threads):
    model = frozen(tabular_model(methods.RescaleReLU))
    bg = background()
    return [attribution_rate("T7", "deepshap", 1000, 1, lambda x: methods.deepshap(model, x, bg), threads)]


def t8(threads):
    model = frozen(tabular_model())
    bg = background()
    return [attribution_rate("T8", "kernelshap", 10, 1, lambda x: methods.kernelshap(model, x, bg, 2 * D + 2048),
                             threads)]


def t9(threads):
    model = frozen(tabular_model())
    mean, std = TRAIN_ROWS.mean(0), TRAIN_ROWS.std(0, unbiased=False)
    return [attribution_rate("T9", "lime", 100, 1, lambda x: methods.lime(model, x, mean, std, 5000), threads)]


ADULT_NUMERIC = {0, 2, 4, 10, 11, 12}  # age, fnlwgt, education-num, capital-gain, capital-loss, hours-per-week


def load_adult_training(data_dir):
    """adult.data as agop's data/adult.hpp encodes it: rows with "?" dropped, numeric columns
    standardised (population std), categorical one-hot over the sorted training categories.
    -> X (n, p) float32, y (n) int64."""
    rows = []
    with open(os.path.join(data_dir, "adult", "adult.data")) as f:
        for line in f:
            cells = [c.strip() for c in line.strip().split(",")]
            if len(cells) == 15 and "?" not in cells:
                rows.append(cells)
    columns = []
    for j in range(14):
        values = [r[j] for r in rows]
        if j in ADULT_NUMERIC:
            v = np.array(values, dtype=np.float64)
            columns.append(((v - v.mean()) / (v.std() or 1.0))[:, None])
        else:
            categories = sorted(set(values))
            index = {c: k for k, c in enumerate(categories)}
            onehot = np.zeros((len(values), len(categories)))
            onehot[np.arange(len(values)), [index[v] for v in values]] = 1.0
            columns.append(onehot)
    x = torch.from_numpy(np.hstack(columns).astype(np.float32))
    y = torch.tensor([1 if r[14].startswith(">50K") else 0 for r in rows])
    return x, y


def t10(threads, data_dir):
    if not data_dir or not os.path.exists(os.path.join(data_dir, "adult", "adult.data")):
        print("torch: T10 skipped, no adult/adult.data under --data-dir or $AGOP_DATA_DIR", file=sys.stderr)
        return []
    x, y = load_adult_training(data_dir)

    def epoch():
        torch.manual_seed(7)
        model = Mlp(x.shape[1], 2)
        adam = torch.optim.Adam(model.parameters(), lr=1e-3)
        model.train()
        for batch in torch.randperm(len(x)).split(256):
            logits = model(x[batch])
            loss = torch.nn.functional.cross_entropy(logits, y[batch])
            adam.zero_grad()
            loss.backward()
            adam.step()
            loss.item()  # the trainer records loss and accuracy per batch
            (logits.argmax(1) == y[batch]).float().mean().item()

    return [duration("T10", "one epoch of MLP %d-64-64-2 on Adult's %d complete training rows, Adam, batch 256"
                     % (x.shape[1], len(x)), time_median(epoch), threads)]


# ---- C1-C3: CNN8by8 on 1x8x8 ----------------------------------------------------------
torch.manual_seed(11)
IMAGES = torch.randn(10000, 1, 8, 8)
IMAGE_LABELS = torch.randint(0, 2, (10000,))
RECOMMENDED_EVERY_K = 5  # bench/cnn_workloads.cpp's kRecommendedEveryK


def cnn_model():
    torch.manual_seed(11)
    return Cnn8by8(2)


def c1(threads):
    model = cnn_model()
    adam = torch.optim.Adam(model.parameters(), lr=5e-4)
    x, y = IMAGES[:64], IMAGE_LABELS[:64]
    s = time_median(lambda: [training_step(model, adam, x, y) for _ in range(100)])
    return [rate("C1", "CNN8by8 training step, Adam, cross-entropy, batch 64", IMAGES_PER_S, 64 * 100, s, threads)]


def c2(threads):
    model = frozen(cnn_model())
    diagonal = methods.agop_diagonal_sum(model, IMAGES) / len(IMAGES)
    x = IMAGES[:1000]
    runs = [("vanilla-grad", 10, lambda: methods.vanilla_gradient(model, x)),
            ("integrated-gradients", 1, lambda: methods.integrated_gradients(model, x, 50)),
            ("smoothgrad", 1, lambda: methods.smoothgrad(model, x, 50)),
            ("gradcam", 10, lambda: methods.gradcam(model, model.cnn_layers[9], x)),
            ("agop-weighted", 10, lambda: methods.agop_weighted(model, x, diagonal))]
    out = []
    for name, calls, explain in runs:
        s = time_median(lambda: [explain() for _ in range(calls)])
        out.append(rate("C2-" + name, name + " on 1,000 CNN8by8 images, predicted class", IMAGES_PER_S, 1000 * calls,
                        s, threads))
    return out


def cnn_epoch(every_k):
    """One epoch, batch 512, Adam 5e-4, from a fresh seeded model; with every_k > 0 the
    diagonal-AGOP hook of nn/agop_hook.hpp at every k-th batch (eval-mode Jacobian, one
    backward sweep per class, after the update)."""
    model = cnn_model()
    adam = torch.optim.Adam(model.parameters(), lr=5e-4)
    total = torch.zeros(1, 8, 8)
    generator = torch.Generator().manual_seed(0)
    for b, batch in enumerate(torch.randperm(len(IMAGES), generator=generator).split(512)):
        model.train()
        x, y = IMAGES[batch], IMAGE_LABELS[batch]
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits, y)
        adam.zero_grad()
        loss.backward()
        adam.step()
        loss.item()
        (logits.argmax(1) == y).float().mean().item()
        if every_k > 0 and b % every_k == 0:
            model.eval()
            total += methods.agop_diagonal_sum(model, x)
    return total


def c3(threads):
    s = time_interleaved([lambda: cnn_epoch(0), lambda: cnn_epoch(1), lambda: cnn_epoch(RECOMMENDED_EVERY_K)])

    def overhead(id_, what, hooked):
        return dict(id=id_, description="diagonal-AGOP hook %s, one CNN8by8 epoch of 10,000 images, batch 512: extra "
                    "time over plain training (median_seconds: the hooked epoch)" % what, unit="overhead %",
                    value=100.0 * (hooked / s[0] - 1.0), median_seconds=hooked, threads=threads)

    return [duration("C3-plain", "one CNN8by8 epoch of 10,000 images, batch 512, Adam, no hook", s[0], threads),
            overhead("C3-every-batch", "at every batch", s[1]),
            overhead("C3-every-%d" % RECOMMENDED_EVERY_K, "at every %dth batch" % RECOMMENDED_EVERY_K, s[2])]


# ---- R1-R3: ResNet-18 on 3x64x64 ------------------------------------------------------
R_MACS = 148050944  # bench/resnet_flops.cpp at 3x64x64, 10 classes (checked by tests/cli/test_bench_resnet_flops.cpp)


def resnet_model():
    torch.manual_seed(13)
    return ResNet18(3, 10)


def resnet_images(n):
    return torch.randn(n, 3, 64, 64, generator=torch.Generator().manual_seed(13))


def r1(threads):
    model = resnet_model()
    sgd = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = resnet_images(32), torch.randint(0, 10, (32,))
    model.train()
    s = time_median(lambda: training_step(model, sgd, x, y))
    what = "ResNet-18 3x64x64 training step, SGD momentum 0.9, batch 32"
    return [rate("R1", what, IMAGES_PER_S, 32, s, threads),
            dict(id="R1-gflops", description=what + " (3 x forward conv+linear MACs x 2)", unit="GFLOP/s",
                 value=3 * 2 * R_MACS * 32 / s * 1e-9, median_seconds=s, threads=threads)]


def r2(threads):
    model = resnet_model().eval()
    x = resnet_images(64)

    def forward():
        with torch.no_grad():
            model(x)

    return [rate("R2", "ResNet-18 3x64x64 forward, eval mode, no tape, batch 64", IMAGES_PER_S, 64, time_median(forward),
                 threads)]


def r3(threads):
    model = frozen(resnet_model())
    x = resnet_images(16)
    rows = 48  # bench/resnet_workloads.cpp's kExplainRows (16 images: one pass either way)
    # IG: all 16 x 32 path points in one forward and one backward (PyTorch's fastest here; a
    # Captum user's internal_batch_size=None); agop keeps its pieces of 128 rows.
    runs = [("integrated-gradients", lambda: methods.integrated_gradients(model, x, 32, max_rows=len(x) * 32)),
            ("vanilla-grad", lambda: methods.vanilla_gradient(model, x, rows)),
            ("gradcam", lambda: methods.gradcam(model, model.layer4, x, rows))]
    return [rate("R3-" + name, name + " on 16 ResNet-18 3x64x64 images, predicted class", IMAGES_PER_S, 16,
                 time_median(explain), threads) for name, explain in runs]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--only", default="", help="comma-separated workload ids (P0,T1,...,R3)")
    parser.add_argument("--data-dir", default=os.environ.get("AGOP_DATA_DIR", ""), help="holds adult/adult.data")
    args = parser.parse_args()
    workloads = [("P0", p0), ("T1", t1), ("T2", t2), ("T3", t3), ("T4", t4), ("T5", t5), ("T6", t6), ("T7", t7), ("T8", t8),
                 ("T9", t9), ("T10", lambda n: t10(n, args.data_dir)), ("C1", c1), ("C2", c2), ("C3", c3),
                 ("R1", r1), ("R2", r2), ("R3", r3)]
    wanted = [w for w in args.only.split(",") if w]
    unknown = set(wanted) - {w for w, _ in workloads}
    if unknown:
        parser.error("--only: unknown workload(s) %s" % ", ".join(sorted(unknown)))
    report = dict(torch=torch.__version__, parallel_info=torch.__config__.parallel_info(),
                  openblas=openblas_description(), openblas_coretype=os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
                  mkldnn=torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled,
                  repetitions="median of 5 after 1 warm-up", measurements=[])
    for threads in args.threads:
        set_threads(threads)
        for id_, run in workloads:
            if wanted and id_ not in wanted:
                continue
            print("torch: %s at %d thread(s)..." % (id_, threads), file=sys.stderr)
            for m in run(threads):
                report["measurements"].append(m)
                print("%s\t%d thr\t%.6g %s\t%s" % (m["id"], threads, m["value"], m["unit"], m["description"]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print("torch: wrote " + args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
