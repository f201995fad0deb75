#!/usr/bin/env python3
"""Turns a pv-bulletin data directory into Hugo content for the comparison benchmark.

Hugo 0.111 (Debian) cannot make pages from data files, so every page pv-bulletin
writes gets a content file whose front matter carries what that page shows:

  content/_index.md                 the index (Hugo lists the issues itself)
  content/archive.md                往期归档 (Hugo groups the issues by year)
  content/search.md                 the search page (Pagefind's UI)
  content/counties.md               the counties overview (counties.html)
  content/counties/<id>.md          one county: key figures, charts, 收益分配, 运维预警, stations
  content/stations/<id>.md          one station: facts, chart, 收益分配, quarterly history
  content/issues/<n>.md             one issue: the articles' Markdown as content; the
                                    本期数据 tables and each chart's data series in front matter
  content/notices-index.md          notices/index.html
  content/notices/<y>/by-county/<id>.md   one county's notices of a year
  content/notices/<y>/<id>.md       one station's 收益分配公示 for a year

Every figure is computed here, the way pv-bulletin computes it (exact decimals,
rounded once, half away from zero) and written as the text the page shows, so the
templates only lay strings out, as pv-bulletin's do; charts carry their series as
numbers for Chart.js to draw in the browser. This conversion is not part of the timed
Hugo build (its time is reported apart).

Not handled: photos in articles (`![…](images/…)`; neither gen-sample's data nor the
sample has any). Footnotes differ in place: Goldmark puts them at the end of the
issue's content, pv-bulletin at the end of their article (the sample's issue 22).

Usage: prepare.py DATA_DIR SITE_DIR   (SITE_DIR gets content/ and data/site.json)
"""
import datetime
import html
import json
import os
import re
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, getcontext

import yaml

getcontext().prec = 28
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
WAN, YI = Decimal(10_000), Decimal(100_000_000)

STATUSES = ["planned", "tendering", "under_construction", "built", "grid_connected"]
STATUS_ZH = {"planned": "规划", "tendering": "招投标", "under_construction": "在建",
             "built": "建成待并网", "grid_connected": "已并网"}
KINDS = ["village", "joint_village", "centralized", "household"]
KIND_ZH = {"village": "村级", "joint_village": "联村", "centralized": "集中式", "household": "户用"}
USES = ["public_jobs_yuan", "public_welfare_yuan", "rewards_yuan", "other_yuan"]
USE_ZH = ["公益岗位工资", "小型公益事业", "奖励补助", "其他"]
GC = STATUSES.index("grid_connected")
NOT_REPORTED, NOT_APPLICABLE = "…", "—"
ROUNDING_NOTE = "因四舍五入，分项之和与合计可能不等。"
UNDERPERFORMING = Decimal("0.8")
DOWNTIME_DAYS = 15
MAX_CATEGORIES, EACH_END = 30, 15
STATION_QUARTERS = 12
DEFAULT_QUARTERS = 8


# ---------------------------------------------------------------- numbers and words

def dec(v):
    if v is None:
        return None
    if isinstance(v, float):
        return Decimal(repr(v))
    return Decimal(v)


def rnd(v, places):
    r = Decimal(v).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(r) if r == 0 else r


def grouped(v, places=0):
    return format(rnd(v, places), f",.{places}f")


def magnitude_of(v):
    a = abs(v)
    if a >= YI:
        return YI, "亿"
    if a >= WAN:
        return WAN, "万"
    return ONE, ""


UNIT_WORD = {"kw": "千瓦", "kwh": "千瓦时", "yuan": "元", "stations": "座", "households": "户",
             "people": "人", "jobs": "个", "villages": "个", "hours": "小时", "yuan_per_kw": "元/千瓦",
             "percent": "%", "yuan_per_household": "元/户"}
SCALED = {"kw", "kwh", "yuan"}
PLACES = {"hours": 1, "yuan_per_kw": 1, "percent": 1}


def with_unit(v, unit):
    if unit in SCALED:
        d, m = magnitude_of(v)
        return (grouped(v, 0) if not m else grouped(v / d, 2)), m + UNIT_WORD[unit]
    if unit == "percent":
        return grouped(v * HUNDRED, 1), "%"
    return grouped(v, PLACES.get(unit, 0)), UNIT_WORD[unit]


def amount(v, unit):
    n, u = with_unit(v, unit)
    return n + u


def shown(v, unit):
    if unit in SCALED:
        d, m = magnitude_of(v)
        return rnd(v / d, 2 if m else 0) * d
    if unit == "percent":
        return rnd(v * HUNDRED, 1) / HUNDRED
    return rnd(v, PLACES.get(unit, 0))


def signed_percent(c):
    if c is None:
        return NOT_APPLICABLE
    t = grouped(c * HUNDRED, 1)
    return t + "%" if t.startswith("-") or t == "0.0" else "+" + t + "%"


def signed_points(c):
    return NOT_APPLICABLE if c is None else signed_percent(c).rstrip("%") + "个百分点"


def percent(r):
    return NOT_APPLICABLE if r is None else grouped(r * HUNDRED, 1) + "%"


def change(cur, prev):
    if prev is None or prev == 0:
        return None
    return (cur - prev) / prev


def legend(cells):
    rep = app = False
    for c in cells:
        rep |= NOT_REPORTED in c
        app |= NOT_APPLICABLE in c
    if rep and app:
        return "注：“…”表示未填报，“—”表示不适用或无可比数据。"
    if rep:
        return "注：“…”表示未填报。"
    if app:
        return "注：“—”表示不适用或无可比数据。"
    return ""


def sum_known(a, b):
    if a is None and b is None:
        return None
    return (a or ZERO) + (b or ZERO)


def date_zh(d):
    return f"{d.year}年{d.month}月{d.day}日"


class Q(tuple):
    """A quarter (year, q), ordered."""

    @staticmethod
    def parse(s):
        m = re.fullmatch(r"(\d{4})Q([1-4])", str(s))
        return Q((int(m.group(1)), int(m.group(2))))

    @property
    def year(self):
        return self[0]

    @property
    def q(self):
        return self[1]

    def previous(self):
        return Q((self[0], self[1] - 1)) if self[1] > 1 else Q((self[0] - 1, 4))

    def year_before(self):
        return Q((self[0] - 1, self[1]))

    def first_day(self):
        return datetime.date(self[0], self[1] * 3 - 2, 1)

    def last_day(self):
        if self[1] == 4:
            return datetime.date(self[0], 12, 31)
        return datetime.date(self[0], self[1] * 3 + 1, 1) - datetime.timedelta(days=1)

    def label_zh(self):
        return f"{self[0]}年第{self[1]}季度"

    def short(self):
        return f"{self[0] % 100:02d}Q{self[1]}"


# ---------------------------------------------------------------- data

def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=Loader)


def yaml_files(folder):
    out = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith(("~$", ".~lock")):
                out.append(os.path.join(root, name))
    return sorted(out)


class Station:
    __slots__ = ("id", "name", "county", "town", "village", "kind", "capacity", "status", "grid_date",
                 "investment", "villages_served", "households", "people", "monitored", "land_use",
                 "om_provider", "history", "county_index")

    def __init__(self, s):
        self.id, self.name, self.county = s["id"], s["name"], s["county"]
        self.town, self.village = s.get("town"), s.get("village")
        self.kind, self.status = s["kind"], s["status"]
        self.capacity = dec(s["capacity_kw"])
        g = s.get("grid_date")
        self.grid_date = g if isinstance(g, datetime.date) or g is None else datetime.date.fromisoformat(str(g))
        self.investment = dec(s.get("investment_yuan"))
        self.villages_served = s.get("villages_served", 1)
        self.households, self.people = s.get("beneficiary_households"), s.get("beneficiary_people")
        self.monitored = s.get("monitored_households")
        self.land_use, self.om_provider = s.get("land_use"), s.get("om_provider")
        self.history = {}


