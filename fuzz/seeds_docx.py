"""Helpers of seeds.sh for the import_article corpus.

    seeds_docx.py DATA_DIR OUT_DIR      each article of DATA_DIR/bulletins as a
                                        plain HTML page (headings, paragraphs,
                                        bold, one small picture) for LibreOffice
    seeds_docx.py --store IN OUT        IN re-zipped with every entry stored
"""
import base64, html, pathlib, re, struct, sys, zipfile, zlib


def tiny_png():
    """A 4x3 red PNG, so the seeds carry a picture part and its relationship."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(3))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def article_html(md):
    body = md.split("\n---\n", 1)[-1] if md.startswith("---") else md
    out = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("```") or line.startswith("!["):
            continue
        text = html.escape(line.lstrip("#").strip())
        text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 3)
            out.append(f"<h{level}>{text}</h{level}>")
        else:
            out.append(f"<p style=\"text-indent:2em\">{text}</p>")
    return out


def write_pages(data, out):
    png = base64.b64encode(tiny_png()).decode()
    for md in sorted(pathlib.Path(data, "bulletins").glob("*/*.md")):
        text = md.read_text(encoding="utf-8")
        title = re.search(r"^title:\s*(.+)$", text, re.M)
        parts = [f"<p align=\"center\"><b>{html.escape(title.group(1).strip(chr(34)))}</b></p>"] if title else []
        parts.append("<p align=\"center\">（××镇人民政府供稿）</p>")
        parts += article_html(text)
        parts.append(f"<p><img src=\"data:image/png;base64,{png}\" alt=\"现场照片\"></p>")
        name = f"{md.parent.name}-{md.stem}.html"
        pathlib.Path(out, name).write_text(
            "<html><head><meta charset=\"utf-8\"></head><body>" + "".join(parts) + "</body></html>",
            encoding="utf-8")


def store(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))


if __name__ == "__main__":
    if sys.argv[1] == "--store":
        store(sys.argv[2], sys.argv[3])
    else:
        write_pages(sys.argv[1], sys.argv[2])
