#!/usr/bin/python3
"""agop against PyTorch: reads `agop bench`'s bench.json files and pytorch_reference.py's JSON
files (several of each when the workloads were run one at a time, as run_comparison.sh
does) and writes a Markdown table of the speed ratio agop / PyTorch per workload and
thread count (> 1: agop faster).

    /usr/bin/python3 bench/compare.py --agop A.json [B.json ...] --torch A.json [...]
        [--agop-core-set C.json ...] [--out comparison.md]

--agop holds agop's runs as a user gets them (OPENBLAS_CORETYPE unset: agop's own choice);
--agop-core-set, when given, the same workloads with OPENBLAS_CORETYPE set to the best core
type, shown as a second ratio column. The last column is agop's own speed-up from 1 to 2
threads (the largest thread count over the smallest; > 1: the second thread helps).

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


def table(agop_report, torch_report, core_set_report=None):
    torch_by_key = {(m["id"], m["threads"]): m for m in torch_report["measurements"]}
    thread_counts = sorted({m["threads"] for m in agop_report["measurements"]})
    ids = []
    for m in agop_report["measurements"]:
        if m["id"] not in ids:
            ids.append(m["id"])
    core_set_by_key = {(m["id"], m["threads"]): m for m in core_set_report["measurements"]} if core_set_report else {}
    core = core_set_report.get("openblas_coretype", "set") if core_set_report else None
    columns = []
    for t in thread_counts:
        columns += ["agop %dT" % t, "torch %dT" % t, "ratio %dT" % t]
        if core_set_report:
            columns.append("ratio %dT, agop with %s" % (t, core))
    if len(thread_counts) > 1:
        columns.append("agop %dT/%dT" % (thread_counts[-1], thread_counts[0]))
    lines = ["| id | unit | " + " | ".join(columns) + " |", "|" + "---|" * (2 + len(columns))]
    agop_by_key = {(m["id"], m["threads"]): m for m in agop_report["measurements"]}
    missing = []
    for id_ in ids:
        unit = next(m["unit"] for m in agop_report["measurements"] if m["id"] == id_)
        cells = []
        for t in thread_counts:
            a, p, c = agop_by_key.get((id_, t)), torch_by_key.get((id_, t)), core_set_by_key.get((id_, t))
            if p is None and id_ not in missing:
                missing.append(id_)
            cells += [shown(a) if a else "—", shown(p) if p else "—",
                      "**%.2f**" % speed_ratio(a, p) if a and p else "—"]
            if core_set_report:
                cells.append("%.2f" % speed_ratio(c, p) if c and p else "—")
        if len(thread_counts) > 1:
            low, high = agop_by_key.get((id_, thread_counts[0])), agop_by_key.get((id_, thread_counts[-1]))
            cells.append("%.2f" % speed_ratio(high, low) if low and high and unit != "overhead %" else "—")
        lines.append("| %s | %s | %s |" % (id_, unit, " | ".join(cells)))
    notes = ["", "ratio = agop / PyTorch throughput (> 1: agop faster); median of 5 after 1 warm-up.",
             "agop: %s; OPENBLAS_CORETYPE=%s." % (agop_report.get("blas", "?"), agop_report.get("openblas_coretype"))]
    if core_set_report:
        notes.append("agop with the core set: %s." % core_set_report.get("blas", "?"))
    notes += [
             "PyTorch %s: %s; OPENBLAS_CORETYPE=%s; oneDNN (mkldnn) %s." % (
                 torch_report.get("torch"), torch_report.get("openblas"), torch_report.get("openblas_coretype"),
                 "on" if torch_report.get("mkldnn") else "off")]
    peaks = {}
    for m in agop_report["measurements"]:
        if m.get("workload_peak_rss_mib", -1) > 0:
            peaks[m["id"]] = max(peaks.get(m["id"], 0), m["workload_peak_rss_mib"])
    if peaks:
        notes.append("agop peak RSS per workload (MiB): %s." % ", ".join("%s %.0f" % kv for kv in peaks.items()))
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
    parser.add_argument("--agop-core-set", nargs="+",
                        help="bench.json files of `agop bench` with OPENBLAS_CORETYPE set to the best core type")
    parser.add_argument("--out", help="also write the table to this Markdown file")
    args = parser.parse_args()
    agop_report, torch_report = merged(args.agop), merged(args.torch)
    core_set_report = merged(args.agop_core_set) if args.agop_core_set else None
    text = table(agop_report, torch_report, core_set_report)
    print(text, end="")
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