class Entry:
    __slots__ = ("status", "generation", "revenue", "distributed_yuan", "public_jobs", "downtime",
                 "tariff", "subsidy", "arrears", "om_cost", "land_rent", "distribution", "households_paid")

    def __init__(self, e):
        self.status = e.get("status")
        self.generation = dec(e.get("generation_kwh", 0))
        self.revenue = dec(e.get("revenue_yuan", 0))
        self.distributed_yuan = dec(e.get("distributed_yuan"))
        self.public_jobs, self.downtime = e.get("public_jobs"), e.get("downtime_days")
        self.tariff, self.subsidy = dec(e.get("tariff_yuan")), dec(e.get("subsidy_yuan"))
        self.arrears = dec(e.get("subsidy_arrears_yuan"))
        self.om_cost, self.land_rent = dec(e.get("om_cost_yuan")), dec(e.get("land_rent_yuan"))
        d = e.get("distribution")
        self.distribution = None if d is None else [dec(d.get(u, 0)) for u in USES]
        self.households_paid = e.get("households_paid")

    def distributed(self):
        if self.distributed_yuan is not None:
            return self.distributed_yuan
        return None if self.distribution is None else sum(self.distribution, ZERO)

    def has_money_trail(self):
        return (self.tariff is not None or self.subsidy is not None or self.arrears is not None
                or self.om_cost is not None or self.land_rent is not None
                or self.distribution is not None or self.households_paid is not None)

    def has_money(self):
        d = self.distributed()
        return self.revenue > 0 or (d is not None and d > 0)


TERMS = {"2017": ("光伏扶贫", "贫困户", "贫困人口", "监测对象"), "2021": ("光伏帮扶", "脱贫户", "脱贫人口", "监测对象")}


class Site:
    def __init__(self, s):
        self.title, self.issuer, self.region = s["title"], s["issuer"], s["region"]
        self.motto, self.sample = s.get("motto"), bool(s.get("sample", False))
        self.subdivision = s.get("subdivision", "县（区）")
        self.subdivision_word = re.sub("[（）()]", "", self.subdivision)
        notice = s.get("notice") or {}
        self.phone, self.days = notice.get("phone"), notice.get("days", 7)
        self.issue_rows = s.get("issue_rows", 20)
        terms = s.get("terms", "2017")
        over = {}
        if isinstance(terms, dict):
            over, terms = terms, terms.get("preset", "2017")
        words = TERMS[str(terms)]
        self.programme = over.get("programme", words[0])
        self.bh = over.get("beneficiary_households", words[1])
        self.bp = over.get("beneficiary_people", words[2])
        self.monitored = over.get("monitored", words[3])
        self.households_label, self.people_label = "受益" + self.bh, "受益" + self.bp


class Article:
    def __init__(self, path):
        text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
        m = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
        meta = yaml.load(m.group(1), Loader=Loader)
        self.column, self.title = meta["column"], meta["title"]
        self.author, self.order = meta.get("author"), meta.get("order")
        self.body = m.group(2)
        self.stem = os.path.splitext(os.path.basename(path))[0]


class Bulletin:
    def __init__(self, folder):
        meta = load(os.path.join(folder, "bulletin.yaml"))
        self.number, self.quarter = meta["number"], Q.parse(meta["quarter"])
        d = meta["date"]
        self.date = d if isinstance(d, datetime.date) else datetime.date.fromisoformat(str(d))
        self.title = meta.get("title")
        self.data_section = meta.get("data_section", True)
        self.columns = meta.get("columns", [])
        self.main_to, self.copy_to, self.copies = meta.get("main_to", []), meta.get("copy_to", []), meta.get("copies")
        self.articles = [Article(os.path.join(folder, n)) for n in sorted(os.listdir(folder)) if n.endswith(".md")]

    def grouped_articles(self):
        """(1-based column index, name, articles) in the page's order; empty columns left out."""
        out = []
        big = 1 << 62
        for i, name in enumerate(self.columns):
            arts = sorted((a for a in self.articles if a.column == name),
                          key=lambda a: (big if a.order is None else a.order, a.stem))
            if arts:
                out.append((i + 1, name, arts))
        return out


# ---------------------------------------------------------------- figures

class Totals:
    __slots__ = ("stations", "capacity", "cap_kind", "st_status", "cap_status", "generation", "revenue",
                 "distributed", "jobs", "hh", "people", "villages", "conn_kind", "r_entries", "r_dist",
                 "r_rev_dist", "r_jobs", "r_hh", "r_people", "full_kw", "full_gen", "cum_gen", "cum_rev",
                 "cum_dist", "m_entries", "tariff", "subsidy", "arrears", "om", "rent", "by_use",
                 "hh_paid", "paid_to_hh", "ytd_rev", "ytd_dist")

    def __init__(self):
        self.stations = 0
        self.capacity = ZERO
        self.cap_kind, self.st_status = [ZERO] * 4, [0] * 5
        self.cap_status, self.conn_kind = [ZERO] * 5, [0] * 4
        self.generation = self.revenue = self.distributed = ZERO
        self.jobs = self.hh = self.people = self.villages = 0
        self.r_entries = self.r_dist = self.r_jobs = self.r_hh = self.r_people = 0
        self.r_rev_dist = self.full_kw = self.full_gen = ZERO
        self.cum_gen = self.cum_rev = self.cum_dist = self.ytd_rev = self.ytd_dist = ZERO
        self.m_entries = 0
        self.tariff = self.subsidy = self.arrears = self.om = self.rent = None
        self.by_use = None
        self.hh_paid = None
        self.paid_to_hh = ZERO

    def add(self, s, status, full, e):
        self.stations += 1
        self.capacity += s.capacity
        k = KINDS.index(s.kind)
        self.cap_kind[k] += s.capacity
        self.st_status[status] += 1
        self.cap_status[status] += s.capacity
        if status == GC:
            self.villages += s.villages_served
            self.conn_kind[k] += 1
            if s.households is not None:
                self.hh += s.households
                self.r_hh += 1
            if s.people is not None:
                self.people += s.people
                self.r_people += 1
        if full:
            self.full_kw += s.capacity
        if e is not None:
            self.generation += e.generation
            self.revenue += e.revenue
            self.r_entries += 1
            if e.has_money_trail():
                self.m_entries += 1
                self.tariff = sum_known(self.tariff, e.tariff)
                self.subsidy = sum_known(self.subsidy, e.subsidy)
                self.arrears = sum_known(self.arrears, e.arrears)
                self.om = sum_known(self.om, e.om_cost)
                self.rent = sum_known(self.rent, e.land_rent)
                if e.distribution is not None:
                    self.by_use = [a + b for a, b in zip(self.by_use or [ZERO] * 4, e.distribution)]
                if e.households_paid is not None:
                    self.hh_paid = (self.hh_paid or 0) + e.households_paid
                    self.paid_to_hh += e.distributed() or ZERO
            d = e.distributed()
            if d is not None:
                self.distributed += d
                self.r_dist += 1
                self.r_rev_dist += e.revenue
            if e.public_jobs is not None:
                self.jobs += e.public_jobs
                self.r_jobs += 1
            if full:
                self.full_gen += e.generation

    def accumulate(self, prev_q, prev, q):
        if prev is not None:
            self.cum_gen, self.cum_rev, self.cum_dist = prev.cum_gen, prev.cum_rev, prev.cum_dist
            if prev_q.year == q.year:
                self.ytd_rev, self.ytd_dist = prev.ytd_rev, prev.ytd_dist
        self.cum_gen += self.generation
        self.cum_rev += self.revenue
        self.cum_dist += self.distributed
        self.ytd_rev += self.revenue
        self.ytd_dist += self.distributed

    # derived
    def households(self):
        return Decimal(self.hh) if self.r_hh else None

    def people_(self):
        return Decimal(self.people) if self.r_people else None

    def jobs_(self):
        return Decimal(self.jobs) if self.r_jobs else None

    def distributed_(self):
        return self.distributed if self.r_dist else None

    def gc_stations(self):
        return self.st_status[GC]

    def gc_kw(self):
        return self.cap_status[GC]

    def hours(self):
        return self.full_gen / self.full_kw if self.full_kw > 0 else None

    def revenue_per_kw(self):
        kw = self.gc_kw()
        return self.revenue / kw if kw > 0 else None

    def rate(self):
        return self.distributed / self.r_rev_dist if self.r_rev_dist > 0 else None

    def net(self):
        if self.om is None and self.rent is None:
            return None
        return self.revenue - ((self.om or ZERO) + (self.rent or ZERO))

    def per_household(self):
        return self.paid_to_hh / Decimal(self.hh_paid) if self.hh_paid else None

    def use_shares(self):
        if self.by_use is None:
            return None
        t = sum(self.by_use, ZERO)
        return [p / t for p in self.by_use] if t > 0 else None


def status_at(s, e, q, carried):
    if e is not None and e.status is not None:
        return STATUSES.index(e.status)
    if s.grid_date is not None and s.grid_date <= q.last_day():
        return GC
    if carried is not None:
        return carried
    if s.status == "grid_connected":
        return STATUSES.index("under_construction")
    return STATUSES.index(s.status)


def whole_quarter(s, q):
    return s.grid_date is not None and s.grid_date <= q.first_day()


