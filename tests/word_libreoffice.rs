//! A realistic submission written the way LibreOffice writes .docx: a flat ODT
//! (title, source line, hand-numbered headings, a merged-cell table, a photo, a
//! footnote; CJK text needs the `-asian` properties) converted with `soffice --headless --convert-to docx`.
//! Skipped (with a note) when soffice is not installed; nothing binary is committed.

mod common;

use base64::Engine;
use pv_bulletin::import::article::docx::{read_docx, Limits, TitleSource};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn fodt(photo_png: &[u8]) -> String {
    let photo = base64::engine::general_purpose::STANDARD.encode(photo_png);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
<style:style style:name="PTitle" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="PSource" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="16pt" style:font-size-asian="16pt"/></style:style>
<style:style style:name="PBody" style:family="paragraph"><style:text-properties fo:font-size="16pt" style:font-size-asian="16pt"/></style:style>
<style:style style:name="TBold" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:p text:style-name="PTitle">小电站 大民生</text:p>
<text:p text:style-name="PSource">（西潘楼镇人民政府供稿）</text:p>
<text:p text:style-name="PBody">　　今年以来，我镇坚持<text:span text:style-name="TBold">“建得好、管得住”</text:span>，全镇12座村级光伏电站全部并网<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>并网数据截至2017年3月底。</text:p></text:note-body></text:note>。</text:p>
<text:p text:style-name="PBody">　　一、基本情况</text:p>
<text:p text:style-name="PBody">　　（一）电站建设</text:p>
<text:p text:style-name="PBody">　　1.村级电站</text:p>
<table:table table:name="表1"><table:table-column table:number-columns-repeated="3"/>
<table:table-row><table:table-cell><text:p>县区</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"><text:p>2017年发电量</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>利辛县</text:p></table:table-cell><table:table-cell><text:p>一季度</text:p></table:table-cell><table:table-cell><text:p>二季度</text:p></table:table-cell></table:table-row>
<table:table-row><table:covered-table-cell/><table:table-cell><text:p>52000</text:p></table:table-cell><table:table-cell><text:p>61000</text:p></table:table-cell></table:table-row>
</table:table>
<text:p text:style-name="PBody"><draw:frame draw:name="照片1" text:anchor-type="as-char" svg:width="4cm" svg:height="3cm"><draw:image><office:binary-data>{photo}</office:binary-data></draw:image><svg:desc>五里社区村级光伏电站</svg:desc></draw:frame></text:p>
<text:p text:style-name="PBody">　　二、下一步打算</text:p>
<text:p text:style-name="PBody">　　下一步，我镇将加强电站运维管理，确保收益按时分配到户。</text:p>
</office:text></office:body></office:document>"#
    )
}

/// Runs soffice on `src` with its own profile, killing only the process it started.
fn convert(src: &Path, dir: &Path) -> Option<Vec<u8>> {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let mut child = Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(dir)
        .arg(src)
        .spawn()
        .ok()?;
    let started = Instant::now();
    while child.try_wait().ok()?.is_none() {
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("soffice did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    std::fs::read(dir.join("fixture.docx")).ok()
}

#[test]
fn a_libreoffice_written_submission_reads_as_expected() {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("soffice not installed: skipping the LibreOffice fixture");
        return;
    }
    let dir = std::env::temp_dir().join(format!("docx-reader-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("fixture.fodt");
    std::fs::write(&src, fodt(&common::docx::png(160, 120))).unwrap();
    let docx = convert(&src, &dir).expect("soffice wrote fixture.docx");
    let _ = std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("libreoffice-fixture.docx"),
        &docx,
    );
    let _ = std::fs::remove_dir_all(&dir);

    let a = read_docx(&docx, "fixture.docx", "05-", &Limits::default()).unwrap();
    let md = &a.markdown;
    assert_eq!(
        a.title.as_ref().map(|t| t.text.as_str()),
        Some("小电站 大民生"),
        "{md}"
    );
    assert_eq!(a.title.unwrap().source, TitleSource::Centred);
    assert_eq!(a.author.as_deref(), Some("西潘楼镇人民政府"));
    assert!(md.starts_with("今年以来，我镇坚持<strong>“建得好、管得住”</strong>，全镇12座村级光伏电站全部并网[^1]。"), "{md}");
    for heading in [
        "# 一、基本情况",
        "## （一）电站建设",
        "### 1.村级电站",
        "# 二、下一步打算",
    ] {
        assert!(
            md.contains(&format!("\n\n{heading}\n\n")),
            "{heading}\n{md}"
        );
    }
    assert!(md.contains("<th colspan=\"2\">2017年发电量</th>"), "{md}");
    assert!(md.contains("<td rowspan=\"2\">利辛县</td>"), "{md}");
    assert!(
        md.contains("![五里社区村级光伏电站](images/05-1.png)"),
        "{md}"
    );
    assert!(md.contains("[^1]: 并网数据截至2017年3月底。"), "{md}");
    assert_eq!(a.images.len(), 1);
    assert_eq!((a.images[0].width, a.images[0].height), (160, 120));
    assert_eq!(
        (a.stats.headings, a.stats.tables, a.stats.footnotes),
        (4, 1, 1)
    );
    let html = common::docx::render(md);
    assert!(
        html.contains("rowspan=\"2\"") && html.contains("<strong>“建得好、管得住”</strong>"),
        "{html}"
    );
}
