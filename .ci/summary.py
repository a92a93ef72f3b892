#!/usr/bin/env python3
"""The end of a CI log: per area, the tests run / failed / aborted, and the headline numbers.

Reads the Allure results of the run (target/allure-results/*-result.json: one per test, with its
JUnit tags as labels) and target/benchmarks/*.json. Usage: summary.py SECONDS_THE_RUN_TOOK
"""
import glob
import json
import os
import sys

AREAS = ["dns", "gateway", "storage", "scaling", "recovery", "contract", "k3s", "swarm"]


def area_of(result):
    tags = [l["value"] for l in result.get("labels", []) if l.get("name") == "tag"]
    for area in AREAS:
        if area in tags:
            return area
    return "benchmarks" if "BenchmarkIT" in result.get("fullName", "") else "unit"


def main():
    counts = {}
    failed_names = []
    for f in glob.glob("target/allure-results/*-result.json"):
        with open(f) as fh:
            r = json.load(fh)
        area = area_of(r)
        c = counts.setdefault(area, {"run": 0, "failed": 0, "aborted": 0})
        c["run"] += 1
        status = r.get("status")
        if status in ("failed", "broken"):
            c["failed"] += 1
            failed_names.append(area + ": " + r.get("fullName", r.get("name", "?")))
        elif status == "skipped":
            c["aborted"] += 1
    print("=" * 72)
    print("summary per area (tests run / failed / aborted)")
    for area in ["unit", "benchmarks"] + AREAS:
        if area in counts:
            c = counts[area]
            print(f"  {area:<11} {c['run']:>4} run  {c['failed']:>3} failed  {c['aborted']:>3} aborted")
    for name in sorted(failed_names):
        print("  FAILED " + name)
    bringup = "target/benchmarks/bringup.json"
    if os.path.exists(bringup):
        with open(bringup) as fh:
            b = json.load(fh)
        phases = b.get("phasesSeconds", {})
        print(f"  bring-up ratio {b.get('ratio', 0):.2f} (target {b.get('target', '?')}): 3-node total "
              f"{phases.get('total', 0):.1f} s, nodes {phases.get('nodes', 0):.1f} s, healthy {phases.get('healthy', 0):.1f} s")
    if len(sys.argv) > 1:
        s = int(sys.argv[1])
        print(f"  .ci/run took {s // 60} min {s % 60} s")
    print("=" * 72)


main()