class Data:
    def __init__(self, folder):
        self.site = Site(load(os.path.join(folder, "site.yaml")))
        self.counties = load(os.path.join(folder, "counties.yaml")) or []
        for c in self.counties:
            c["targets"] = {int(y): t for y, t in (c.get("targets") or {}).items()}
        self.county_index = {c["id"]: i for i, c in enumerate(self.counties)}
        self.county_name = {c["id"]: c["name"] for c in self.counties}
        self.stations = []
        for path in yaml_files(os.path.join(folder, "stations")):
            self.stations += [Station(s) for s in load(path) or []]
        by_id = {s.id: s for s in self.stations}
        for s in self.stations:
            s.county_index = self.county_index.get(s.county, len(self.counties))
        quarters = set()
        for path in yaml_files(os.path.join(folder, "progress")):
            p = load(path)
            q = Q.parse(p["quarter"])
            quarters.add(q)
            for e in p.get("stations") or []:
                s = by_id.get(e["station"])
                if s is not None:
                    s.history[q] = Entry(e)
        self.quarters = sorted(quarters)
        bdir = os.path.join(folder, "bulletins")
        self.bulletins = [Bulletin(os.path.join(bdir, n)) for n in sorted(os.listdir(bdir))
                          if os.path.isfile(os.path.join(bdir, n, "bulletin.yaml"))] if os.path.isdir(bdir) else []
        self.compute()

    def compute(self):
        qs = self.quarters
        self.region = {}
        self.by_county = {c["id"]: {} for c in self.counties}
        n = len(self.counties)
        prev_q = None
        per_q = {q: (Totals(), [Totals() for _ in range(n + 1)]) for q in qs}
        self.status_of = {}
        for s in self.stations:
            carried = None
            statuses = []
            for q in qs:
                e = s.history.get(q)
                st = status_at(s, e, q, carried)
                statuses.append(st)
                if e is not None and e.status is not None:
                    carried = STATUSES.index(e.status)
                full = whole_quarter(s, q)
                region, counties = per_q[q]
                region.add(s, st, full, e)
                counties[s.county_index].add(s, st, full, e)
            self.status_of[s.id] = statuses
        for q in qs:
            region, counties = per_q[q]
            region.accumulate(prev_q, self.region.get(prev_q), q)
            self.region[q] = region
            for i, c in enumerate(self.counties):
                t = counties[i]
                series = self.by_county[c["id"]]
                t.accumulate(prev_q, series.get(prev_q), q)
                series[q] = t
            prev_q = q
        self._alerts = {}

    def window(self, q, n):
        upto = [x for x in self.quarters if x <= q]
        return upto[max(0, len(upto) - n):]

    def alerts(self, q):
        """运维预警 at q, in county order, lowest hours first, then id (as pv-bulletin)."""
        if q in self._alerts:
            return self._alerts[q]
        avg = {c["id"]: (self.by_county[c["id"]].get(q).hours() if q in self.by_county[c["id"]] else None)
               for c in self.counties}
        out = []
        for s in self.stations:
            if not whole_quarter(s, q):
                continue
            e = s.history.get(q)
            hours = e.generation / s.capacity if e is not None else None
            a = avg.get(s.county)
            down = e.downtime if e is not None else None
            low = hours is not None and a is not None and hours < a * UNDERPERFORMING
            long = down is not None and down > DOWNTIME_DAYS
            if low or long:
                out.append({"s": s, "hours": hours, "avg": a, "down": down, "low": low, "long": long})
        out.sort(key=lambda x: (x["s"].county_index, x["hours"] if x["hours"] is not None else ZERO, x["s"].id))
        self._alerts[q] = out
        return out


def station_series(s, quarters):
    series, prev_q = {}, None
    carried = None
    for q in quarters:
        t = Totals()
        e = s.history.get(q)
        st = status_at(s, e, q, carried)
        if e is not None and e.status is not None:
            carried = STATUSES.index(e.status)
        t.add(s, st, whole_quarter(s, q), e)
        t.accumulate(prev_q, series.get(prev_q), q)
        series[q] = t
        prev_q = q
    return series


# ---------------------------------------------------------------- tables

def kpis(d, q):
    now = d.region[q]
    prev, ly = d.region.get(q.previous()), d.region.get(q.year_before())
    figures = [
        ("建设规模（总装机容量）", "kw", lambda t: t.capacity, None),
        ("已并网容量", "kw", lambda t: t.gc_kw(), None),
        ("已并网电站", "stations", lambda t: Decimal(t.gc_stations()), None),
        ("惠及村数", "villages", lambda t: Decimal(t.villages), None),
        ("本季发电量", "kwh", lambda t: t.generation, None),
        ("本季光伏收益", "yuan", lambda t: t.revenue, None),
        ("本季收益分配", "yuan", Totals.distributed_, lambda t: (t.r_dist, t.r_entries)),
        ("累计光伏收益", "yuan", lambda t: t.cum_rev, None),
        ("等效利用小时数", "hours", Totals.hours, None),
        ("每千瓦收益", "yuan_per_kw", Totals.revenue_per_kw, None),
        (d.site.households_label, "households", Totals.households, lambda t: (t.r_hh, t.gc_stations())),
        (d.site.people_label, "people", Totals.people_, lambda t: (t.r_people, t.gc_stations())),
        ("公益岗位", "jobs", Totals.jobs_, lambda t: (t.r_jobs, t.r_entries)),
    ]
    rows = []
    for label, unit, f, cov in figures:
        v = f(now)
        against = (lambda t: None if v is None or t is None else change(v, f(t)))
        if v is None:
            value, u = NOT_REPORTED, UNIT_WORD[unit]
        else:
            value, u = with_unit(v, unit)
        coverage = ""
        if cov is not None:
            r, of = cov(now)
            if r < of and r > 0:
                coverage = f"（{r}座电站填报）"
        rows.append({"label": label, "coverage": coverage, "value": value, "unit": u,
                     "qoq": signed_percent(against(prev)), "yoy": signed_percent(against(ly))})
    return rows


def rank_counties(d, q):
    rows = []
    for c in d.counties:
        t = d.by_county[c["id"]].get(q)
        target = c["targets"].get(q.year)
        tkw = dec(target.get("capacity_kw")) if target else None
        if tkw is not None and tkw <= 0:
            tkw = None
        gkw = t.gc_kw() if t else ZERO
        rows.append({"id": c["id"], "name": c["name"], "gkw": gkw, "tkw": tkw,
                     "completion": gkw / tkw if tkw is not None else None,
                     "stations": t.gc_stations() if t else 0,
                     "tstations": target.get("grid_connected_stations") if target else None,
                     "hh": t.households() if t else None,
                     "thh": target.get("beneficiary_households") if target else None,
                     "gen": t.generation if t else ZERO, "rev": t.revenue if t else ZERO,
                     "hours": t.hours() if t else None})
    # completion desc (None last), grid kW desc, id asc
    rows.sort(key=lambda r: r["id"])
    rows.sort(key=lambda r: r["gkw"], reverse=True)
    rows.sort(key=lambda r: (r["completion"] is not None, r["completion"] or ZERO), reverse=True)
    for i, r in enumerate(rows):
        r["rank"] = i + 1
    return rows


def rank_row(r):
    def of_target(done, target):
        done = NOT_REPORTED if done is None else grouped(done)
        return f"{done}/{grouped(target)}" if target is not None else done
    return {"rank": r["rank"], "name": r["name"], "grid_kw": grouped(r["gkw"]),
            "target_kw": NOT_APPLICABLE if r["tkw"] is None else grouped(r["tkw"]),
            "completion": percent(r["completion"]), "stations": of_target(Decimal(r["stations"]), r["tstations"]),
            "households": of_target(r["hh"], r["thh"]), "generation": grouped(r["gen"] / WAN, 2),
            "hours": NOT_APPLICABLE if r["hours"] is None else grouped(r["hours"], 1),
            "revenue": grouped(r["rev"] / WAN, 2)}


