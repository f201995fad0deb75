//! For a hosted site (`base_url` in site.yaml): an Atom feed of the issues
//! (atom_syndication) and a sitemap of every page, with absolute URLs.

use crate::format::strip_bidi;
use crate::model::{Dataset, Date};
use crate::paths;
use crate::render::pages::index::index_page;
use crate::render::OutputFile;
use anyhow::{anyhow, Result};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// The sitemap protocol's limit of URLs per file; above it, `sitemap.xml` becomes an
/// index of `sitemap-N.xml` files.
pub const URLS_PER_SITEMAP: usize = 50_000;

/// `base_url` with exactly one trailing slash.
pub fn base(base_url: &str) -> String {
    format!("{}/", base_url.trim_end_matches('/'))
}

/// Midnight of an issue date in China (UTC+8), as Atom wants a full timestamp.
fn timestamp(d: Date) -> Result<FixedDateTime> {
    FixedDateTime::parse_from_rfc3339(&format!("{d}T00:00:00+08:00"))
        .map_err(|e| anyhow!("date {d}: {e}"))
}

/// `feed.xml`: one entry per issue, newest first, its 导读 as the summary.
pub fn feed(data: &Dataset, base_url: &str) -> Result<OutputFile> {
    let base = base(base_url);
    let site = &data.site;
    let index = index_page(data);
    let mut entries = Vec::new();
    let dates: std::collections::BTreeMap<u32, Date> = data
        .bulletins
        .iter()
        .map(|b| (b.meta.number, b.meta.date))
        .collect();
    for issue in &index.issues {
        let url = format!("{base}{}", issue.href);
        let guide: Vec<String> = issue
            .guide
            .iter()
            .map(|g| format!("【{}】{}", g.column, g.title))
            .collect();
        let mut entry = Entry::default();
        entry.set_title(strip_bidi(&format!("{} 第{}期", issue.title, issue.number)).into_owned());
        entry.set_id(url.clone());
        entry.set_updated(timestamp(dates[&issue.number])?);
        entry.set_links(vec![Link {
            href: url,
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }]);
        let summary = format!(
            "{}（{}）本期导读：{}",
            issue.date,
            issue.quarter,
            guide.join("；")
        );
        entry.set_summary(Some(Text::plain(strip_bidi(&summary).into_owned())));
        entries.push(entry);
    }
    let newest = data.bulletins.iter().map(|b| b.meta.date).max();
    let mut feed = Feed::default();
    feed.set_title(strip_bidi(&site.title).into_owned());
    feed.set_id(base.clone());
    feed.set_lang(Some("zh-CN".to_string()));
    feed.set_authors(vec![Person {
        name: strip_bidi(&site.issuer).into_owned(),
        ..Person::default()
    }]);
    if let Some(d) = newest {
        feed.set_updated(timestamp(d)?);
    }
    feed.set_links(vec![
        Link {
            href: base.clone(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        },
        Link {
            href: format!("{base}{}", paths::FEED),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Link::default()
        },
    ]);
    feed.set_entries(entries);
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|e| anyhow!("cannot write the feed: {e}"))?;
    Ok(OutputFile::new(paths::FEED, bytes))
}

/// `sitemap.xml` listing `pages` (site-relative paths) under `base_url`; split into
/// `sitemap-N.xml` files behind an index when there are more than the protocol allows.
pub fn sitemaps(base_url: &str, pages: &[String]) -> Result<Vec<OutputFile>> {
    let base = base(base_url);
    if pages.len() <= URLS_PER_SITEMAP {
        return Ok(vec![OutputFile::new(paths::SITEMAP, urlset(&base, pages)?)]);
    }
    let mut files = Vec::new();
    let mut parts = Vec::new();
    for (i, chunk) in pages.chunks(URLS_PER_SITEMAP).enumerate() {
        let name = paths::sitemap_part(i + 1);
        files.push(OutputFile::new(name.clone(), urlset(&base, chunk)?));
        parts.push(name);
    }
    files.push(OutputFile::new(
        paths::SITEMAP,
        xml_list("sitemapindex", "sitemap", &base, &parts)?,
    ));
    Ok(files)
}

fn urlset(base: &str, pages: &[String]) -> Result<Vec<u8>> {
    xml_list("urlset", "url", base, pages)
}

/// `<outer xmlns=…><inner><loc>BASE+path</loc></inner>…</outer>`, escaped by quick-xml.
fn xml_list(outer: &str, inner: &str, base: &str, paths: &[String]) -> Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let err = |e: std::io::Error| anyhow!("cannot write the sitemap: {e}");
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(err)?;
    let mut start = BytesStart::new(outer);
    start.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
    w.write_event(Event::Start(start)).map_err(err)?;
    for path in paths {
        w.write_event(Event::Start(BytesStart::new(inner)))
            .map_err(err)?;
        w.write_event(Event::Start(BytesStart::new("loc")))
            .map_err(err)?;
        w.write_event(Event::Text(BytesText::new(&format!("{base}{path}"))))
            .map_err(err)?;
        w.write_event(Event::End(BytesEnd::new("loc")))
            .map_err(err)?;
        w.write_event(Event::End(BytesEnd::new(inner)))
            .map_err(err)?;
    }
    w.write_event(Event::End(BytesEnd::new(outer)))
        .map_err(err)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_sites_get_a_sitemap_index() {
        let pages: Vec<String> = (0..URLS_PER_SITEMAP + 1)
            .map(|i| format!("stations/s-{i}.html"))
            .collect();
        let files = sitemaps("https://x.example/jb", &pages).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        let index = String::from_utf8(files[2].bytes.clone()).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://x.example/jb/sitemap-2.xml</loc>"));
        let small = sitemaps("https://x.example/jb/", &pages[..2]).unwrap();
        let text = String::from_utf8(small[0].bytes.clone()).unwrap();
        assert!(text.contains("<loc>https://x.example/jb/stations/s-1.html</loc>"));
        assert_eq!(base("https://a/b//"), "https://a/b/");
    }
}
