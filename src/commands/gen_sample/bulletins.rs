//! Bulletin issues spread over the quarters, newest on the last quarter, each with
//! three articles, two of them with chart blocks.

use super::periods::quarter;
use super::rng::Rng;
use super::Options;

/// The files of issue `i` (0-based): `(path, text)`, `bulletin.yaml` first.
pub fn issue_files(
    i: usize,
    opts: &Options,
    n_counties: usize,
    rng: &mut Rng,
) -> Vec<(String, String)> {
    let q = if opts.issues == 1 {
        opts.quarters - 1
    } else {
        i * (opts.quarters - 1) / (opts.issues - 1)
    };
    let number = i + 1;
    let quarter = quarter(q);
    let date = quarter.last_day();
    let (year, month) = (date.year, date.month);
    let dir = format!("bulletins/{number}");
    let mut files = vec![(
        format!("{dir}/bulletin.yaml"),
        format!(
            "# 示例数据 (synthetic)\nnumber: {number}\ndate: {year}-{month:02}-28\nquarter: {}\n\
             columns: [领导重视, 工作动态, 基层经验]\nmain_to: [省委常委, 省政府副省长]\n\
             copy_to: [各市扶贫办, 各县（区）扶贫办]\ncopies: 200\n",
            quarter
        ),
    )];
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
        files.push((
            format!("{dir}/0{}.md", k + 1),
            format!(
                "---\ncolumn: {column}\ntitle: {title}\n---\n本季度，各地认真落实光伏扶贫工作部署，\
                 电站建设和运行管理持续推进，光伏收益按季度分配到村。\n{extra}"
            ),
        ));
    }
    files
}