MONEY_SPECS = [
    # label, part, unit, value, group
    ("本季光伏收益", False, "yuan", lambda t: t.revenue, None),
    ("电费收入", True, "yuan", lambda t: t.tariff, "income"),
    ("国家补贴", True, "yuan", lambda t: t.subsidy, "income"),
    ("运维费用", False, "yuan", lambda t: t.om, None),
    ("土地租金", False, "yuan", lambda t: t.rent, None),
    ("净收益（扣除运维费用、土地租金）", False, "yuan", Totals.net, None),
    ("收益分配合计", False, "yuan", lambda t: t.distributed, None),
    ("分配率", False, "percent", Totals.rate, None),
] + [(USE_ZH[i], True, "yuan", (lambda i: lambda t: None if t.by_use is None else t.by_use[i])(i), "uses")
     for i in range(4)] + [
    ("收益到户户数", False, "households", lambda t: None if t.hh_paid is None else Decimal(t.hh_paid), None),
    ("户均收益", False, "yuan_per_household", Totals.per_household, None),
    ("补贴拖欠（季末）", False, "yuan", lambda t: t.arrears, None),
    ("本年累计光伏收益", False, "yuan", lambda t: t.ytd_rev, None),
    ("本年累计收益分配", False, "yuan", lambda t: t.ytd_dist, None),
]
WHOLE = {"income": (lambda t: t.revenue, "本季光伏收益"),
         "uses": (lambda t: None if t.by_use is None else sum(t.by_use, ZERO), "收益分配合计")}


def money_table(series, q):
    """The 收益分配 rows at q and the note under them; ([], "") without money-trail data."""
    now = series.get(q)
    if now is None or now.m_entries == 0:
        return [], ""
    prev, ly = series.get(q.previous()), series.get(q.year_before())

    def compare(unit, v, base):
        if unit == "percent":
            return None if v is None or base is None else v - base
        return None if v is None else change(v, base)
    rows, raw = [], []
    for label, part, unit, f, group in MONEY_SPECS:
        v = f(now)
        share = None
        if group is not None:
            w = WHOLE[group][0](now)
            if w is not None and w > 0 and v is not None:
                share = v / w
        qoq = compare(unit, v, f(prev) if prev else None)
        yoy = compare(unit, v, f(ly) if ly else None)
        raw.append((label, unit, v, share, group))
        value, u = (NOT_REPORTED, UNIT_WORD[unit]) if v is None else with_unit(v, unit)
        ch = signed_points if unit == "percent" else signed_percent
        rows.append({"label": label, "part": part, "value": value, "unit": u,
                     "share": "" if share is None else percent(share), "qoq": ch(qoq), "yoy": ch(yoy)})
    note = legend(c for r in rows for c in (r["value"], r["qoq"], r["yoy"]))
    if not all(group_adds_up(raw, now, g) for g in ("income", "uses")):
        note += ROUNDING_NOTE
    return rows, note


def group_adds_up(raw, now, group):
    members = [r for r in raw if r[4] == group]
    whole_f, whole_label = WHOLE[group]
    whole = whole_f(now)
    if whole is None:
        return True
    parts = [r[2] for r in members]
    if any(p is None for p in parts):
        return True
    if sum(parts, ZERO) != whole or whole <= 0:
        return True
    shares = [shown(r[3], "percent") for r in members if r[3] is not None]
    amounts = [shown(r[2], r[1]) for r in members]
    whole_row = next((r for r in raw if r[0] == whole_label and r[2] == whole), None)
    return (sum(shares, ZERO) == shown(ONE, "percent")
            and (whole_row is None or sum(amounts, ZERO) == shown(whole, whole_row[1])))


def alert_rows(d, alerts, root):
    sub = d.site.subdivision
    rows = []
    for a in alerts:
        reasons = []
        if a["long"]:
            reasons.append(f"停运超过{DOWNTIME_DAYS}天")
        if a["low"]:
            reasons.append(f"利用小时数低于{sub}平均的{percent(UNDERPERFORMING)}")
        s = a["s"]
        rows.append({"name": s.name, "href": f"{root}stations/{s.id}.html",
                     "county": d.county_name.get(s.county, s.county),
                     "hours": NOT_REPORTED if a["hours"] is None else grouped(a["hours"], 1),
                     "average": NOT_APPLICABLE if a["avg"] is None else grouped(a["avg"], 1),
                     "downtime": NOT_REPORTED if a["down"] is None else str(a["down"]),
                     "reason": "；".join(reasons)})
    return rows


def alerts_note(rows):
    return legend(c for r in rows for c in (r["hours"], r["average"], r["downtime"]))


def worst_first(alerts):
    big = Decimal("1e30")

    def share(a):
        if a["hours"] is None:
            return -big
        if a["avg"] is not None and a["avg"] > 0:
            return a["hours"] / a["avg"]
        return big
    out = sorted(alerts, key=lambda a: a["s"].id)
    out.sort(key=lambda a: (a["down"] is not None, a["down"] or 0), reverse=True)
    out.sort(key=share)
    return out


# ---------------------------------------------------------------- charts

def county_rows(d, spec, q):
    rows = []
    for c in d.counties:
        if spec.get("county") is not None and c["id"] != spec["county"]:
            continue
        rows.append((c["name"], d.by_county[c["id"]].get(q) or Totals()))
    return rows


def scope_name(d, spec):
    return d.county_name.get(spec["county"], d.site.region) if spec.get("county") else d.site.region


def series_of(d, spec):
    return d.by_county.get(spec["county"]) if spec.get("county") else d.region


def trend(d, spec, q):
    s = series_of(d, spec) or {}
    return [(w, s[w]) for w in d.window(q, spec.get("quarters") or DEFAULT_QUARTERS) if w in s]


def largest(names, values):
    best = None
    for n, v in zip(names, values):
        if best is None or not best[1] >= v:
            best = (n, v)
    return best


def chart(title, header, categories, series, layout, summary, reference=None, flagged=None):
    return {"title": title, "header": header, "categories": categories, "series": series,
            "layout": layout, "summary": summary, "reference": reference, "flagged": flagged}


def ser(name, unit, values, decimals):
    return {"name": name, "unit": unit, "values": values, "decimals": decimals}


def capacity_by_county(d, spec, q):
    p = d.site.programme
    rows = county_rows(d, spec, q)
    names = [n for n, _ in rows]
    series = [ser(KIND_ZH[k], "兆瓦", [t.cap_kind[i] / 1000 for _, t in rows], 2) for i, k in enumerate(KINDS)]
    series = [s for s in series if any(v > 0 for v in s["values"])]
    totals = [t.capacity / 1000 for _, t in rows]
    total = sum(totals, ZERO)
    big = largest(names, totals)
    end = date_zh(q.last_day())
    if big and total > 0 and len(names) > 1:
        summary = (f"截至{end}，{scope_name(d, spec)}{p}电站建设规模合计{grouped(total, 2)}兆瓦，其中{big[0]}最大，"
                   f"为{grouped(big[1], 2)}兆瓦，占{percent(big[1] / total)}。")
    else:
        summary = f"截至{end}，{scope_name(d, spec)}{p}电站建设规模合计{grouped(total, 2)}兆瓦。"
    return chart(f"各{d.site.subdivision}{p}电站建设规模（按电站类型，{q.label_zh()}）", d.site.subdivision,
                 names, series, "stacked", summary)


def status_pipeline(d, spec, q):
    p = d.site.programme
    rows = county_rows(d, spec, q)
    names = [n for n, _ in rows]
    series = [ser(STATUS_ZH[st], "座", [Decimal(t.st_status[i]) for _, t in rows], 0) for i, st in enumerate(STATUSES)]
    total = sum((Decimal(t.stations) for _, t in rows), ZERO)
    conn = sum((Decimal(t.gc_stations()) for _, t in rows), ZERO)
    waiting = [Decimal(t.stations - t.gc_stations()) for _, t in rows]
    summary = (f"截至{date_zh(q.last_day())}，{scope_name(d, spec)}共有{p}电站{grouped(total)}座，已并网{grouped(conn)}座，"
               f"占{percent(conn / total if total > 0 else None)}")
    big = largest(names, waiting)
    if big and big[1] > 0 and len(names) > 1:
        summary += f"；{big[0]}尚未并网的电站最多，为{grouped(big[1])}座。"
    else:
        summary += "。"
    return chart(f"各{d.site.subdivision}{p}电站建设进度（{q.label_zh()}末）", d.site.subdivision, names, series,
                 "stacked", summary)


def target_completion(d, spec, q):
    ranking = [r for r in rank_counties(d, q)
               if (spec.get("county") is None or r["id"] == spec["county"]) and r["completion"] is not None]
    rates = [r["completion"] * HUNDRED for r in ranking]
    done = sum(1 for r in rates if r >= HUNDRED)
    y, end, sub = q.year, date_zh(q.last_day()), d.site.subdivision
    if len(ranking) > 1:
        top, bottom = ranking[0], ranking[-1]
        tail = f"{done}个{sub}已完成年度目标" if done else f"尚无{sub}完成年度目标"
        summary = (f"截至{end}，{y}年度并网容量目标完成率最高的是{top['name']}（{percent(top['completion'])}），"
                   f"最低的是{bottom['name']}（{percent(bottom['completion'])}）；{tail}。")
    elif ranking:
        summary = f"截至{end}，{ranking[0]['name']}{y}年度并网容量目标完成率为{percent(ranking[0]['completion'])}。"
    else:
        summary = f"{y}年度未设定容量目标，暂无完成率数据。"
    return chart(f"各{sub}{y}年度并网容量目标完成率（截至{q.label_zh()}末）", sub, [r["name"] for r in ranking],
                 [ser("完成率", "%", rates, 1)], "ranked", summary, reference=(HUNDRED, "目标100%"),
                 flagged=[r["completion"] < 1 for r in ranking])


