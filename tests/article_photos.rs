//! Photos in articles: embedded in the issue page (scaled, captioned, once),
//! refused at their Markdown line when they cannot be shown, and never an
//! author-written `<img>`.

mod common;

use base64::Engine;
use common::docx::{jpeg, png, png_claiming};
use common::{snapshot, stderr, synthetic, Project};

fn article(body: &str) -> String {
    format!("---\ncolumn: 工作动态\ntitle: 现场\n---\n{body}")
}

/// The issue page of the sample project.
fn page(p: &Project) -> String {
    std::fs::read_to_string(p.out().join("issues/7.html")).unwrap()
}

/// The `data:` URIs of the photos on a page, decoded.
fn photos(page: &str) -> Vec<image::DynamicImage> {
    page.split("src=\"data:image/")
        .skip(1)
        .map(|rest| {
            let b64 = rest
                .split_once(";base64,")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            image::load_from_memory(&bytes).unwrap()
        })
        .collect()
}

/// `check` fails and says each of `expected`.
fn fails(p: &Project, expected: &[&str]) {
    let o = p.run("check");
    let said = stderr(&o);
    assert!(!o.status.success(), "{said}");
    for e in expected {
        assert!(said.contains(e), "wanted `{e}` in\n{said}");
    }
}

#[test]
fn photos_are_embedded_scaled_and_captioned() {
    let p = Project::valid();
    let photo = synthetic::jpeg_of(&synthetic::photo(1600, 1200, 3), 90);
    p.write_bytes("bulletins/7/images/现场.jpg", &photo);
    p.write_bytes("bulletins/7/images/small.png", &png(40, 30));
    p.write(
        "bulletins/7/03-photos.md",
        &article(
            "前言。\n\n![五里社区<电站>“全景”](images/现场.jpg)\n\n文中小图 ![小图](./images/small.png) 一张。\n",
        ),
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = page(&p);
    assert!(
        page.contains("<figure class=\"photo\"><img class=\"photo\" src=\"data:image/jpeg;base64,"),
        "a figure"
    );
    assert!(page.contains(
        "width=\"1200\" height=\"900\" alt=\"五里社区&lt;电站&gt;“全景”\">\
         <figcaption>五里社区&lt;电站&gt;“全景”</figcaption></figure>"
    ));
    assert!(page.contains("<p>文中小图 <img class=\"photo-inline\" src=\"data:image/png;base64,"));
    assert!(page.contains("width=\"40\" height=\"30\" alt=\"小图\"> 一张。</p>"));
    let shown = photos(&page);
    assert_eq!(shown.len(), 2);
    assert_eq!((shown[0].width(), shown[0].height()), (1200, 900));
    assert_eq!(
        (shown[1].width(), shown[1].height()),
        (40, 30),
        "never scaled up"
    );
    // The same data, the same page.
    let first = std::fs::read(p.out().join("issues/7.html")).unwrap();
    std::fs::remove_dir_all(p.out()).unwrap();
    assert!(p.run("build").status.success());
    assert!(std::fs::read(p.out().join("issues/7.html")).unwrap() == first);
}

#[test]
fn images_that_cannot_be_shown_are_errors_at_their_line_and_column() {
    let p = Project::valid();
    p.write_bytes("bulletins/7/images/photo.jpg", &jpeg(64, 48));
    p.write_bytes(
        "bulletins/7/images/anim.gif",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    );
    p.write_bytes("bulletins/7/images/notes.jpg", b"not a picture at all");
    p.write_bytes(
        "bulletins/7/images/huge.png",
        &png_claiming(100_000, 100_000),
    );
    let mut big = jpeg(8, 8);
    big.resize(21 * 1024 * 1024, 0);
    p.write_bytes("bulletins/7/images/big.jpg", &big);
    p.write(
        "bulletins/7/03-bad.md",
        &article(concat!(
            "![远程](http://198.51.100.7/a.jpg)\n\n", // line 5
            "![缺](images/Photo.JPG)\n\n",            // 7
            "正文 ![手写](data:image/png;base64,iVBORw0KGgo=) 结束。\n\n", // 9
            "![外](images/../bulletin.yaml)\n\n",     // 11
            "![动图](images/anim.gif)\n\n",           // 13
            "![假](images/notes.jpg)\n\n",            // 15
            "![巨](images/huge.png)\n\n",             // 17
            "![大](images/big.jpg)\n\n",              // 19
            "![好](images/photo.jpg)\n",              // 21
        )),
    );
    fails(
        &p,
        &[
            "03-bad.md:5:1: image `http://198.51.100.7/a.jpg`",
            "never fetches anything",
            "03-bad.md:7:1: image `images/Photo.JPG` not found",
            "did you mean `images/photo.jpg`? (file names are case-sensitive)",
            "03-bad.md:9:4: image `data:image/png;base64,iVBORw0KGgo=`: not a file of this issue",
            "03-bad.md:11:1: image `images/../bulletin.yaml`: not in",
            "not in the issue's images/ folder",
            "03-bad.md:13:1: image `images/anim.gif`: not a PNG or JPEG picture but GIF",
            "03-bad.md:15:1: image `images/notes.jpg`: not a PNG or JPEG picture",
            "03-bad.md:17:1: image `images/huge.png`: the picture is 100000 × 100000 pixels",
            "03-bad.md:19:1: image `images/big.jpg`: the picture is 21.0 MB",
            "8 errors",
        ],
    );
}

#[test]
fn a_damaged_photo_fails_the_build_at_its_line() {
    // The header is fine (check reads only that), the pixels are not.
    let p = Project::valid();
    let mut damaged = synthetic::jpeg_of(&synthetic::photo(64, 64, 1), 90);
    damaged.truncate(300);
    p.write_bytes("bulletins/7/images/damaged.jpg", &damaged);
    p.write(
        "bulletins/7/03-damaged.md",
        &article("段落。\n\n![坏](images/damaged.jpg)\n"),
    );
    let o = p.run("build");
    let said = stderr(&o);
    assert!(!o.status.success(), "{said}");
    assert!(
        said.contains("03-damaged.md:7:1: image `images/damaged.jpg`: the picture is damaged"),
        "{said}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_and_author_images_never_survive() {
    let p = Project::valid();
    p.write_bytes("bulletins/7/images/a.png", &png(20, 20));
    p.write(
        "bulletins/7/03-html.md",
        &article(
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\">\n\n\
             段落 <img src=\"images/a.png\"> 与 <IMG SRC=x onerror=alert(1)>。\n\n\
             <figure><img src=\"data:image/jpeg;base64,AAAA\"></figure>\n\n\
             ![ours](images/a.png)\n",
        ),
    );
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = page(&p);
    let shown = &page[page.find("<h3>现场</h3>").unwrap()..];
    let shown = &shown[..shown.find("</article>").unwrap()];
    assert_eq!(
        shown.matches("<img").count(),
        1,
        "only pv-bulletin's photo: {shown}"
    );
    assert_eq!(shown.matches("data:").count(), 1, "{shown}");
    assert!(!page.contains("onerror"));
    // A broken reference now: the build fails and the site stays as it was.
    let before = snapshot(&p.out());
    p.write(
        "bulletins/7/04-broken.md",
        &article("![x](images/missing.png)\n"),
    );
    let o = p.run("build");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("04-broken.md:5:1: image `images/missing.png` not found"));
    assert!(snapshot(&p.out()) == before);
}

#[test]
fn an_issue_with_six_phone_photos_stays_mailable() {
    // Six photos at phone size take a release build to make quickly; the page
    // size is what matters, so two different photos stand for six here (each
    // file is embedded on its own). `cargo run --release --example
    // measure_photos` measures six 4000×3000 ones.
    let p = Project::valid();
    let originals = [
        synthetic::jpeg_of(&synthetic::photo(2000, 1500, 1), 92),
        synthetic::jpeg_of(&synthetic::photo(2000, 1500, 2), 92),
    ];
    let mut body = String::new();
    for i in 0..6 {
        p.write_bytes(
            &format!("bulletins/7/images/photo-{i}.jpg"),
            &originals[i % 2],
        );
        body.push_str(&format!(
            "第{i}段。\n\n![现场照片{i}](images/photo-{i}.jpg)\n\n"
        ));
    }
    p.write("bulletins/7/03-six.md", &article(&body));
    let o = p.run("build");
    assert!(o.status.success(), "{}", stderr(&o));
    let size = std::fs::metadata(p.out().join("issues/7.html"))
        .unwrap()
        .len();
    assert!(size < 1_500_000, "{size} bytes");
    assert_eq!(photos(&page(&p)).len(), 6);
}

#[test]
fn check_finds_what_build_would_without_embedding() {
    let p = Project::valid();
    p.write_bytes("bulletins/7/images/ok.jpg", &jpeg(16, 16));
    p.write("bulletins/7/03-ok.md", &article("![好](images/ok.jpg)\n"));
    let o = p.run("check");
    assert!(o.status.success(), "{}", stderr(&o));
    p.write("bulletins/7/03-ok.md", &article("![好](images/gone.jpg)\n"));
    let o = p.run("check");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("03-ok.md:5:1: image `images/gone.jpg` not found"),
        "{}",
        stderr(&o)
    );
    // Pictures are data now: not reported as files that are not.
    assert!(!stderr(&o).contains("not a data file"), "{}", stderr(&o));
}
