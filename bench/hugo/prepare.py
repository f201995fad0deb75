#!/usr/bin/env python3
"""Turns a pv-bulletin data directory into Hugo content for the comparison benchmark.

Hugo 0.111 (Debian) cannot make pages from data files, so every station and county
gets a content file whose front matter carries the same fields pv-bulletin reads:
the station's facts and its quarterly history, and each county's station list.
This conversion is not part of the timed Hugo build (its time is reported apart).

Usage: prepare.py DATA_DIR SITE_DIR   (SITE_DIR gets content/; layouts are committed)
"""
import json
import os
import sys
from collections import defaultdict

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STATUS = {"planned": "规划", "tendering": "招投标", "under_construction": "在建",
          "built": "建成待并网", "grid_connected": "已并网"}
KIND = {"village": "村级", "joint_village": "联村", "centralized": "集中式", "household": "户用"}


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=Loader)


def main(data, site):
    counties = load(os.path.join(data, "counties.yaml"))
    stations = []
    for name in sorted(os.listdir(os.path.join(data, "stations"))):
        stations += load(os.path.join(data, "stations", name)) or []
    history = defaultdict(list)
    for name in sorted(os.listdir(os.path.join(data, "progress"))):
        p = load(os.path.join(data, "progress", name))
        for e in p["stations"]:
            history[e["station"]].append({
                "quarter": str(p["quarter"]), "status": STATUS.get(e.get("status", ""), ""),
                "generation_kwh": e.get("generation_kwh", 0), "revenue_yuan": e.get("revenue_yuan", 0),
                "distributed_yuan": e.get("distributed_yuan", ""), "public_jobs": e.get("public_jobs", ""),
                "downtime_days": e.get("downtime_days", ""),
            })
    by_county = defaultdict(list)
    for s in stations:
        by_county[s["county"]].append(s)
    os.makedirs(os.path.join(site, "content", "stations"), exist_ok=True)
    os.makedirs(os.path.join(site, "content", "counties"), exist_ok=True)
    names = {c["id"]: c["name"] for c in counties}
    for s in stations:
        front = {
            "title": s["name"], "county": names.get(s["county"], s["county"]), "county_id": s["county"],
            "town": s.get("town", ""), "village": s.get("village", ""), "kind": KIND[s["kind"]],
            "capacity_kw": s["capacity_kw"], "status": STATUS[s["status"]], "grid_date": str(s.get("grid_date", "—")),
            "investment_yuan": s.get("investment_yuan", ""), "villages_served": s.get("villages_served", 1),
            "households": s.get("beneficiary_households", 0), "people": s.get("beneficiary_people", 0),
            "history": list(reversed(history.get(s["id"], []))),
        }
        with open(os.path.join(site, "content", "stations", s["id"] + ".md"), "w", encoding="utf-8") as f:
            f.write(json.dumps(front, ensure_ascii=False) + "\n")
    for c in counties:
        groups = []
        for code in ["grid_connected", "built", "under_construction", "tendering", "planned"]:
            rows = [{"id": s["id"], "name": s["name"], "kind": KIND[s["kind"]], "town": s.get("town", ""),
                     "village": s.get("village", ""), "capacity_kw": s["capacity_kw"],
                     "grid_date": str(s.get("grid_date", "—"))}
                    for s in by_county[c["id"]] if s["status"] == code]
            if rows:
                groups.append({"label": STATUS[code], "stations": rows})
        with open(os.path.join(site, "content", "counties", c["id"] + ".md"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"title": c["name"], "groups": groups}, ensure_ascii=False) + "\n")
    print(f"hugo content: {len(stations)} stations, {len(counties)} counties")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