def generation_trend(d, spec, q):
    p = d.site.programme
    points = trend(d, spec, q)
    scope = scope_name(d, spec)
    if points:
        lq, t = points[-1]
        alls = series_of(d, spec) or {}

        def gen_at(x):
            return alls[x].generation if x in alls else None
        summary = (f"{lq.label_zh()}{scope}{p}电站发电{grouped(t.generation / WAN, 2)}万千瓦时，"
                   f"环比{signed_percent(change(t.generation, gen_at(lq.previous())))}，"
                   f"同比{signed_percent(change(t.generation, gen_at(lq.year_before())))}；"
                   f"实现光伏收益{grouped(t.revenue / WAN, 2)}万元。")
    else:
        summary = f"{scope}暂无发电数据。"
    return chart(f"{scope}{p}电站季度发电量与收益", "季度", [w.short() for w, _ in points],
                 [ser("发电量", "万千瓦时", [t.generation / WAN for _, t in points], 2),
                  ser("光伏收益", "万元", [t.revenue / WAN for _, t in points], 2)], "bars_line", summary)


def beneficiaries(t, site):
    parts = []
    if t.households() is not None:
        parts.append(f"{site.bh}{grouped(t.households())}户")
    if t.people_() is not None:
        parts.append(f"{site.bp}{grouped(t.people_())}人")
    return "、".join(parts)


def beneficiaries_trend(d, spec, q):
    points = trend(d, spec, q)
    scope, site = scope_name(d, spec), d.site
    p = site.programme
    series = []
    for name, unit, f in ((site.households_label, "户", Totals.households), (site.people_label, "人", Totals.people_)):
        if any(f(t) is not None for _, t in points):
            series.append(ser(name, unit, [f(t) or ZERO for _, t in points], 0))
    if points and (not series or not beneficiaries(points[-1][1], site)):
        summary = f"截至{points[-1][0].label_zh()}末，{scope}{p}电站暂无受益户数据。"
    elif len(points) > 1:
        (q0, first), (ql, last) = points[0], points[-1]
        summary = f"截至{ql.label_zh()}末，{scope}{p}电站累计带动{beneficiaries(last, site)}"

        def grew(f, unit):
            a, b = f(last), f(first)
            return None if a is None or b is None else f"{grouped(a - b)}{unit}"
        h, pp = grew(Totals.households, "户"), grew(Totals.people_, "人")
        if h and pp:
            summary += f"，比{q0.label_zh()}末分别增加{h}、{pp}"
        elif h or pp:
            summary += f"，比{q0.label_zh()}末增加{h or pp}"
        summary += "。"
    elif points:
        summary = f"截至{points[-1][0].label_zh()}末，{scope}{p}电站累计带动{beneficiaries(points[-1][1], site)}。"
    else:
        summary = f"{scope}暂无受益数据。"
    return chart(f"{scope}{p}累计{site.households_label}与{site.bp}", "季度", [w.short() for w, _ in points],
                 series, "lines", summary)


def utilisation_hours(d, spec, q):
    p = d.site.programme
    county = spec.get("county")
    if county is None:
        rows = []
        for c in d.counties:
            t = d.by_county[c["id"]].get(q)
            if t is not None and t.hours() is not None:
                rows.append((c["name"], t.hours()))
        average = d.region[q].hours() if q in d.region else None
        header = d.site.subdivision
    else:
        rows = []
        for s in d.stations:
            if s.county == county and whole_quarter(s, q):
                e = s.history.get(q)
                rows.append((s.name, (e.generation if e else ZERO) / s.capacity))
        t = d.by_county.get(county, {}).get(q)
        average = t.hours() if t else None
        header = "电站"
    rows.sort(key=lambda r: r[0])
    rows.sort(key=lambda r: r[1], reverse=True)
    threshold = None if average is None else average * UNDERPERFORMING
    flagged = [threshold is not None and h < threshold for _, h in rows]
    low = [n for (n, _), f in zip(rows, flagged) if f]
    scope = scope_name(d, spec)
    if average is None:
        summary = f"{q.label_zh()}{scope}暂无全季运行的电站，无法计算等效利用小时数。"
    else:
        summary = f"{q.label_zh()}{scope}全季运行电站平均等效利用小时数为{grouped(average, 1)}小时；"
        if not low:
            summary += "没有低于平均水平八成的" + ("电站" if county else d.site.subdivision) + "。"
        else:
            more = f"等{len(low)}个" if len(low) > 5 else ""
            summary += f"{'、'.join(low[:5])}{more}低于平均水平的八成，需重点排查运维。"
    return chart(f"{scope}{p}电站等效利用小时数（{q.label_zh()}）", header, [n for n, _ in rows],
                 [ser("等效利用小时数", "小时", [h for _, h in rows], 1)], "ranked", summary,
                 reference=None if average is None else (average, f"平均{grouped(average, 1)}小时"), flagged=flagged)


def distribution_by_use(d, spec, q):
    p = d.site.programme
    county = spec.get("county")
    if county is None:
        header = d.site.subdivision
        rows = [(n, t) for n, t in county_rows(d, spec, q)]
    else:
        header = "季度"
        rows = [(w.short(), t) for w, t in trend(d, spec, q)]

    def parts(t):
        return t.by_use or [ZERO] * 4
    series = [ser(USE_ZH[i], "万元", [parts(t)[i] / WAN for _, t in rows], 2) for i in range(4)]
    scope = scope_name(d, spec)
    if county is None:
        at = None
        for _, t in rows:
            if t.by_use is not None:
                at = [a + b for a, b in zip(at or [ZERO] * 4, t.by_use)]
    else:
        at = next((t.by_use for label, t in rows if label == q.short()), None)
    shares = None
    if at is not None:
        tot = sum(at, ZERO)
        shares = [x / tot for x in at] if tot > 0 else None
    if at is not None and shares is not None:
        total = sum(at, ZERO)
        s = (f"{q.label_zh()}{scope}{p}收益按用途分配{grouped(total / WAN, 2)}万元，其中公益岗位工资占{percent(shares[0])}，"
             f"小型公益事业占{percent(shares[1])}，奖励补助占{percent(shares[2])}，其他占{percent(shares[3])}")
        names = [n for n, _ in rows]
        totals = [sum(parts(t), ZERO) for _, t in rows]
        big = largest(names, totals)
        if big and county is None and len(names) > 1 and big[1] > 0:
            s += f"；{big[0]}分配最多，为{grouped(big[1] / WAN, 2)}万元。"
        else:
            s += "。"
        if sum((shown(x, "percent") for x in shares), ZERO) != shown(ONE, "percent"):
            s += ROUNDING_NOTE
    else:
        s = f"{q.label_zh()}{scope}暂无按用途填报的收益分配数据。"
    title = (f"各{d.site.subdivision}{p}收益分配用途（{q.label_zh()}）" if county is None
             else f"{scope}{p}收益分配用途（分季度）")
    return chart(title, header, [n for n, _ in rows], series, "stacked", s)


BUILDERS = {"capacity_by_county": capacity_by_county, "status_pipeline": status_pipeline,
            "generation_trend": generation_trend, "target_completion": target_completion,
            "beneficiaries_trend": beneficiaries_trend, "utilisation_hours": utilisation_hours,
            "distribution_by_use": distribution_by_use}


def station_trend(s, quarters):
    conn = [q for q in quarters if s.grid_date is not None and s.grid_date <= q.last_day()]
    shown_q = conn[max(0, len(conn) - STATION_QUARTERS):]

    def val(q, f):
        e = s.history.get(q)
        return f(e) if e is not None else ZERO
    total = sum((e.generation for e in s.history.values()), ZERO)
    if shown_q:
        lq = shown_q[-1]
        summary = (f"{s.name}{lq.label_zh()}发电{grouped(val(lq, lambda e: e.generation) / WAN, 2)}万千瓦时、"
                   f"收益{grouped(val(lq, lambda e: e.revenue) / WAN, 2)}万元；并网以来累计发电{grouped(total / WAN, 2)}万千瓦时。")
    else:
        summary = f"{s.name}尚未并网发电。"
    return chart(f"{s.name}季度发电量", "季度", [q.short() for q in shown_q],
                 [ser("发电量", "万千瓦时", [val(q, lambda e: e.generation) / WAN for q in shown_q], 2)],
                 "stacked", summary)


