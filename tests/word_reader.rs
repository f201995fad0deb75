//! The rules of the Word import, one test (or a few) each.

mod common;

use common::docx::*;
use pv_bulletin::import::article::docx::{read_docx, Article, ErrorKind, Limits, TitleSource};
use pv_bulletin::model::images::ImageFormat as ImageKind;

fn read(d: &Docx) -> Article {
    read_docx(&d.build(), "稿件.docx", "03-", &Limits::default()).unwrap()
}

fn body(d: Docx) -> String {
    read(&d).markdown
}

const TITLE_STYLES: &str = r#"
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="MyH2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="Custom3"><w:name w:val="我的小标题"/><w:basedOn w:val="Outline3"/></w:style>
<w:style w:type="paragraph" w:styleId="Outline3"><w:name w:val="大纲3"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
"#;

// ---------- title ----------

#[test]
fn title_from_title_style_resolved_by_name_is_removed_from_body() {
    let d = Docx::new(&format!(
        "{}{}{}",
        p("前言段落在标题前。"),
        p_with(
            r#"<w:pStyle w:val="a3"/>"#,
            &run("", "全面推进光伏扶贫电站建设")
        ),
        p("正文第一段。")
    ))
    .styles(TITLE_STYLES);
    let a = read(&d);
    let t = a.title.unwrap();
    assert_eq!(t.text, "全面推进光伏扶贫电站建设");
    assert_eq!(t.source, TitleSource::TitleStyle);
    assert!(!a.markdown.contains("全面推进"), "{}", a.markdown);
}

