//! `gen-sample`: synthetic data sets of any size, deterministic by seed, for
//! benchmarks and trying the tool out. The figures follow the same physical model
//! as the shipped sample: 60–300 kW village stations, some joint-village and
//! centralized ones, seasonal output of 230–330 h per quarter, a 0.98 yuan/kWh
//! tariff with partial settlement.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub stations: usize,
    pub quarters: usize,
    pub issues: usize,
    /// Default: one county per 100 stations, 4 to 200.
    pub counties: Option<usize>,
    pub seed: u64,
}

/// Counts of what was written.
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    pub counties: usize,
    pub stations: usize,
    pub quarters: usize,
    pub issues: usize,
    pub files: usize,
}

/// SplitMix64: tiny, fast, and stable across platforms and versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '林',
    '郭', '何', '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '邓', '冯', '韩', '曹', '曾', '彭',
    '蔡', '潘', '田', '董',
];
const PLACES: &[char] = &[
    '庄', '集', '楼', '桥', '湾', '店', '寨', '营', '岗', '湖', '塘', '坊', '圩', '铺', '坪', '河',
    '沟', '园',
];
const WORDS: &[char] = &[
    '东', '西', '南', '北', '新', '大', '小', '前', '后', '上', '下', '和', '平', '安', '兴',
];
const SEASON_HOURS: [f64; 4] = [235.0, 330.0, 320.0, 245.0];
const FIRST_YEAR: i32 = 2016;

struct Station {
    id: String,
    county: usize,
    capacity_kw: f64,
    /// Index of the quarter it was connected in, with the day within it (0..1),
    /// or `None` if not connected within the period.
    connected: Option<(usize, f64)>,
    status: &'static str,
    kind: &'static str,
    weak: bool,
}

fn quarter_name(i: usize) -> String {
    format!("{}Q{}", FIRST_YEAR + (i / 4) as i32, i % 4 + 1)
}

/// Days in quarter `i` and the date at fraction `f` of it.
fn quarter_days(i: usize) -> u32 {
    let year = FIRST_YEAR + (i / 4) as i32;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    [if leap { 91 } else { 90 }, 91, 92, 92][i % 4]
}