def figure(c, cid, png=None):
    """What the page shows of a chart: title, summary, note, data table, and the drawn
    series for Chart.js (at most 30 categories, as pv-bulletin draws them)."""
    cats, series, flagged = c["categories"], c["series"], c["flagged"]
    note = ""
    n = len(cats)
    gap = None
    if n > MAX_CATEGORIES and c["layout"] in ("stacked", "ranked"):
        order = list(range(n))
        if c["layout"] == "stacked":
            tot = [sum((s["values"][i] for s in series), ZERO) for i in range(n)]
            order.sort(key=lambda i: tot[i], reverse=True)  # stable: ties in data order
        kept = order[:EACH_END] + [None] + order[n - EACH_END:]
        cats = ["……" if k is None else c["categories"][k] for k in kept]
        series = [dict(s, values=[ZERO if k is None else s["values"][k] for k in kept]) for s in series]
        if flagged is not None:
            flagged = [k is not None and c["flagged"][k] for k in kept]
        gap = EACH_END
        note = f"共{n}个{c['header']}，图表列出排名前{EACH_END}位和后{EACH_END}位"
    header = [c["header"]] + [f"{s['name']}（{s['unit']}）" for s in series]
    rows = []
    for i, cat in enumerate(cats):
        row = [cat] + [grouped(s["values"][i], s["decimals"]) for s in series]
        if i == gap:
            row = [cat] + [""] * len(series)
        rows.append(row)
    draw = {"layout": c["layout"], "labels": cats,
            "series": [{"name": s["name"], "unit": s["unit"],
                        "values": [float(rnd(v, s["decimals"])) for v in s["values"]]} for s in series]}
    if c["reference"] is not None:
        draw["reference"] = {"value": float(rnd(c["reference"][0], 1)), "label": c["reference"][1]}
    if flagged is not None:
        draw["flagged"] = flagged
    return {"id": cid, "title": c["title"], "summary": c["summary"], "note": note,
            "table": {"header": header, "rows": rows}, "png": png, "draw": draw}


# ---------------------------------------------------------------- pages

def write(site, rel, front, body=""):
    path = os.path.join(site, "content", rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(front, ensure_ascii=False, separators=(",", ":")))
        f.write("\n")
        f.write(body)


def overview(t, q, scope, site):
    parts = [f"{KIND_ZH[k]}电站{grouped(n)}座" for k, n in zip(KINDS, t.conn_kind) if n > 0]
    clauses = [f"{scope}{site.programme}电站已并网{'、'.join(parts)}" if parts
               else f"{scope}{site.programme}电站尚无并网电站"]
    cap = f"{grouped(t.capacity / 1000, 2)}兆瓦" if t.capacity >= 1000 else f"{grouped(t.capacity, 1)}千瓦"
    clauses.append(f"总装机规模{cap}")
    if t.cum_rev > 0:
        clauses.append(f"累计实现光伏收益{amount(t.cum_rev, 'yuan')}")
    if t.villages > 0:
        clauses.append(f"惠及{grouped(t.villages)}个村")
    people = beneficiaries(t, site)
    if people:
        clauses.append(f"累计带动{people}")
    return f"截至{date_zh(q.last_day())}，{'，'.join(clauses)}。"


FENCE = re.compile(r"^(```+|~~~+)[ \t]*([^\n`]*)\n(.*?)^\1[ \t]*$", re.M | re.S)


def issue_page(d, b, out):
    site = d.site
    q = b.quarter
    count = [0]

    def next_chart(spec):
        count[0] += 1
        cid = f"chart-{count[0]}"
        c = BUILDERS[spec["kind"]](d, spec, q)
        if spec.get("title"):
            c["title"] = spec["title"]
        return figure(c, cid, f"{b.number}-chart-{count[0]}.png")

    guide, body, flat = [], [], []
    article_charts = []
    n = 0
    for i, name, arts in b.grouped_articles():
        items = []
        body.append(f'<section id="col-{i}" aria-label="{html.escape(name)}">\n'
                    f'<p class="column-tag">【{html.escape(name)}】</p>\n')
        for a in arts:
            n += 1
            items.append({"anchor": f"art-{n}", "title": a.title})
            flat.append({"column": name, "anchor": f"art-{n}", "title": a.title})
            byline = f'\n<p class="byline">{html.escape(a.author)}</p>' if a.author else ""
            body.append(f'<article id="art-{n}">\n<h3>{html.escape(a.title)}</h3>{byline}\n\n')
            for m in FENCE.finditer(a.body):
                if m.group(2).strip() == "chart":
                    article_charts.append(next_chart(yaml.load(m.group(3), Loader=Loader) or {}))
                else:
                    article_charts.append(None)
            body.append(a.body.rstrip("\n") + "\n\n</article>\n\n")
        body.append("</section>\n\n")
        guide.append({"name": name, "articles": items})
    data = None
    t = d.region.get(q)
    if t is not None and b.data_section:
        rows = [rank_row(r) for r in rank_counties(d, q)]
        money, money_note = money_table(d.region, q)
        flagged = d.alerts(q)
        limit = site.issue_rows
        more = None
        if len(flagged) > limit:
            more = {"total": grouped(len(flagged)), "shown": grouped(limit),
                    "csv": f"../downloads/alerts-{b.number}.csv", "xlsx": f"../downloads/alerts-{b.number}.xlsx"}
            alerts = alert_rows(d, worst_first(flagged)[:limit], "../")
        else:
            alerts = alert_rows(d, flagged, "../")
        k = kpis(d, q)
        data = {
            "quarter": q.label_zh(), "quarter_end": date_zh(q.last_day()), "year": q.year,
            "overview": overview(t, q, site.region, site), "kpis": k,
            "kpi_note": legend(c for r in k for c in (r["value"], r["qoq"], r["yoy"])),
            "statuses": [{"label": STATUS_ZH[s], "stations": grouped(t.st_status[i]), "capacity_kw": grouped(t.cap_status[i])}
                         for i, s in enumerate(STATUSES)],
            "ranking": rows,
            "ranking_note": legend(c for r in rows for c in (r["target_kw"], r["completion"], r["stations"],
                                                             r["households"], r["hours"])),
            "trend_charts": [next_chart({"kind": "generation_trend"}), next_chart({"kind": "beneficiaries_trend"})],
            "build_charts": [next_chart({"kind": "capacity_by_county"}), next_chart({"kind": "status_pipeline"})],
            "ranking_charts": [next_chart({"kind": "target_completion"}), next_chart({"kind": "utilisation_hours"})],
            "money": money, "money_note": money_note,
            "money_charts": [next_chart({"kind": "distribution_by_use"})] if money else [],
            "alerts": alerts, "alerts_note": alerts_note(alerts), "alerts_total": grouped(len(flagged)),
            "alerts_more": more,
        }
    title = b.title or site.title
    front = {"title": f"{title} 第{b.number}期", "root": "../", "nav": "issues", "charts": True, "print": True,
             "number": b.number, "issue_title": title, "date_zh": date_zh(b.date), "year": str(b.date.year),
             "quarter": q.label_zh(), "guide": guide, "guide_flat": flat, "article_charts": article_charts,
             "data": data, "main_to": "，".join(b.main_to), "copy_to": "，".join(b.copy_to), "copies": b.copies}
    write(out, f"issues/{b.number}.md", front, "".join(body))


def key_figures(t, q, completion, site):
    cov = ""
    r, of = min(t.r_hh, t.r_people), t.gc_stations()
    if r < of and r > 0:
        cov = f"（{r}座电站填报）"
    hh = t.households()
    pp = t.people_()
    facts = [
        ("电站总数", f"{grouped(t.stations)}座"),
        ("建设规模", amount(t.capacity, "kw")),
        ("已并网", f"{grouped(t.gc_stations())}座，{amount(t.gc_kw(), 'kw')}"),
        ("本季发电量", amount(t.generation, "kwh")),
        ("本季光伏收益", amount(t.revenue, "yuan")),
        ("累计光伏收益", amount(t.cum_rev, "yuan")),
        (f"{site.households_label}（人口）",
         f"{NOT_REPORTED if hh is None else grouped(hh)}户（{NOT_REPORTED if pp is None else grouped(pp)}人）{cov}"),
        ("惠及村数", f"{grouped(t.villages)}个"),
        ("等效利用小时数", NOT_APPLICABLE if t.hours() is None else f"{grouped(t.hours(), 1)}小时"),
    ]
    if completion is not None:
        facts.append(("年度目标完成率" if q.q == 4 else "年度目标完成率（进度）", percent(completion)))
    return [{"label": a, "value": b} for a, b in facts]


