#!/usr/bin/env python3
"""Times how long an edit takes to reach the page `pv-bulletin serve` serves.

    serve_latency.py BIN DATA OUT

Starts `BIN serve` on DATA (a copy the script may edit), then makes four edits one
after another — an article, a station file, a progress file, a template — and for
each measures the wall time from the moment the file is written until a GET of the
page shows the change (polling every 5 ms), and until serve reports the downloads
and search index updated. Prints one line per edit: `name seconds_to_page seconds_to_all`.
"""
import os, re, shutil, socket, subprocess, sys, threading, time, urllib.request

bin_, data, out = sys.argv[1:4]
templates = os.path.join(os.path.dirname(os.path.abspath(data)), "templates")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


port = free_port()
proc = subprocess.Popen(
    [bin_, "serve", "--data", data, "--out", out, "--port", str(port)],
    stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
lines = []
ready = threading.Event()


def read():
    for line in proc.stderr:
        lines.append((time.monotonic(), line.rstrip("\n")))
        if "serving" in line:
            ready.set()


threading.Thread(target=read, daemon=True).start()
if not ready.wait(600):
    sys.exit("serve did not start")
base = f"http://127.0.0.1:{port}/"


def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return r.read().decode("utf-8", "replace")


def wait_for(path, marker, since):
    while True:
        try:
            if marker in get(path):
                return time.monotonic() - since
        except Exception:
            pass
        time.sleep(0.005)


def wait_quiet(since):
    """Until serve reported the rebuild and, if it said so, the catch-up."""
    while True:
        seen = [l for t, l in lines if t >= since]
        rebuilt = [l for l in seen if l.startswith("rebuilt") or l.startswith("build failed")]
        if rebuilt:
            if "follow" not in rebuilt[-1]:
                return time.monotonic() - since
            done = [t for t, l in lines if t >= since and l.startswith("updated the downloads")]
            if done:
                return done[-1] - since
        time.sleep(0.01)


def edit(path, change):
    text = open(path, encoding="utf-8").read()
    new = change(text)
    assert new != text, path
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def first_file(folder):
    return os.path.join(folder, sorted(os.listdir(folder))[0])


time.sleep(1)
results = []
issue = sorted(os.listdir(os.path.join(data, "bulletins")), key=int)[-1]
article = first_file(os.path.join(data, "bulletins", issue))
if article.endswith("bulletin.yaml"):
    article = sorted(f for f in os.listdir(os.path.join(data, "bulletins", issue)) if f.endswith(".md"))[0]
    article = os.path.join(data, "bulletins", issue, article)
t0 = time.monotonic()
edit(article, lambda t: t + "\n补充一句：本段为测速所加。\n")
results.append(("article", wait_for(f"issues/{issue}.html", "本段为测速所加", t0), wait_quiet(t0)))

stations = first_file(os.path.join(data, "stations"))
sid = re.search(r"^- id: (\S+)", open(stations, encoding="utf-8").read(), re.M).group(1)
t0 = time.monotonic()
edit(stations, lambda t: re.sub(r"(- id: " + re.escape(sid) + r"\n  name: )([^\n]+)", r"\1测速改名电站", t, count=1))
results.append(("station", wait_for(f"stations/{sid}.html", "测速改名电站", t0), wait_quiet(t0)))

progress = sorted(os.listdir(os.path.join(data, "progress")))[-1]
progress = os.path.join(data, "progress", progress)
text = open(progress, encoding="utf-8").read()
m = re.search(r"station: (\S+?),? .*?generation_kwh: (\d+)", text)
pid, kwh = m.group(1), int(m.group(2))
t0 = time.monotonic()
edit(progress, lambda t: t.replace(f"generation_kwh: {kwh}", f"generation_kwh: {kwh - 7}", 1))
shown = f"{kwh - 7:,}"
results.append(("progress", wait_for(f"stations/{pid}.html", shown, t0), wait_quiet(t0)))

os.makedirs(templates, exist_ok=True)
station_tpl = os.path.join(templates, "station.html")
if os.path.exists(station_tpl):
    results.append(("template", float("nan"), float("nan")))
else:
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "templates", "station.html")
    shutil.copy(src, station_tpl)
    time.sleep(1)
    proc.terminate(); proc.wait()
    # Template overrides are found when serve starts: start again with one, then edit it.
    lines.clear(); ready.clear()
    proc = subprocess.Popen(
        [bin_, "serve", "--data", data, "--out", out, "--port", str(port)],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
    threading.Thread(target=read, daemon=True).start()
    ready.wait(600)
    time.sleep(1)
    t0 = time.monotonic()
    edit(station_tpl, lambda t: t.replace("<h1>", "<h1 data-speed-test>", 1))
    results.append(("template", wait_for(f"stations/{sid}.html", "data-speed-test", t0), wait_quiet(t0)))
    os.remove(station_tpl)
proc.terminate()
proc.wait()
for name, page, everything in results:
    print(f"{name} {page:.3f} {everything:.3f}")
