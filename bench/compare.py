#!/usr/bin/python3
"""agop against PyTorch: reads `agop bench`'s bench.json files and pytorch_reference.py's JSON
files (several of each when the workloads were run one at a time, as run_comparison.sh
does) and writes a Markdown table of the speed ratio agop / PyTorch per workload and
thread count (> 1: agop faster).

    /usr/bin/python3 bench/compare.py --agop A.json [B.json ...] --torch A.json [...] [--out comparison.md]

The ratio is always throughput over throughput: value / value for rates (".../s"),
PyTorch's seconds / agop's seconds for durations, and for the hook overheads ("overhead %")
the hooked epochs' median seconds, PyTorch over agop (the two percentages are shown beside).
"""

import argparse
import json


def speed_ratio(agop, torch):
    if agop["unit"].endswith("/s"):
        return agop["value"] / torch["value"]
    return torch["median_seconds"] / agop["median_seconds"]


def shown(m):
    v = m["value"]
    return ("%.1f" % v if abs(v) < 1000 else "{:,.0f}".format(v)) if m["unit"] != "seconds" else "%.3g s" % v


def table(agop_report, torch_report):
    torch_by_key = {(m["id"], m["threads"]): m for m in torch_report["measurements"]}
    thread_counts = sorted({m["threads"] for m in agop_report["measurements"]})
    ids = []
    for m in agop_report["measurements"]:
        if m["id"] not in ids:
            ids.append(m["id"])
    header = "| id | unit | " + " | ".join("agop %dT | torch %dT | ratio %dT" % (t, t, t) for t in thread_counts) + " |"
    lines = [header, "|" + "---|" * (2 + 3 * len(thread_counts))]
    agop_by_key = {(m["id"], m["threads"]): m for m in agop_report["measurements"]}
    missing = []
    for id_ in ids:
        unit = next(m["unit"] for m in agop_report["measurements"] if m["id"] == id_)
        cells = []
        for t in thread_counts:
            a, p = agop_by_key.get((id_, t)), torch_by_key.get((id_, t))
            if a is None or p is None:
                cells += [shown(a) if a else "—", shown(p) if p else "—", "—"]
                if p is None and id_ not in missing:
                    missing.append(id_)
                continue
            cells += [shown(a), shown(p), "**%.2f**" % speed_ratio(a, p)]
        lines.append("| %s | %s | %s |" % (id_, unit, " | ".join(cells)))
    notes = ["", "ratio = agop / PyTorch throughput (> 1: agop faster); median of 5 after 1 warm-up.",
             "agop: %s; OPENBLAS_CORETYPE=%s." % (agop_report.get("blas", "?"), agop_report.get("openblas_coretype")),
             "PyTorch %s: %s; OPENBLAS_CORETYPE=%s; oneDNN (mkldnn) %s." % (
                 torch_report.get("torch"), torch_report.get("openblas"), torch_report.get("openblas_coretype"),
                 "on" if torch_report.get("mkldnn") else "off")]
    if missing:
        notes.append("No PyTorch counterpart: %s." % ", ".join(missing))
    return "\n".join(lines + notes) + "\n"


def merged(paths):
    """One report: the first file's header fields, every file's measurements."""
    report = None
    for path in paths:
        with open(path) as f:
            part = json.load(f)
        if report is None:
            report = part
        else:
            report["measurements"] += part["measurements"]
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agop", nargs="+", required=True, help="bench.json files of `agop bench`")
    parser.add_argument("--torch", nargs="+", required=True, help="JSON files of pytorch_reference.py")
    parser.add_argument("--out", help="also write the table to this Markdown file")
    args = parser.parse_args()
    agop_report, torch_report = merged(args.agop), merged(args.torch)
    text = table(agop_report, torch_report)
    print(text, end="")
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
