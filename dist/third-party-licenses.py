#!/usr/bin/env python3
"""Writes the licence notices of every crate compiled into pv-bulletin for TARGET.

    dist/third-party-licenses.py TARGET > THIRD-PARTY-LICENSES.txt

The crates are the normal (not dev-, not build-) dependencies reachable from
pv-bulletin in `cargo metadata --filter-platform TARGET`. For each: name, version,
licence expression and repository, then the licence files the crate ships
(LICENSE*, LICENCE*, COPYING*, NOTICE*, UNLICENSE), identical texts printed once.
A crate that ships no licence file is listed with its expression and a pointer to
its repository; the script says how many on stderr.
"""
import hashlib
import json
import os
import re
import subprocess
import sys

target = sys.argv[1]
meta = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target],
        check=True,
        capture_output=True,
    ).stdout
)
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
root = meta["resolve"]["root"]

seen, stack = set(), [root]
while stack:
    pid = stack.pop()
    if pid in seen:
        continue
    seen.add(pid)
    for dep in nodes[pid]["deps"]:
        if any(k["kind"] is None for k in dep["dep_kinds"]):
            stack.append(dep["pkg"])
seen.discard(root)

LICENSE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|UNLICENSE)", re.I)
texts = {}  # sha -> (text, [crates])
crates = []
missing = 0
for pid in sorted(seen, key=lambda i: (packages[i]["name"], packages[i]["version"])):
    p = packages[pid]
    folder = os.path.dirname(p["manifest_path"])
    files = sorted(
        f for f in os.listdir(folder) if LICENSE_FILE.match(f) and os.path.isfile(os.path.join(folder, f))
    )
    shas = []
    for f in files:
        with open(os.path.join(folder, f), "rb") as fh:
            text = fh.read().decode("utf-8", "replace").replace("\r\n", "\n").strip()
        sha = hashlib.sha256(text.encode()).hexdigest()[:12]
        texts.setdefault(sha, (text, []))[1].append(f'{p["name"]} {p["version"]} ({f})')
        shas.append(sha)
    if not files:
        missing += 1
    crates.append((p, shas))

out = sys.stdout
out.write("pv-bulletin: third-party software\n")
out.write("=================================\n\n")
out.write(
    f"The pv-bulletin binary for {target} contains the following {len(crates)} Rust crates\n"
    "(from crates.io), each under the licence shown. Where a crate offers a choice of\n"
    "licences, it is used under any of them. The licence texts follow the list; the\n"
    "source of every crate is at https://crates.io/crates/<name>/<version>. It also\n"
    "contains the Rust standard library (https://github.com/rust-lang/rust), under\n"
    "MIT OR Apache-2.0, whose texts are among those below.\n\n"
)
for p, shas in crates:
    lic = p.get("license") or "see its licence file"
    repo = p.get("repository") or f'https://crates.io/crates/{p["name"]}'
    refs = ", ".join(f"[{s}]" for s in shas) if shas else "(no licence file in the crate; see its repository)"
    out.write(f'{p["name"]} {p["version"]}: {lic}; {repo} {refs}\n')
out.write("\n\nLicence texts\n=============\n")
for sha in sorted(texts, key=lambda s: texts[s][1][0]):
    text, users = texts[sha]
    out.write(f"\n[{sha}] used by: {', '.join(users)}\n")
    out.write("-" * 78 + "\n")
    out.write(text + "\n")
print(f"{len(crates)} crates, {len(texts)} distinct licence texts, {missing} crates without a licence file", file=sys.stderr)