fn date_in_quarter(i: usize, f: f64) -> String {
    let year = FIRST_YEAR + (i / 4) as i32;
    let first_month = (i % 4) as u32 * 3 + 1;
    let day_of_quarter = ((f * f64::from(quarter_days(i) - 1)) as u32).min(quarter_days(i) - 1);
    let mut month = first_month;
    let mut day = day_of_quarter + 1;
    loop {
        let dim = match month {
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day <= dim {
            break;
        }
        day -= dim;
        month += 1;
    }
    format!("{year}-{month:02}-{day:02}")
}

fn name(rng: &mut Rng, suffix: &str) -> String {
    format!(
        "{}{}{}{suffix}",
        rng.pick(SURNAMES),
        rng.pick(WORDS),
        rng.pick(PLACES)
    )
}

/// Writes a complete data directory into `out`, which must not exist or be empty.
pub fn generate(opts: &Options, out: &Path) -> Result<Summary> {
    if opts.stations == 0 || opts.quarters == 0 {
        bail!("--stations and --quarters must be at least 1");
    }
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!(
            "`{}` is not empty; choose a new directory for the generated data",
            out.display()
        );
    }
    let mut rng = Rng(opts.seed);
    let n_counties = opts
        .counties
        .unwrap_or((opts.stations / 100).clamp(4, 200))
        .max(1);
    let mut files = 0;
    let write = |rel: &str, text: &str| -> Result<()> {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))
    };
    write(
        "site.yaml",
        "# 示例数据 (synthetic sample data from `pv-bulletin gen-sample`)\n\
         title: 光伏扶贫工作简报\nissuer: 示例省扶贫开发领导小组办公室\nregion: 示例省\n\
         motto: 精准扶贫 精准脱贫\nsample: true\n",
    )?;
    files += 1;

    // Stations: connected over the first two thirds of the period; the rest in the pipeline.
    let connect_span = (opts.quarters * 2 / 3).max(1);
    let mut stations = Vec::with_capacity(opts.stations);
    let mut station_yaml: Vec<String> = vec![String::new(); n_counties];
    for i in 0..opts.stations {
        let county = i % n_counties;
        let r = rng.unit();
        let (kind, capacity_kw, villages) = if r < 0.85 {
            (
                "village",
                *rng.pick(&[60.0, 100.0, 100.0, 150.0, 187.2, 200.0, 300.0]),
                1,
            )
        } else if r < 0.97 {
            (
                "joint_village",
                *rng.pick(&[500.0, 1000.0, 1500.0, 3000.0]),
                3 + rng.below(8),
            )
        } else {
            (
                "centralized",
                *rng.pick(&[5000.0, 10000.0, 20000.0]),
                20 + rng.below(20),
            )
        };
        let p = rng.unit();
        let connected = (p < 0.8).then(|| (rng.below(connect_span), rng.unit()));
        let status = match (connected, p) {
            (Some(_), _) => "grid_connected",
            (None, p) if p < 0.87 => "built",
            (None, p) if p < 0.93 => "under_construction",
            (None, p) if p < 0.97 => "tendering",
            _ => "planned",
        };
        let households = (capacity_kw / rng.range(2.8, 3.6)) as u32;
        let id = format!("c{:03}-{:05}", county + 1, i + 1);
        let town = name(&mut rng, "镇");
        let village = name(&mut rng, "村");
        let s = &mut station_yaml[county];
        let _ = write!(
            s,
            "- id: {id}\n  name: {village}{}光伏电站\n  county: c{:03}\n  town: {town}\n  village: {village}\n  kind: {kind}\n  capacity_kw: {capacity_kw}\n  status: {status}\n",
            if kind == "village" { "村级" } else if kind == "joint_village" { "联村" } else { "集中式" },
            county + 1
        );
        if let Some((q, f)) = connected {
            let _ = writeln!(s, "  grid_date: {}", date_in_quarter(q, f));
        }
        let _ = write!(
            s,
            "  investment_yuan: {}\n  villages_served: {villages}\n  beneficiary_households: {households}\n  beneficiary_people: {}\n",
            (capacity_kw * rng.range(7200.0, 8200.0)).round(),
            (f64::from(households) * rng.range(2.4, 3.2)) as u32
        );
        stations.push(Station {
            id,
            county,
            capacity_kw,
            connected,
            status,
            kind,
            weak: rng.unit() < 0.05,
        });
    }

    // Counties with yearly targets a little above what gets connected.
    let mut counties = String::from("# 示例数据 (synthetic)\n");
    for c in 0..n_counties {
        let _ = write!(
            counties,
            "- id: c{:03}\n  name: 示例{}县\n  targets:\n",
            c + 1,
            c + 1
        );
        for year in 0..opts.quarters.div_ceil(4) {
            let by_end: Vec<&Station> = stations
                .iter()
                .filter(|s| s.county == c && s.connected.is_some_and(|(q, _)| q / 4 <= year))
                .collect();
            let kw: f64 = by_end.iter().map(|s| s.capacity_kw).sum::<f64>() * rng.range(1.0, 1.2);
            let _ = writeln!(
                counties,
                "    {}: {{ capacity_kw: {}, grid_connected_stations: {} }}",
                FIRST_YEAR + year as i32,
                kw.round().max(1.0),
                (by_end.len() as f64 * 1.1) as usize
            );
        }
    }
    write("counties.yaml", &counties)?;
    files += 1;
    for (c, yaml) in station_yaml.iter().enumerate() {
        write(
            &format!("stations/c{:03}.yaml", c + 1),
            &format!("# 示例数据 (synthetic)\n{yaml}"),
        )?;
        files += 1;
    }

    // Quarterly figures for every connected station.
    for q in 0..opts.quarters {
        let days = f64::from(quarter_days(q));
        let mut text = format!(
            "# 示例数据 (synthetic)\nquarter: {}\nstations:\n",
            quarter_name(q)
        );
        for s in &stations {
            let Some((cq, f)) = s.connected else {
                if q + 1 == opts.quarters && s.status != "planned" {
                    let _ = writeln!(text, "  - {{ station: {}, status: {} }}", s.id, s.status);
                }
                continue;
            };
            if cq > q {
                continue;
            }
            let start_day = ((f * (days - 1.0)) as u32) as f64;
            let share = if cq == q {
                (days - start_day) / days
            } else {
                1.0
            };
            let hours =
                SEASON_HOURS[q % 4] * rng.range(0.88, 1.08) * if s.weak { 0.55 } else { 1.0 };
            let generation = (s.capacity_kw * hours * share).round();
            let revenue = (generation * 0.98 * rng.range(0.55, 0.95)).round();
            let _ = write!(
                text,
                "  - {{ station: {}, generation_kwh: {generation}, revenue_yuan: {revenue}",
                s.id
            );
            if s.kind != "household" && revenue > 0.0 {
                let _ = write!(
                    text,
                    ", distributed_yuan: {}, public_jobs: {}",
                    (revenue * rng.range(0.6, 0.9)).round(),
                    1 + (s.capacity_kw / 50.0).min(40.0) as u32
                );
            }
            text.push_str(" }\n");
        }
        write(&format!("progress/{}.yaml", quarter_name(q)), &text)?;
        files += 1;
    }

    // Issues spread over the quarters, newest on the last quarter.
    for i in 0..opts.issues {
        let q = if opts.issues == 1 {
            opts.quarters - 1
        } else {
            i * (opts.quarters - 1) / (opts.issues - 1)
        };
        let number = i + 1;
        let year = FIRST_YEAR + (q / 4) as i32;
        let month = (q % 4) as u32 * 3 + 3;
        let dir = format!("bulletins/{number}");
        write(
            &format!("{dir}/bulletin.yaml"),
            &format!(
                "# 示例数据 (synthetic)\nnumber: {number}\ndate: {year}-{month:02}-28\nquarter: {}\n\
                 columns: [领导重视, 工作动态, 基层经验]\nmain_to: [省委常委, 省政府副省长]\n\
                 copy_to: [各市扶贫办, 各县（区）扶贫办]\ncopies: 200\n",
                quarter_name(q)
            ),
        )?;
        let county = rng.below(n_counties) + 1;
        let articles = [
            ("领导重视", "省政府召开光伏扶贫工作推进会", String::new()),
            (
                "工作动态",
                "本季度全省光伏扶贫电站运行情况",
                "\n```chart\nkind: generation_trend\nquarters: 8\n```\n".to_string(),
            ),
            (
                "基层经验",
                "示例县推行光伏电站专业化运维",
                format!("\n```chart\nkind: utilisation_hours\ncounty: c{county:03}\n```\n"),
            ),
        ];
        for (k, (column, title, extra)) in articles.iter().enumerate() {
            write(
                &format!("{dir}/0{}.md", k + 1),
                &format!(
                    "---\ncolumn: {column}\ntitle: {title}\n---\n本季度，各地认真落实光伏扶贫工作部署，\
                     电站建设和运行管理持续推进，光伏收益按季度分配到村。\n{extra}"
                ),
            )?;
            files += 1;
        }
        files += 1;
    }
    Ok(Summary {
        counties: n_counties,
        stations: opts.stations,
        quarters: opts.quarters,
        issues: opts.issues,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_stay_inside_their_quarter() {
        assert_eq!(date_in_quarter(0, 0.0), "2016-01-01");
        assert_eq!(date_in_quarter(0, 0.999), "2016-03-30");
        assert_eq!(date_in_quarter(1, 0.5), "2016-05-16");
        assert_eq!(date_in_quarter(7, 1.0), "2017-12-31");
        assert_eq!(quarter_name(5), "2017Q2");
    }
}
