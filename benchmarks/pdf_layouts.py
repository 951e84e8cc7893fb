"""Does the PDF reader generalise to layouts it was not written on?  Reports whose text is
known (saved web pages, text reports with pipe tables) are printed to PDF by a real browser
(Debian chromium through Playwright, `page.pdf()`: a real text layer) in several layouts, then
each PDF is extracted and compared with the extraction of its own source.

    python benchmarks/pdf_layouts.py [--out DIR] [--only LAYOUT,...] [--show N]

Per layout it prints the table cells the PDF gives equal to / different from / missing from /
extra to its source's, and the header fields that differ. Layouts (none is the layout of the
three real PDFs the reader was written on):

- page      the saved web page printed as it is (site chrome, its own table markup)
- ruled     A4 portrait, 1 px borders, 11 pt, page numbers in the footer
- unruled   A4 portrait, tables without any border (cells placed by padding only)
- threeline A4 portrait, only the rules above and below the header and below the table
- landscape A4 landscape, ruled, 8 pt
- narrow    ruled, narrow fixed columns: labels wrap onto 2-3 lines, long numbers break, rows
            break across pages
- split     ruled, large padding so tables break across pages; the header row repeated (thead)
- splitnr   the same without repeating the header
- small     ruled, 6.5 pt, A4 portrait, a running header and footer on every page
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.document import Document, Grid, GridCell, Paragraph  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SOURCES = [*sorted((ROOT / "tests" / "fixtures" / "pingtan_html").glob("*.html")),
           ROOT.parent / "shared" / "corpus" / "full" / "shanghai_office_2019.html",
           ROOT.parent / "shared" / "corpus" / "full" / "shuyang_2025.txt",
           *(ROOT / "tests" / "fixtures" / "written" / f"{n}.txt" for n in ("w001", "w019", "w021", "w053"))]

_BASE_CSS = "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;} p{margin:.3em 0;}"
STYLES = {
    "ruled": ("A4", False, "body{font-size:11pt} table{border-collapse:collapse;width:100%}"
              "td,th{border:1px solid #000;padding:2px 4px}"),
    "unruled": ("A4", False, "body{font-size:11pt} table{border-collapse:collapse;width:100%}"
                "td,th{border:none;padding:3px 6px}"),
    "threeline": ("A4", False, "body{font-size:11pt} table{border-collapse:collapse;width:100%;"
                  "border-top:1.5px solid #000;border-bottom:1.5px solid #000}"
                  "td,th{border:none;padding:3px 6px} tr:first-child td{border-bottom:1px solid #000}"),
    "landscape": ("A4", True, "body{font-size:8pt} table{border-collapse:collapse;width:100%}"
                  "td,th{border:.5px solid #000;padding:1px 3px}"),
    "narrow": ("A4", False, "body{font-size:10.5pt} table{border-collapse:collapse;width:66%;"
               "table-layout:fixed} td,th{border:1px solid #000;padding:1px 2px;word-break:break-all}"
               "td:first-child{width:4.5em}"),
    "split": ("A4", False, "body{font-size:12pt} table{border-collapse:collapse;width:100%}"
              "td,th{border:1px solid #000;padding:9px 4px} tr{break-inside:avoid}"),
    "splitnr": ("A4", False, "body{font-size:12pt} table{border-collapse:collapse;width:100%}"
                "td,th{border:1px solid #000;padding:9px 4px} tr{break-inside:avoid}"),
    "small": ("A4", False, "body{font-size:6.5pt} table{border-collapse:collapse;width:100%}"
              "td,th{border:.5px solid #000;padding:1px 2px}"),
}
FOOTER = ('<div style="font-size:9px;width:100%;text-align:center">'
          '<span class="pageNumber"></span></div>')
HEADER = '<div style="font-size:8px;width:100%;text-align:center">政府信息公开工作年度报告</div>'


# --- sources as Documents --------------------------------------------------------------------

def text_document(text: str) -> Document:
    """A text report with Markdown pipe tables as paragraphs and grids (the `|---|` rule dropped,
    heading marks stripped)."""
    blocks: list[Paragraph | Grid] = []
    rows: list[list[str]] = []

    def flush():
        if rows:
            blocks.append(Grid([GridCell(t, r, c) for r, row in enumerate(rows) for c, t in enumerate(row)]))
            rows.clear()

    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|") and s.endswith("|") and len(s) > 1:
            cells = [c.strip() for c in s[1:-1].split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                rows.append(cells)
            continue
        flush()
        if s:
            blocks.append(Paragraph(s.lstrip("#").strip()))
    flush()
    return Document("text", blocks)


def document_html(doc: Document, css: str, thead: bool) -> str:
    """A Document as a plain HTML page in one style (the first grid row is a <thead> when the
    header is to be repeated on every page)."""
    out = [f"<!doctype html><html><head><meta charset='utf-8'><style>{_BASE_CSS}{css}</style></head><body>"]
    for line in doc.metadata:
        out.append(f"<p>{html.escape(line)}</p>")
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{html.escape(block.text)}</p>")
            continue
        out.append("<table>")
        for i, row in enumerate(block.rows()):
            tag = "thead" if thead and i == 0 else "tbody"
            cells = "".join(
                f"<td rowspan='{c.rowspan}' colspan='{c.colspan}'>{html.escape(c.text) or '&nbsp;'}</td>"
                for c in row)
            out.append(f"<{tag}><tr>{cells}</tr></{tag}>")
        out.append("</table>")
    out.append("</body></html>")
    return "".join(out)


@dataclass
class Source:
    name: str
    format: str
    text: str
    doc: Document


def load_sources() -> list[Source]:
    from extract.intake import read_input
    from extract.report import read_document

    out = []
    for path in SOURCES:
        intake = read_input(path.read_bytes())
        if intake.format == "html":
            doc = read_document("html", intake.text)
        else:
            doc = text_document(intake.text)
        out.append(Source(path.stem, intake.format, intake.text, doc))
    return out


# --- printing ----------------------------------------------------------------------------------

def print_pdfs(sources: list[Source], layouts: list[str], out_dir: Path) -> dict[tuple[str, str], Path]:
    from playwright.sync_api import sync_playwright

    made = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        for src in sources:
            for layout in layouts:
                if layout == "page":
                    if src.format != "html":
                        continue
                    page.set_content(src.text, wait_until="domcontentloaded")
                    options = {"format": "A4", "print_background": True}
                else:
                    size, landscape, css = STYLES[layout]
                    page.set_content(document_html(src.doc, css, thead=layout == "split"),
                                     wait_until="domcontentloaded")
                    options = {"format": size, "landscape": landscape, "print_background": True,
                               "margin": {"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}
                    if layout in ("ruled", "split", "splitnr", "small"):
                        options.update(display_header_footer=True, footer_template=FOOTER,
                                       header_template=HEADER if layout == "small" else "<span></span>")
                path = out_dir / f"{src.name}__{layout}.pdf"
                page.pdf(path=str(path), **options)
                made[(src.name, layout)] = path
        browser.close()
    return made


# --- comparison --------------------------------------------------------------------------------

HEADER_FIELDS = ("unit_name", "unit_type", "county", "report_year", "template", "form_version", "publish_date")


def cell_map(ex) -> dict[tuple, tuple]:
    return {(c.table, c.row_code, c.col_code): (c.semantic, c.value) for c in ex.cells}


def compare(reference, candidate) -> dict:
    ref, got = cell_map(reference), cell_map(candidate)
    equal = sum(1 for k, v in ref.items() if got.get(k) == v)
    different = [k for k, v in ref.items() if k in got and got[k] != v]
    missing = [k for k in ref if k not in got]
    extra = [k for k in got if k not in ref]
    header = [f for f in HEADER_FIELDS if getattr(reference.header, f) != getattr(candidate.header, f)]
    facts_ref = {(f.measure_key, f.applicant_type, f.value) for f in reference.facts}
    facts_got = {(f.measure_key, f.applicant_type, f.value) for f in candidate.facts}
    return {"cells": len(ref), "equal": equal, "different": different, "missing": missing, "extra": extra,
            "header": header, "facts_missing": len(facts_ref - facts_got), "facts_extra": len(facts_got - facts_ref),
            "ref": ref, "got": got}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="keep the PDFs in this folder (default: a temporary one)")
    parser.add_argument("--only", help="comma-separated layouts")
    parser.add_argument("--sources", help="comma-separated source names")
    parser.add_argument("--reuse", action="store_true", help="read the PDFs already in --out, print none")
    parser.add_argument("--show", type=int, default=0, help="print up to N differing cells per PDF")
    args = parser.parse_args()
    layouts = args.only.split(",") if args.only else ["page", *STYLES]

    import logging
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # fonts without a FontBBox: harmless
    from extract.report import extract_source

    sources = load_sources()
    if args.sources:
        sources = [s for s in sources if s.name in args.sources.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        if args.reuse:
            pdfs = {(s.name, lay): out_dir / f"{s.name}__{lay}.pdf" for s in sources for lay in layouts
                    if (out_dir / f"{s.name}__{lay}.pdf").exists()}
        else:
            pdfs = print_pdfs(sources, layouts, out_dir)
        printed = time.perf_counter() - started
        reference = {s.name: extract_source(s.format, s.text) for s in sources}
        totals: dict[str, list[int]] = {}
        for (name, layout), path in pdfs.items():
            got = extract_source("pdf", None, path.read_bytes())
            r = compare(reference[name], got)
            t = totals.setdefault(layout, [0, 0, 0, 0, 0, 0])
            for i, v in enumerate((r["cells"], r["equal"], len(r["different"]), len(r["missing"]),
                                   len(r["extra"]), len(r["header"]))):
                t[i] += v
            if args.show and (r["different"] or r["missing"] or r["extra"] or r["header"]):
                print(f"{name} {layout}: {r['equal']}/{r['cells']} equal, header differs: {r['header']}")
                for k in (r["different"] + r["missing"] + r["extra"])[:args.show]:
                    print(f"   {k}: source {r['ref'].get(k)} pdf {r['got'].get(k)}")
    print(f"{len(pdfs)} PDFs printed in {printed:.1f}s")
    print(f"{'layout':10} {'cells':>6} {'equal':>6} {'diff':>5} {'missing':>7} {'extra':>5} {'header':>6}")
    all_ = [0] * 6
    for layout in layouts:
        t = totals.get(layout, [0] * 6)
        all_ = [a + b for a, b in zip(all_, t, strict=True)]
        print(f"{layout:10} {t[0]:6} {t[1]:6} {t[2]:5} {t[3]:7} {t[4]:5} {t[5]:6}")
    print(f"{'all':10} {all_[0]:6} {all_[1]:6} {all_[2]:5} {all_[3]:7} {all_[4]:5} {all_[5]:6}"
          f"  ({all_[1] / max(all_[0], 1):.1%} of the source's cells)")


if __name__ == "__main__":
    main()