def completion_of(c, t, q):
    target = c["targets"].get(q.year)
    tkw = dec(target.get("capacity_kw")) if target else None
    if tkw is None or tkw <= 0:
        return None
    return t.gc_kw() / tkw


def county_pages(d, out):
    latest = d.quarters[-1] if d.quarters else None
    overview_charts = []
    if latest is not None:
        overview_charts = [figure(capacity_by_county(d, {}, latest), "chart-1", "counties-chart-1.png"),
                           figure(status_pipeline(d, {}, latest), "chart-2", "counties-chart-2.png")]
    rows = []
    for c in d.counties:
        t = d.by_county[c["id"]].get(latest) if latest else None
        comp = completion_of(c, t, latest) if t is not None else None
        t = t or Totals()
        rows.append({"name": c["name"], "href": f"counties/{c['id']}.html", "stations": grouped(t.stations),
                     "capacity_kw": grouped(t.capacity), "grid_kw": grouped(t.gc_kw()), "completion": percent(comp),
                     "generation": grouped(t.generation / WAN, 2),
                     "hours": NOT_APPLICABLE if t.hours() is None else grouped(t.hours(), 1)})
    site = d.site
    write(out, "counties.md", {"title": f"{site.subdivision_word}与电站 — {site.title}", "root": "", "nav": "counties",
                               "layout": "counties-overview", "url": "/counties.html", "charts": True,
                               "quarter": latest.label_zh() if latest else None, "rows": rows,
                               "figures": overview_charts})
    by_county = defaultdict(list)
    for s in d.stations:
        by_county[s.county].append(s)
    for c in d.counties:
        cid = c["id"]
        t = d.by_county[cid].get(latest) if latest else None
        facts = key_figures(t, latest, completion_of(c, t, latest), site) if t is not None else []
        groups = []
        for st in reversed(STATUSES):
            own = [s for s in by_county[cid] if s.status == st]
            if not own:
                continue
            own.sort(key=lambda s: ((s.town is not None, s.town or ""), (s.village is not None, s.village or ""), s.id))
            groups.append({"label": STATUS_ZH[st], "count": len(own),
                           "capacity_kw": grouped(sum((s.capacity for s in own), ZERO), 1),
                           "stations": [{"id": s.id, "name": s.name, "kind": KIND_ZH[s.kind], "town": s.town or "",
                                         "village": s.village or "", "capacity_kw": grouped(s.capacity, 1),
                                         "grid_date": str(s.grid_date) if s.grid_date else NOT_APPLICABLE}
                                        for s in own]})
        figures, money_figures, money, money_note, alerts = [], [], [], "", []
        if latest is not None:
            spec = {"county": cid}
            figures = [figure(f(d, spec, latest), f"chart-{i + 1}", f"{cid}-chart-{i + 1}.png")
                       for i, f in enumerate((generation_trend, beneficiaries_trend, utilisation_hours))]
            if t is not None and t.m_entries:
                money_figures = [figure(distribution_by_use(d, spec, latest), "chart-4", f"{cid}-chart-4.png")]
            money, money_note = money_table(d.by_county[cid], latest)
            alerts = alert_rows(d, [a for a in d.alerts(latest) if a["s"].county == cid], "../")
        write(out, f"counties/{cid}.md", {
            "title": f"{c['name']} — {site.title}", "root": "../", "nav": "counties", "charts": True,
            "name": c["name"], "quarter": latest.label_zh() if latest else None, "facts": facts,
            "facts_note": legend(f["value"] for f in facts), "figures": figures, "money": money,
            "money_note": money_note, "money_figures": money_figures, "alerts": alerts,
            "alerts_note": alerts_note(alerts), "groups": groups})


def notice_years(s):
    years = []
    for q in sorted(s.history):
        if s.history[q].has_money() and (not years or years[-1] != q.year):
            years.append(q.year)
    return years


def optional(v, places=0):
    return NOT_REPORTED if v is None else grouped(v, places)


def station_pages(d, out):
    site, quarters = d.site, d.quarters
    for s in d.stations:
        text = (lambda v: NOT_REPORTED if v is None else v)
        facts = [("电站编号", s.id), ("所在乡镇（村）", f"{text(s.town)}{s.village or ''}"), ("电站类型", KIND_ZH[s.kind]),
                 ("装机容量", f"{grouped(s.capacity, 1)}千瓦"), ("建设状态", STATUS_ZH[s.status]),
                 ("并网日期", str(s.grid_date) if s.grid_date else NOT_APPLICABLE),
                 ("总投资", NOT_REPORTED if s.investment is None else amount(s.investment, "yuan")),
                 ("覆盖村数", f"{s.villages_served}个"),
                 (f"{site.households_label}（人口）",
                  f"{optional(s.households)}户（{optional(s.people)}人）"),
                 ("建设模式", text(s.land_use)), ("运维单位", text(s.om_provider))]
        if s.monitored is not None:
            facts.insert(len(facts) - 2, (f"其中{site.monitored}", f"{grouped(s.monitored)}户"))
        entries = list(s.history.values())
        dist = [e.distributed() for e in entries if e.distributed() is not None]
        totals = [("累计发电量", amount(sum((e.generation for e in entries), ZERO), "kwh")),
                  ("累计光伏收益", amount(sum((e.revenue for e in entries), ZERO), "yuan")),
                  ("累计收益分配", amount(sum(dist, ZERO), "yuan") if dist else NOT_REPORTED)]
        statuses = d.status_of[s.id]
        history = []
        for qi in range(len(quarters) - 1, -1, -1):
            q = quarters[qi]
            e = s.history.get(q)
            gen = e.generation if e else None
            history.append({
                "quarter": q.label_zh(), "status": STATUS_ZH[STATUSES[statuses[qi]]], "generation_kwh": optional(gen),
                "hours": optional(None if gen is None else gen / s.capacity, 1) if whole_quarter(s, q) else NOT_APPLICABLE,
                "revenue_yuan": optional(e.revenue if e else None), "distributed_yuan": optional(e.distributed() if e else None),
                "public_jobs": optional(e.public_jobs if e else None), "downtime_days": optional(e.downtime if e else None)})
        money_q = next((q for q in reversed(quarters) if s.history.get(q) is not None and s.history[q].has_money_trail()), None)
        money, money_note = money_table(station_series(s, quarters), money_q) if money_q else ([], "")
        chart_fig = None
        if s.grid_date is not None and quarters:
            chart_fig = figure(station_trend(s, quarters), "chart-1")
        fl = [{"label": a, "value": b} for a, b in facts]
        tl = [{"label": a, "value": b} for a, b in totals]
        write(out, f"stations/{s.id}.md", {
            "title": f"{s.name} — {site.title}", "root": "../", "nav": "counties", "charts": chart_fig is not None,
            "name": s.name, "county_name": d.county_name.get(s.county, s.county), "county_id": s.county,
            "facts": fl, "totals": tl, "facts_note": legend(f["value"] for f in fl + tl),
            "notices": [{"label": f"{y}年度收益分配公示", "href": f"../notices/{y}/{s.id}.html"}
                        for y in reversed(notice_years(s))],
            "figure": chart_fig, "money_quarter": money_q.label_zh() if money_q else None,
            "money": money, "money_note": money_note, "history": history,
            "history_note": legend(c for h in history for c in (h["generation_kwh"], h["hours"], h["revenue_yuan"],
                                                                 h["distributed_yuan"], h["public_jobs"], h["downtime_days"]))})


NOTICE_ROWS = [
    ("发电量（千瓦时）", False, lambda f: f["gen"]), ("光伏收益（元）", False, lambda f: f["rev"]),
    ("电费收入", True, lambda f: f["tariff"]), ("国家补贴", True, lambda f: f["subsidy"]),
    ("运维费用（元）", False, lambda f: f["om"]), ("土地租金（元）", False, lambda f: f["rent"]),
    ("收益分配合计（元）", False, lambda f: f["dist"]),
] + [(USE_ZH[i], True, (lambda i: lambda f: None if f["uses"] is None else f["uses"][i])(i)) for i in range(4)] + [
    ("公益岗位（个）", False, lambda f: None if f["jobs"] is None else Decimal(f["jobs"])),
    ("收益到户户数（户）", False, lambda f: None if f["paid"] is None else Decimal(f["paid"])),
    ("国家补贴拖欠（期末，元）", False, lambda f: f["arrears"]),
]


