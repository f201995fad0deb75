//! Criterion benchmarks of each pipeline stage on the shipped sample data
//! (6 counties, 304 stations, 8 quarters, 4 issues): `cargo bench --bench stages`.
//! Whole-site timings at national scale come from `bench/run.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use pv_bulletin::compute::Metrics;
use pv_bulletin::publish::chart_png::{svg_to_png, FontSet, Raster};
use pv_bulletin::render::charts::trends::station_trend;
use pv_bulletin::render::charts::{draw_chart, render_chart, ChartContext, ChartKind, ChartSpec};
use pv_bulletin::render::templates::Templates;
use pv_bulletin::render::{render_issues, render_site, OutputFile};
use pv_bulletin::write::{Disk, Staging};
use pv_bulletin::{load, validate};
use std::path::Path;
use std::sync::Mutex;

fn stages(c: &mut Criterion) {
    let data_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let loaded = load::load(&data_dir).unwrap();
    let data = &loaded.dataset;
    let metrics = Metrics::compute(data);
    let templates = Templates::builtin().unwrap();
    let quarter = *metrics.quarters.last().unwrap();

    c.bench_function("load", |b| b.iter(|| load::load(&data_dir).unwrap()));
    c.bench_function("validate", |b| b.iter(|| validate::validate(data)));
    c.bench_function("compute", |b| b.iter(|| Metrics::compute(data)));
    c.bench_function("charts (6 kinds)", |b| {
        let ctx = ChartContext {
            data,
            metrics: &metrics,
            quarter,
        };
        b.iter(|| {
            ChartKind::ALL
                .iter()
                .map(|k| render_chart(&ChartSpec::of(*k), &ctx, "c").svg.len())
                .sum::<usize>()
        })
    });
    // The six kinds as 300 dpi PNGs (the .docx pictures and 下载图片), with the
    // system's fonts; the labels' glyph sprites are warm after the first iteration,
    // as they are for all but the first pictures of a build.
    c.bench_function("chart pictures (6 kinds, 300 dpi PNG)", |b| {
        let ctx = ChartContext {
            data,
            metrics: &metrics,
            quarter,
        };
        let svgs: Vec<String> = ChartKind::ALL
            .iter()
            .map(|k| render_chart(&ChartSpec::of(*k), &ctx, "c").svg)
            .collect();
        let fonts = FontSet::system();
        b.iter(|| {
            svgs.iter()
                .map(|svg| svg_to_png(svg, &Raster::chart(None), &fonts).unwrap().len())
                .sum::<usize>()
        })
    });
    // Every chart the sample site shows, except article chart blocks: six per issue,
    // two on the counties overview, three per county, one per connected station.
    c.bench_function("charts (whole sample site)", |b| {
        b.iter(|| {
            let mut n = 0;
            for bulletin in &data.bulletins {
                let ctx = ChartContext {
                    data,
                    metrics: &metrics,
                    quarter: bulletin.meta.quarter,
                };
                for k in ChartKind::ALL {
                    n += render_chart(&ChartSpec::of(k), &ctx, "c").svg.len();
                }
            }
            let ctx = ChartContext {
                data,
                metrics: &metrics,
                quarter,
            };
            for k in [ChartKind::CapacityByCounty, ChartKind::StatusPipeline] {
                n += render_chart(&ChartSpec::of(k), &ctx, "c").svg.len();
            }
            for county in &data.counties {
                for k in [
                    ChartKind::GenerationTrend,
                    ChartKind::BeneficiariesTrend,
                    ChartKind::UtilisationHours,
                ] {
                    let spec = ChartSpec {
                        county: Some(county.id.clone()),
                        ..ChartSpec::of(k)
                    };
                    n += render_chart(&spec, &ctx, "c").svg.len();
                }
            }
            for (s, h) in data.stations.iter().zip(&metrics.histories) {
                if s.grid_date.is_some() {
                    n += draw_chart(&station_trend(s, h, &metrics.quarters), "c")
                        .svg
                        .len();
                }
            }
            n
        })
    });
    c.bench_function("templates (issue pages)", |b| {
        b.iter(|| render_issues(data, &metrics, &templates, &|_| Ok(())).unwrap())
    });
    let files = Mutex::new(Vec::new());
    render_site(data, &metrics, &templates, &|f: OutputFile| {
        files.lock().unwrap().push(f);
        Ok(())
    })
    .unwrap();
    let files = files.into_inner().unwrap();
    c.bench_function("write (whole sample site)", |b| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        b.iter(|| {
            let staging = Staging::create(&Disk, &out, &data_dir).unwrap();
            for f in &files {
                staging.write(f).unwrap();
            }
            staging.commit().unwrap();
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