#[test]
fn title_from_first_centred_paragraph_with_subtitle() {
    let d = Docx::new(&format!(
        "{}{}{}{}",
        p_with(r#"<w:jc w:val="center"/>"#, &run("<w:b/>", "小电站 大民生")),
        p_with(
            r#"<w:jc w:val="center"/>"#,
            &run("", "——西潘楼镇光伏扶贫工作纪实")
        ),
        p("　　正文第一段。"),
        p("正文第二段。")
    ));
    let t = read(&d).title.unwrap();
    assert_eq!(t.text, "小电站 大民生——西潘楼镇光伏扶贫工作纪实");
    assert_eq!(t.source, TitleSource::Centred);
}

#[test]
fn title_from_largest_font_at_the_top() {
    let d = Docx::new(&format!(
        "{}{}{}",
        p_with("", &run(r#"<w:sz w:val="44"/>"#, "我镇光伏电站全部并网")),
        p_with(
            "",
            &run(
                r#"<w:sz w:val="32"/>"#,
                "截至3月底，全镇12座村级光伏电站全部并网发电。"
            )
        ),
        p_with(
            "",
            &run(r#"<w:sz w:val="32"/>"#, "下一步，我镇将做好运维管理。")
        )
    ));
    let a = read(&d);
    assert_eq!(a.title.as_ref().unwrap().source, TitleSource::LargestFont);
    assert_eq!(a.title.unwrap().text, "我镇光伏电站全部并网");
    assert!(a.markdown.starts_with("截至3月底"), "{}", a.markdown);
}

#[test]
fn no_title_when_nothing_stands_out() {
    let d = Docx::new(&format!("{}{}", p("第一段是正文。"), p("第二段也是正文。")));
    let a = read(&d);
    assert_eq!(a.title, None);
    assert!(a.markdown.starts_with("第一段是正文。"));
}

// ---------- source line ----------

#[test]
fn source_lines_become_author_and_leave_the_body() {
    for (line, want) in [
        ("（西潘楼镇人民政府供稿）", "西潘楼镇人民政府"),
        ("(五里社区供稿)", "五里社区"),
        ("供稿：利辛县扶贫办", "利辛县扶贫办"),
        ("来源: 县光伏运维中心", "县光伏运维中心"),
        ("作者：张三　李四", "张三 李四"),
        ("　　（ 云山县扶贫办 供稿 ）", "云山县扶贫办"),
    ] {
        let d = Docx::new(&format!(
            "{}{}{}",
            p_with(r#"<w:jc w:val="center"/>"#, &run("", "标题")),
            p(line),
            p("正文。")
        ));
        let a = read(&d);
        assert_eq!(a.author.as_deref(), Some(want), "{line}");
        assert_eq!(a.markdown.trim(), "正文。", "{line}");
    }
}

#[test]
fn a_sentence_starting_with_a_label_is_not_a_source_line() {
    let d = Docx::new(&format!(
        "{}{}",
        p("来源：据县统计局统计，全县电站运行良好。"),
        p("正文。")
    ));
    let a = read(&d);
    assert_eq!(a.author, None);
    assert!(
        a.markdown.starts_with("来源：据县统计局统计"),
        "{}",
        a.markdown
    );
}

#[test]
fn bracketed_source_line_at_the_end_is_found_too() {
    let d = Docx::new(&format!("{}{}", p("正文。"), p("（王人集镇供稿）")));
    let a = read(&d);
    assert_eq!(a.author.as_deref(), Some("王人集镇"));
    assert_eq!(a.markdown.trim(), "正文。");
}

// ---------- body text ----------

#[test]
fn manual_indents_are_stripped_and_empty_paragraphs_dropped() {
    let d = Docx::new(&format!(
        "{}{}{}{}",
        p("　　第一段用全角空格缩进。"),
        p("   "),
        "<w:p/>",
        p_with("", "<w:r><w:tab/><w:t>第二段用制表符缩进。</w:t></w:r>")
    ));
    assert_eq!(body(d), "第一段用全角空格缩进。\n\n第二段用制表符缩进。\n");
}

#[test]
fn adjacent_runs_with_the_same_formatting_merge() {
    let d = Docx::new(&p_with(
        "",
        &format!(
            "{}{}{}{}",
            run("<w:b/>", "光伏"),
            run(r#"<w:b/><w:sz w:val="30"/>"#, "扶贫"),
            run("", "是"),
            run("<w:i/>", "民生工程")
        ),
    ));
    assert_eq!(body(d), "**光伏扶贫**是*民生工程*\n");
}

#[test]
fn character_style_and_bold_off_are_resolved() {
    let d = Docx::new(&p_with(
        "",
        &format!(
            "{}{}",
            run(r#"<w:rStyle w:val="Strong"/>"#, "重点"),
            run(r#"<w:rStyle w:val="Strong"/><w:b w:val="0"/>"#, "不加粗")
        ),
    ))
    .styles(TITLE_STYLES);
    assert_eq!(body(d), "**重点**不加粗\n");
}

#[test]
fn bold_next_to_chinese_punctuation_uses_html_that_renders() {
    let d = Docx::new(&p_with(
        "",
        &format!(
            "{}{}{}",
            run("", "实现"),
            run("<w:b/>", "“建得好、管得住”"),
            run("", "目标")
        ),
    ));
    let md = body(d);
    assert_eq!(md, "实现<strong>“建得好、管得住”</strong>目标\n");
    assert!(render(&md).contains("<strong>“建得好、管得住”</strong>"));
}

#[test]
fn markdown_special_characters_stay_literal() {
    let text =
        r"1. 不是列表 *星号* _下划线_ #井号 [方括号](x) <b>标签</b> a|b ~~删~~ &amp; \反斜杠";
    let d = Docx::new(&format!(
        "{}{}{}",
        p(text),
        p("- 不是列表项"),
        p("# 不是标题")
    ));
    let html = render(&body(d));
    for literal in [
        "1. 不是列表 *星号* _下划线_ #井号 [方括号](x) &lt;b&gt;标签&lt;/b&gt; a|b ~~删~~ &amp;amp; \\反斜杠",
        "<p>- 不是列表项</p>",
        "<p># 不是标题</p>",
    ] {
        assert!(html.contains(literal), "{literal}\n{html}");
    }
    assert!(
        !html.contains("<ol") && !html.contains("<ul") && !html.contains("<h1"),
        "{html}"
    );
}

#[test]
fn soft_breaks_become_hard_breaks_and_page_breaks_vanish() {
    let d = Docx::new(&p_with(
        "",
        r#"<w:r><w:t>第一行</w:t><w:br/><w:t>　　1. 第二行</w:t><w:br w:type="page"/><w:t>接着</w:t><w:lastRenderedPageBreak/></w:r>"#,
    ));
    let md = body(d);
    assert_eq!(md, "第一行\\\n1\\. 第二行接着\n");
    assert!(
        render(&md).contains("第一行<br>\n1. 第二行接着"),
        "{}",
        render(&md)
    );
}

#[test]
fn comments_bookmarks_field_codes_and_headers_are_dropped() {
    let d = Docx::new(&p_with(
        "",
        r#"<w:bookmarkStart w:id="0" w:name="_Toc1"/><w:commentRangeStart w:id="1"/><w:r><w:t>截至</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \@ "yyyy年M月" </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2017年3月</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:bookmarkEnd w:id="0"/><w:r><w:t>底</w:t></w:r>"#,
    ))
    .part("word/header1.xml", format!(r#"<w:hdr {NS}><w:p><w:r><w:t>页眉文字</w:t></w:r></w:p></w:hdr>"#))
    .rel("rIdH", "header", "header1.xml", false);
    let a = read(&d);
    assert_eq!(a.markdown, "截至2017年3月底\n");
    assert!(
        a.warnings.iter().any(|w| w.contains("批注")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn tracked_changes_are_accepted_with_one_warning() {
    let d = Docx::new(&format!(
        "{}{}",
        p_with(
            "",
            r#"<w:r><w:t>装机</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>187.2</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>180</w:delText></w:r></w:del><w:r><w:t>千瓦</w:t></w:r><w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>。</w:t></w:r></w:moveTo>"#
        ),
        p_with(
            "",
            r#"<w:ins w:id="5" w:author="a"><w:r><w:t>新增一段。</w:t></w:r></w:ins>"#
        )
    ));
    let a = read(&d);
    assert_eq!(a.markdown, "装机187.2千瓦。\n\n新增一段。\n");
    assert_eq!(
        a.warnings.iter().filter(|w| w.contains("修订")).count(),
        1,
        "{:?}",
        a.warnings
    );
}

#[test]
fn content_controls_smart_tags_and_custom_xml_are_read_through() {
    let d = Docx::new(&format!(
        r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>
        <w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>
        <w:customXml w:element="c">{}</w:customXml>"#,
        p_with(
            "",
            r#"<w:smartTag w:element="place"><w:r><w:t>利辛县</w:t></w:r></w:smartTag><w:sdt><w:sdtContent><w:r><w:t>西潘楼镇</w:t></w:r></w:sdtContent></w:sdt>"#
        ),
        p("单击或点击此处输入文字。"),
        p("第二段。")
    ));
    assert_eq!(body(d), "利辛县西潘楼镇\n\n第二段。\n");
}

#[test]
fn alternate_content_takes_one_branch_and_text_boxes_become_paragraphs() {
    let txbx = |t: &str| format!("<w:txbxContent>{}</w:txbxContent>", p(t));
    let d = Docx::new(&format!(
        r#"<w:p><w:r><w:t>图文框前。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="3" name="文本框 3"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
        <w:p><w:r><mc:AlternateContent><mc:Choice Requires="aink"><w:t>墨迹</w:t></mc:Choice><mc:Fallback><w:t>后备文字</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        txbx("文本框里的话。"),
        txbx("文本框里的话。")
    ));
    assert_eq!(body(d), "图文框前。\n\n文本框里的话。\n\n后备文字\n");
}

// ---------- headings ----------

#[test]
fn word_heading_styles_resolve_through_names_based_on_and_outline_levels() {
    let d = Docx::new(&format!(
        "{}{}{}{}{}",
        p_with(r#"<w:pStyle w:val="1"/>"#, &run("", "一、总体情况")),
        p("正文。"),
        p_with(r#"<w:pStyle w:val="MyH2"/>"#, &run("", "（一）建设进度")),
        p_with(r#"<w:pStyle w:val="Custom3"/>"#, &run("", "具体做法")),
        p_with(r#"<w:outlineLvl w:val="1"/>"#, &run("", "直接设置大纲级别"))
    ))
    .styles(TITLE_STYLES);
    let a = read(&d);
    assert_eq!(
        a.markdown,
        "# 一、总体情况\n\n正文。\n\n## （一）建设进度\n\n### 具体做法\n\n## 直接设置大纲级别\n"
    );
    assert_eq!(a.stats.headings, 4);
}

#[test]
fn hand_typed_numbering_becomes_heading_levels_only_for_short_lines() {
    let d = Docx::new(&format!(
        "{}{}{}{}{}{}{}{}",
        p("　　一、基本情况"),
        p("（一）电站建设"),
        p("1.村级电站"),
        p("（1）并网情况"),
        p("2、加强运维管理。各乡镇要落实专人负责电站日常看护，确保电站稳定运行。"),
        p("（二）全年完成装机1.5万千瓦，超额完成任务。"),
        p("1.5万千瓦已并网"),
        p_with("", &run("<w:b/>", "二、下一步打算"))
    ));
    let md = body(d);
    assert_eq!(
        md,
        "# 一、基本情况\n\n## （一）电站建设\n\n### 1.村级电站\n\n#### （1）并网情况\n\n\
         2、加强运维管理。各乡镇要落实专人负责电站日常看护，确保电站稳定运行。\n\n\
         （二）全年完成装机1.5万千瓦，超额完成任务。\n\n1.5万千瓦已并网\n\n# 二、下一步打算\n"
    );
    // Under the article's <h3> title: # → h4, ## → h5, deeper → h6.
    let html = render(&md);
    assert!(
        html.contains("<h4>一、基本情况</h4>") && html.contains("<h6>（1）并网情况</h6>"),
        "{html}"
    );
}

#[test]
fn heading_levels_shift_so_the_highest_used_is_the_first_sub_heading() {
    let d = Docx::new(&format!(
        "{}{}{}",
        p("（一）电站建设"),
        p("正文。"),
        p("1.村级电站")
    ));
    assert_eq!(body(d), "# （一）电站建设\n\n正文。\n\n## 1.村级电站\n");
}

// ---------- lists ----------

#[test]
fn bulleted_and_numbered_lists_follow_numbering_xml() {
    let numbering = r#"
      <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;
    let item = |id: u32, lvl: u32, t: &str| {
        p_with(
            &format!(r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr>"#),
            &run("", t),
        )
    };
    let d = Docx::new(&format!(
        "{}{}{}{}{}{}{}",
        item(1, 0, "村级电站"),
        item(1, 1, "已并网"),
        item(1, 1, "在建"),
        item(1, 0, "户用电站"),
        p("中间一段。"),
        item(2, 0, "第三项"),
        item(2, 0, "- 第四项")
    ))
    .numbering(numbering);
    let md = body(d);
    assert_eq!(
        md,
        "- 村级电站\n  1. 已并网\n  2. 在建\n- 户用电站\n\n中间一段。\n\n3. 第三项\n4. \\- 第四项\n"
    );
    let html = render(&md);
    assert!(html.contains("<ol start=\"3\">"), "{html}");
}

// ---------- tables ----------

const TC: &str = "<w:tc><w:tcPr/><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>";

fn tc(t: &str) -> String {
    TC.replace("{}", t)
}

#[test]
fn a_plain_table_becomes_a_pipe_table_with_escaped_pipes() {
    let row = |a: &str, b: &str| format!("<w:tr>{}{}</w:tr>", tc(a), tc(b));
    let d = Docx::new(&format!(
        "<w:tbl><w:tblPr/><w:tblGrid/>{}{}{}</w:tbl>",
        row("电站", "容量|kW"),
        row("五里社区*1号", "187.2"),
        row("[合计]", "&lt;b&gt;")
    ));
    let a = read(&d);
    assert_eq!(
        a.markdown,
        "| 电站 | 容量\\|kW |\n| --- | --- |\n| 五里社区\\*1号 | 187.2 |\n| \\[合计\\] | \\<b\\> |\n"
    );
    assert_eq!(a.stats.tables, 1);
    let html = render(&a.markdown);
    assert!(
        html.contains("<td>容量|kW</td>") || html.contains("<th>容量|kW</th>"),
        "{html}"
    );
}

#[test]
fn merged_cells_become_an_html_table_whose_spans_survive_sanitizing() {
    let span = |n: u32, t: &str| {
        format!(
            r#"<w:tc><w:tcPr><w:gridSpan w:val="{n}"/></w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"#
        )
    };
    let vm = |restart: bool, t: &str| {
        let v = if restart { r#" w:val="restart""# } else { "" };
        format!(
            r#"<w:tc><w:tcPr><w:vMerge{v}/></w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"#
        )
    };
    let d = Docx::new(&format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
        tc("县区"),
        span(2, "2017年"),
        vm(true, "利辛县"),
        tc("&lt;一季度&gt;"),
        tc("二季度"),
        vm(false, ""),
        tc("52000"),
        tc("61000")
    ));
    let md = body(d);
    assert!(
        md.starts_with("<table><tbody>\n<tr><th>县区</th><th colspan=\"2\">2017年</th></tr>"),
        "{md}"
    );
    assert!(
        md.contains("<td rowspan=\"2\">利辛县</td><td>&lt;一季度&gt;</td>"),
        "{md}"
    );
    assert!(
        !md.contains("\n\n<tr>"),
        "no blank line may end the HTML block: {md}"
    );
    let html = render(&md);
    assert!(
        html.contains("colspan=\"2\"") && html.contains("rowspan=\"2\""),
        "{html}"
    );
    assert!(html.contains("&lt;一季度&gt;"), "{html}");
}

#[test]
fn a_one_cell_frame_table_is_read_as_body_text() {
    let d = Docx::new(&format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc("框里的一段话。")
    ));
    assert_eq!(body(d), "框里的一段话。\n");
}

// ---------- notes and links ----------

#[test]
fn footnotes_become_markdown_footnotes_in_order_of_reference() {
    let d = Docx::new(&p_with(
        "",
        r#"<w:r><w:t>收益</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r><w:r><w:t>和补贴</w:t></w:r><w:r><w:footnoteReference w:id="3"/></w:r><w:r><w:t>。</w:t></w:r>"#,
    ))
    .footnotes(&format!(
        r#"<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 国家补贴。</w:t></w:r></w:p></w:footnote><w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>到账收益。</w:t></w:r></w:p>{}</w:footnote>"#,
        p("第二段说明。")
    ));
    let a = read(&d);
    assert_eq!(
        a.markdown,
        "收益[^1]和补贴[^2]。\n\n[^1]: 到账收益。\n\n    第二段说明。\n\n[^2]: 国家补贴。\n"
    );
    assert_eq!(a.stats.footnotes, 2);
    assert!(render(&a.markdown).contains("footnote-definition"));
}

#[test]
fn hyperlinks_keep_http_and_mailto_targets_only() {
    let d = Docx::new(&p_with(
        "",
        r#"<w:hyperlink r:id="rL1"><w:r><w:t>政策原文</w:t></w:r></w:hyperlink><w:r><w:t>、</w:t></w:r><w:hyperlink r:id="rL2"><w:r><w:t>邮箱</w:t></w:r></w:hyperlink><w:r><w:t>、</w:t></w:r><w:hyperlink r:id="rL3"><w:r><w:t>本地文件</w:t></w:r></w:hyperlink><w:hyperlink w:anchor="_Toc1"><w:r><w:t>、书签</w:t></w:r></w:hyperlink>"#,
    ))
    .rel("rL1", "hyperlink", "http://www.cpad.gov.cn/a (1).html", true)
    .rel("rL2", "hyperlink", "mailto:fpb@example.gov.cn", true)
    .rel("rL3", "hyperlink", "file:///C:/secret.docx", true);
    let md = body(d);
    assert_eq!(
        md,
        "[政策原文](http://www.cpad.gov.cn/a%20%281%29.html)、[邮箱](mailto:fpb@example.gov.cn)、本地文件、书签\n"
    );
}

// ---------- refusals ----------

#[test]
fn old_word_and_wps_files_are_refused_with_save_as_hint() {
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0WordDocument".to_vec();
    for name in ["旧稿.doc", "旧稿.wps", "旧稿.docx"] {
        let e = read_docx(&ole, name, "x-", &Limits::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotDocx);
        assert!(e.message.contains("另存为 .docx"), "{}", e.message);
    }
    let e = read_docx(b"just text", "a.doc", "x-", &Limits::default()).unwrap_err();
    assert!(e.message.contains("另存为 .docx"), "{}", e.message);
    let e = read_docx(b"{\\rtf1 hello}", "a.docx", "x-", &Limits::default()).unwrap_err();
    assert!(e.message.contains("RTF"), "{}", e.message);
}

#[test]
fn password_protected_files_are_refused() {
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend(vec![0u8; 500]);
    ole.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let e = read_docx(&ole, "加密.docx", "x-", &Limits::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Encrypted);
    assert!(e.message.contains("密码保护"), "{}", e.message);
}

#[test]
fn macro_documents_are_read_with_a_warning() {
    let d = Docx::new(&p("正文。")).part("word/vbaProject.bin", b"\xD0\xCF\x11\xE0macro".to_vec());
    let a = read_docx(&d.build(), "带宏.docm", "x-", &Limits::default()).unwrap();
    assert_eq!(a.markdown, "正文。\n");
    assert!(
        a.warnings.iter().any(|w| w.contains("宏")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn an_empty_document_is_refused() {
    for body in [
        String::new(),
        p("　　"),
        format!(
            "{}{}",
            p_with(r#"<w:jc w:val="center"/>"#, &run("", "只有标题")),
            p("（某镇供稿）")
        ),
    ] {
        let e = read_docx(
            &Docx::new(&body).build(),
            "空.docx",
            "x-",
            &Limits::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Empty, "{body}");
        assert!(e.message.contains("文档没有正文"));
    }
}

#[test]
fn an_odt_file_is_refused() {
    let odt = zip_files(
        &[
            (
                "mimetype".into(),
                b"application/vnd.oasis.opendocument.text".to_vec(),
            ),
            ("content.xml".into(), b"<x/>".to_vec()),
        ],
        true,
    );
    let e = read_docx(&odt, "a.odt", "x-", &Limits::default()).unwrap_err();
    assert!(e.message.contains("ODT"), "{}", e.message);
}

#[test]
fn images_in_document_order_are_sniffed_and_renamed() {
    let d = Docx::new(&format!(
        "{}{}",
        p_with(
            "",
            &format!(
                "{}{}",
                run("", "现场："),
                drawing("rId5", "村级电站全景", "")
            )
        ),
        p_with(
            "",
            &format!(
                "{}{}{}",
                drawing("rId6", "", "验收现场"),
                drawing("rId7", "", ""),
                drawing("rId5", "", "")
            )
        )
    ))
    .image("rId5", "image1.png", png(40, 30))
    .image("rId6", "image2.png", jpeg(20, 10)) // a JPEG named .png
    .image("rId7", "image3.jpeg", jpeg(8, 8));
    let a = read(&d);
    let names: Vec<_> = a
        .images
        .iter()
        .map(|i| (i.file_name.as_str(), i.kind, i.alt.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("03-1.png", ImageKind::Png, "村级电站全景"),
            ("03-2.jpg", ImageKind::Jpeg, "验收现场"),
            ("03-3.jpg", ImageKind::Jpeg, "")
        ]
    );
    assert_eq!((a.images[0].width, a.images[0].height), (40, 30));
    assert_eq!(
        a.markdown,
        "现场：![村级电站全景](images/03-1.png)\n\n![验收现场](images/03-2.jpg)![](images/03-3.jpg)![村级电站全景](images/03-1.png)\n"
    );
    assert_eq!(a.stats.images, 3);
}

#[test]
fn vml_imagedata_pictures_are_read() {
    let d = Docx::new(&p_with(
        "",
        r#"<w:r><w:pict><v:shape style="width:100pt"><v:imagedata r:id="rId9" o:title="光伏板"/></v:shape></w:pict></w:r>"#,
    ))
    .image("rId9", "image9.png", png(4, 4));
    let a = read(&d);
    assert_eq!(a.markdown, "![光伏板](images/03-1.png)\n");
}

#[test]
fn word_machine_alt_text_is_not_a_caption() {
    let d = Docx::new(&p_with(
        "",
        &drawing("rId5", "图片包含 户外, 天空&#10;&#10;描述已自动生成", ""),
    ))
    .image("rId5", "image1.png", png(4, 4));
    assert_eq!(
        read(&d).images[0].alt,
        "",
        "no caption rather than Word's guess"
    );
}

#[test]
fn emf_and_other_formats_are_refused_with_a_hint() {
    let mut emf = vec![1, 0, 0, 0];
    emf.extend(vec![0u8; 36]);
    emf.extend(b" EMF");
    emf.extend(vec![0u8; 40]);
    for (name, bytes, format) in [
        ("image3.emf", emf, "EMF"),
        ("image4.gif", b"GIF89a....".to_vec(), "GIF"),
        ("image5.tif", b"II*\0....".to_vec(), "TIFF"),
        ("image6.bmp", b"BM......".to_vec(), "BMP"),
        (
            "image7.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
            "SVG",
        ),
        ("image8.wmf", b"\xD7\xCD\xC6\x9A....".to_vec(), "WMF"),
    ] {
        let d = Docx::new(&p_with("", &drawing("rId5", "", ""))).image("rId5", name, bytes);
        let e = read_docx(&d.build(), "a.docx", "x-", &Limits::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnsupportedImage);
        assert_eq!(
            e.message,
            format!("图片 {name} 是 {format} 格式，请在 Word 中插入 PNG 或 JPEG 图片")
        );
    }
}

#[test]
fn ole_object_previews_in_emf_get_their_own_hint() {
    let mut emf = vec![1, 0, 0, 0];
    emf.extend(vec![0u8; 36]);
    emf.extend(b" EMF");
    let d = Docx::new(&p_with(
        "",
        r#"<w:r><w:object><v:shape><v:imagedata r:id="rId5" o:title=""/></v:shape><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" r:id="rId6"/></w:object></w:r>"#,
    ))
    .image("rId5", "image1.emf", emf);
    let e = read_docx(&d.build(), "a.docx", "x-", &Limits::default()).unwrap_err();
    assert!(
        e.message.contains("嵌入对象") && e.message.contains("Excel"),
        "{}",
        e.message
    );
}

#[test]
fn shapes_and_charts_without_pictures_are_skipped_with_a_warning() {
    let d = Docx::new(&format!(
        "{}{}",
        p("正文。"),
        p_with(
            "",
            r#"<w:r><w:drawing><wp:inline><wp:docPr id="2" name="图表 2"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId8"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        )
    ));
    let a = read(&d);
    assert_eq!(a.markdown, "正文。\n");
    assert!(
        a.warnings.iter().any(|w| w.contains("图表")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn image_prefix_cannot_make_a_path() {
    let d = Docx::new(&p_with("", &drawing("rId5", "", ""))).image("rId5", "image1.png", png(2, 2));
    let a = read_docx(&d.build(), "a.docx", "../../x/", &Limits::default()).unwrap();
    assert_eq!(a.images[0].file_name, "-.-..-x-1.png");
}

#[test]
fn endnotes_share_the_footnote_numbering() {
    let endnotes = format!(
        r#"<?xml version="1.0"?><w:endnotes {NS}><w:endnote w:id="2"><w:p><w:r><w:t>尾注内容。</w:t></w:r></w:p></w:endnote></w:endnotes>"#
    );
    let d = Docx::new(&p_with(
        "",
        r#"<w:r><w:t>正文</w:t></w:r><w:r><w:endnoteReference w:id="2"/></w:r>"#,
    ))
    .part("word/endnotes.xml", endnotes)
    .rel("rIdE", "endnotes", "endnotes.xml", false);
    assert_eq!(body(d), "正文[^1]\n\n[^1]: 尾注内容。\n");
}

#[test]
fn hidden_text_is_dropped() {
    let d = Docx::new(&p_with(
        "",
        &format!("{}{}", run("", "看得见"), run("<w:vanish/>", "隐藏文字")),
    ));
    assert_eq!(body(d), "看得见\n");
}

#[test]
fn strict_ooxml_namespaces_are_understood() {
    let strict = r#"<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>严格格式标题</w:t></w:r></w:p><w:p><w:r><w:t>正文。</w:t></w:r></w:p></w:body></w:document>"#;
    let a = read(&Docx::new("").raw_document(strict));
    assert_eq!(a.title.unwrap().text, "严格格式标题");
    assert_eq!(a.markdown, "正文。\n");
}