def figures_of(e):
    return {"gen": e.generation, "rev": e.revenue, "tariff": e.tariff, "subsidy": e.subsidy, "om": e.om_cost,
            "rent": e.land_rent, "dist": e.distributed(), "uses": e.distribution, "jobs": e.public_jobs,
            "paid": e.households_paid, "arrears": e.arrears}


def year_figures(qs):
    def mx(a, b):
        return b if a is None else a if b is None else max(a, b)
    y = {"gen": ZERO, "rev": ZERO, "tariff": None, "subsidy": None, "om": None, "rent": None, "dist": None,
         "uses": None, "jobs": None, "paid": None, "arrears": None}
    for f in qs:
        y["gen"] += f["gen"]
        y["rev"] += f["rev"]
        for k in ("tariff", "subsidy", "om", "rent", "dist"):
            y[k] = sum_known(y[k], f[k])
        if y["uses"] is not None or f["uses"] is not None:
            y["uses"] = [a + b for a, b in zip(y["uses"] or [ZERO] * 4, f["uses"] or [ZERO] * 4)]
        y["jobs"], y["paid"] = mx(y["jobs"], f["jobs"]), mx(y["paid"], f["paid"])
        y["arrears"] = f["arrears"] if f["arrears"] is not None else y["arrears"]
    return y


def notice_adds_up(quarters, total):
    def yuan(v):
        return rnd(v, 0)
    flows = [lambda f: f["gen"], lambda f: f["rev"], lambda f: f["tariff"], lambda f: f["subsidy"],
             lambda f: f["om"], lambda f: f["rent"], lambda f: f["dist"]] + \
            [(lambda i: lambda f: None if f["uses"] is None else f["uses"][i])(i) for i in range(4)]
    for cell in flows:
        year = cell(total)
        if year is None:
            continue
        if sum((yuan(cell(f)) for f in quarters if cell(f) is not None), ZERO) != yuan(year):
            return False

    def parts(f):
        t, s = f["tariff"], f["subsidy"]
        if t is not None and s is not None and t + s == f["rev"] and yuan(t) + yuan(s) != yuan(f["rev"]):
            return False
        u, dd = f["uses"], f["dist"]
        if u is not None and dd is not None and sum(u, ZERO) == dd and sum((yuan(x) for x in u), ZERO) != yuan(dd):
            return False
        return True
    return all(parts(f) for f in quarters) and parts(total)


def notice_pages(d, out):
    site = d.site
    dates = {}
    for q in d.quarters:
        dates[q.year] = q.last_day() + datetime.timedelta(days=1)
    by_issue = {}
    for b in d.bulletins:
        y = b.quarter.year
        by_issue[y] = max(by_issue.get(y, b.date), b.date)
    for y, dt in by_issue.items():
        if y in dates:
            dates[y] = dt
    days = max(site.days, 1)
    groups = defaultdict(list)  # (year, county index) -> [(station, total)]
    count = 0
    for year, date in dates.items():
        until = date + datetime.timedelta(days=days - 1)
        for s in d.stations:
            qs = [q for q in sorted(s.history) if q.year == year]
            if not any(s.history[q].has_money() for q in qs):
                continue
            figs = [figures_of(s.history[q]) for q in qs]
            total = year_figures(figs)
            county = d.county_name.get(s.county, s.county)
            facts = [("电站名称", s.name), ("所在地", f"{county}{s.town or ''}{s.village or ''}"),
                     ("装机容量", f"{grouped(s.capacity, 1)}千瓦（{KIND_ZH[s.kind]}）"),
                     ("并网时间", date_zh(s.grid_date) if s.grid_date else NOT_APPLICABLE),
                     ("覆盖村数", f"{s.villages_served}个"),
                     (site.households_label, NOT_REPORTED if s.households is None else f"{grouped(s.households)}户")]
            rows = [{"label": label, "part": part,
                     "cells": [optional(cell(f)) for f in figs + [total]]} for label, part, cell in NOTICE_ROWS]
            note = "单位：元（另注明者除外）。" + legend(c for r in rows for c in r["cells"])
            if not notice_adds_up(figs, total):
                note += ROUNDING_NOTE
            period = f"{date_zh(qs[0].first_day())}至{date_zh(qs[-1].last_day())}" if qs else f"{year}年"
            title = f"{s.name}{year}年度收益分配公示"
            write(out, f"notices/{year}/{s.id}.md", {
                "title": title, "root": "../../", "nav": "notices", "layout": "notice",
                "facts": [{"label": a, "value": b} for a, b in facts], "period": period,
                "columns": [f"第{q.q}季度" for q in qs] + ["全年合计"], "rows": rows, "note": note,
                "date_zh": date_zh(date), "until": date_zh(until), "days": site.days, "phone": site.phone,
                "station_href": f"../../stations/{s.id}.html"})
            count += 1
            if s.county in d.county_index:
                groups[(year, d.county_index[s.county])].append((s, total))
    index_years = []
    for (year, ci) in sorted(groups, key=lambda k: (-k[0], k[1])):
        c = d.counties[ci]
        items = groups[(year, ci)]
        write(out, f"notices/{year}/by-county/{c['id']}.md", {
            "title": f"{c['name']}{year}年度收益分配公示 — {site.title}", "root": "../../../", "nav": "notices",
            "layout": "notice-list", "year": year, "county": c["name"], "county_href": f"../../../counties/{c['id']}.html",
            "notices": [{"name": s.name, "href": f"../{s.id}.html", "village": s.village or "",
                         "revenue": grouped(t["rev"]), "distributed": optional(t["dist"])} for s, t in items]})
        if not index_years or index_years[-1]["year"] != year:
            index_years.append({"year": year, "date": date_zh(dates[year]), "counties": []})
        dist = [t["dist"] for _, t in items if t["dist"] is not None]
        index_years[-1]["counties"].append({
            "name": c["name"], "href": f"../notices/{year}/by-county/{c['id']}.html", "count": len(items),
            "revenue": grouped(sum((t["rev"] for _, t in items), ZERO)),
            "distributed": grouped(sum(dist, ZERO)) if dist else NOT_REPORTED})
    write(out, "notices-index.md", {"title": f"收益分配公示 — {site.title}", "root": "../", "nav": "notices",
                                    "layout": "notices-index", "url": "/notices/index.html", "years": index_years})
    return count


def index_pages(d, out):
    site = d.site
    downloads = [{"label": "电站名录（全部电站基本信息）", "href": "downloads/stations.csv", "xlsx": "downloads/stations.xlsx"},
                 {"label": "分季度电站运行数据（发电量、收益、分配）", "href": "downloads/quarterly.csv",
                  "xlsx": "downloads/quarterly.xlsx"},
                 {"label": f"各{site.subdivision}分季度汇总", "href": "downloads/counties.csv", "xlsx": "downloads/counties.xlsx"}]
    for b in sorted(d.bulletins, key=lambda b: -b.number):
        if b.data_section:
            downloads.append({"label": f"第{b.number}期各{site.subdivision}目标完成情况排名",
                              "href": f"downloads/ranking-{b.number}.csv", "xlsx": f"downloads/ranking-{b.number}.xlsx"})
    write(out, "_index.md", {"title": f"{site.title} — {site.issuer}", "root": "", "nav": "issues",
                             "downloads": downloads})
    write(out, "archive.md", {"title": f"往期归档 — {site.title}", "root": "", "nav": "archive", "layout": "archive",
                              "url": "/archive.html"})
    write(out, "search.md", {"title": f"全文搜索 — {site.title}", "root": "", "nav": "search", "layout": "search",
                             "url": "/search.html"})


def main(data_dir, site_dir):
    d = Data(data_dir)
    s = d.site
    os.makedirs(os.path.join(site_dir, "data"), exist_ok=True)
    with open(os.path.join(site_dir, "data", "site.json"), "w", encoding="utf-8") as f:
        json.dump({"title": s.title, "issuer": s.issuer, "region": s.region, "motto": s.motto, "sample": s.sample,
                   "subdivision": s.subdivision, "subdivision_word": s.subdivision_word, "programme": s.programme},
                  f, ensure_ascii=False)
    for b in d.bulletins:
        issue_page(d, b, site_dir)
    county_pages(d, site_dir)
    station_pages(d, site_dir)
    notices = notice_pages(d, site_dir)
    index_pages(d, site_dir)
    print(f"hugo content: {len(d.bulletins)} issues, {len(d.counties)} counties, {len(d.stations)} stations, "
          f"{notices} notices")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
