#!/usr/bin/env python3
"""The end of a CI log: per area, the tests run / failed / aborted, and the headline numbers.

Reads the Allure results of the run (target/allure-results/*-result.json: one per test, with its
JUnit tags as labels) and target/benchmarks/*.json.
Usage: summary.py [--markdown] [SECONDS_THE_RUN_TOOK]   (--markdown: a GitHub job summary table)
"""
import glob
import json
import os
import sys

# The first of these tags a result carries is its area: FaultInjectionIT is tagged faults and swarm.
AREAS = ["dns", "gateway", "storage", "scaling", "recovery", "contract", "faults", "k3s", "swarm"]


def area_of(result):
    tags = [l["value"] for l in result.get("labels", []) if l.get("name") == "tag"]
    for area in AREAS:
        if area in tags:
            return area
    return "benchmarks" if "BenchmarkIT" in result.get("fullName", "") else "unit"


def counts_and_failures():
    counts = {}
    failed = []
    for f in glob.glob("target/allure-results/*-result.json"):
        with open(f) as fh:
            r = json.load(fh)
        area = area_of(r)
        c = counts.setdefault(area, {"run": 0, "failed": 0, "aborted": 0})
        c["run"] += 1
        status = r.get("status")
        if status in ("failed", "broken"):
            c["failed"] += 1
            failed.append(area + ": " + r.get("fullName", r.get("name", "?")))
        elif status == "skipped":
            c["aborted"] += 1
    return counts, sorted(failed)


def bring_up_line():
    path = "target/benchmarks/bringup.json"
    if not os.path.exists(path):
        return None
    with open(path) as fh:
        b = json.load(fh).get("swarm.bring-up", {})
    p = b.get("phasesSeconds", {})
    return (f"bring-up ratio {b.get('ratio', 0):.2f} (target {b.get('target', '?')}): 3-node total "
            f"{p.get('total', 0):.1f} s, nodes {p.get('nodes', 0):.1f} s, healthy {p.get('healthy', 0):.1f} s")


def main():
    args = [a for a in sys.argv[1:] if a != "--markdown"]
    markdown = "--markdown" in sys.argv[1:]
    counts, failed = counts_and_failures()
    areas = [a for a in ["unit", "benchmarks"] + AREAS if a in counts]
    bring_up = bring_up_line()
    took = f"{int(args[0]) // 60} min {int(args[0]) % 60} s" if args else None
    if markdown:
        print("| area | run | failed | aborted |")
        print("|---|---:|---:|---:|")
        for area in areas:
            c = counts[area]
            print(f"| {area} | {c['run']} | {c['failed']} | {c['aborted']} |")
        print()
        for name in failed:
            print(f"- FAILED `{name}`")
        if bring_up:
            print(f"- {bring_up}")
        if took:
            print(f"- took {took}")
        return
    print("=" * 72)
    print("summary per area (tests run / failed / aborted)")
    for area in areas:
        c = counts[area]
        print(f"  {area:<11} {c['run']:>4} run  {c['failed']:>3} failed  {c['aborted']:>3} aborted")
    for name in failed:
        print("  FAILED " + name)
    if bring_up:
        print("  " + bring_up)
    if took:
        print(f"  .ci/run took {took}")
    print("=" * 72)


main()
