"""The official document format (Decree 30/2020/NĐ-CP, Appendix I) for python-docx.

Every Word document the system issues is built from these helpers, so the page,
the fonts, the header block, the signature and the page numbers are decided
in one place. Values where the decree gives a range: A4, margins 25/20/35/20
mm, Times New Roman, body 13 pt, tables 12 pt, first-line indent 1.27 cm,
6 pt between paragraphs, single line spacing.
"""

import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12
BLACK = RGBColor(0, 0, 0)
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# What follows a paragraph's borders and a table's borders in the schema.
AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
AFTER_TBLBORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
# Text width of the page: 210 mm less the 35 mm and 20 mm margins.
TEXT_WIDTH_CM = 15.5
# The zip entries' date: fixed, so the same content gives the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def nfc(text) -> str:
    """Vietnamese text in its composed form (NFC), as TCVN 6909 expects."""
    return unicodedata.normalize("NFC", str(text))


def number(value: Decimal | int | None, places: int = 2) -> str:
    """61,14 – a decimal comma, as Vietnamese documents write numbers."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return f"{value:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{number(value)}%"


def short_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def date_line(place: str, day: date) -> str:
    """The place and date line, e.g. "Nam Sơn, ngày 05 tháng 4 năm 2026"; days under
    10 and months 1–2 take a leading 0."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    prefix = f"{place}, " if place else ""
    return nfc(f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}")


def number_line(symbol: str, number_text: str = "") -> str:
    """The number line, e.g. "Số: 12/BC-STP", or with the number left blank for the
    clerk: "Số:      /BC-STP"."""
    return nfc(f"Số: {number_text}/{symbol}" if number_text else f"Số:      /{symbol}")


# -- the document ---------------------------------------------------------------


def _fonts(rfonts) -> None:
    for slot in FONT_SLOTS:
        rfonts.set(qn(slot), FONT)
    for slot in THEME_SLOTS:
        attribute = qn(slot)
        if attribute in rfonts.attrib:
            del rfonts.attrib[attribute]


def _run_properties_font(rpr) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    _fonts(rfonts)


def new_document(*, landscape: bool = False):
    """An empty document on A4 with the decree's margins, Times New Roman in every
    font slot of every style (theme fonts removed), black text."""
    document = Document()
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _run_properties_font(rpr_default)
    language = rpr_default.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:val"), "vi-VN")
    for rfonts in styles.iter(qn("w:rFonts")):
        _fonts(rfonts)
    for colour in styles.iter(qn("w:color")):
        colour.set(qn("w:val"), "000000")
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attribute), None)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = BLACK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin, section.right_margin = Mm(35), Mm(20)
    section.header_distance = Mm(12)
    _page_numbers(section)
    return document


def _page_numbers(section) -> None:
    """Page numbers in the top margin, centred, from page 2: an empty header on
    the first page and a PAGE field in the others."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _run_properties_font(rpr)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(BODY_PT * 2))
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def text_run(paragraph, text: str, *, size: float = BODY_PT, bold=False, italic=False):
    """A run with its font set in all four slots, whatever the style says."""
    run = paragraph.add_run(nfc(text))
    run.font.name = FONT
    _run_properties_font(run._r.get_or_add_rPr())
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = BLACK
    return run


def paragraph(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold=False,
    italic=False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    space_after: float = 6,
    space_before: float = 0,
    keep_with_next: bool = False,
):
    """A body paragraph: justified, first line indented 1.27 cm, 6 pt after;
    `keep_with_next` for the sentence that introduces a table."""
    paragraph_ = container.add_paragraph()
    paragraph_.alignment = align
    fmt = paragraph_.paragraph_format
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(space_before)
    if keep_with_next:
        fmt.keep_with_next = True
    if text:
        text_run(paragraph_, text, size=size, bold=bold, italic=italic)
    return paragraph_


def _cell_paragraph(cell, text, *, size, bold=False, italic=False, align, space_after=0):
    """The cell's first (empty) paragraph, then new ones."""
    first = cell.paragraphs[0]
    # A new cell holds one bare paragraph: use it rather than leave a blank line.
    fresh = len(cell.paragraphs) == 1 and not first.runs and first._p.pPr is None
    target = first if fresh else cell.add_paragraph()
    target.alignment = align
    target.paragraph_format.space_after = Pt(space_after)
    target.paragraph_format.space_before = Pt(0)
    target.paragraph_format.first_line_indent = Cm(0)
    if text:
        text_run(target, text, size=size, bold=bold, italic=italic)
    return target


def _rule(container, *, length_cm: float, width_cm: float, cell: bool) -> None:
    """A short centred line under the text above it: an empty paragraph whose
    top border is indented to the wanted length."""
    if cell:
        rule = _cell_paragraph(container, "", size=2, align=WD_ALIGN_PARAGRAPH.CENTER)
    else:
        rule = paragraph(container, "", size=2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    side = max((width_cm - length_cm) / 2, 0)
    fmt = rule.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(side), Cm(side)
    fmt.space_before, fmt.space_after = Pt(4), Pt(2 if cell else 12)
    # The empty paragraph's own height: its mark at 2 pt.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr = rule._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # Word refuses a file whose properties are out of the schema's order.
    ppr.insert_element_before(borders, *AFTER_PBDR)
    ppr.insert_element_before(mark, "w:sectPr", "w:pPrChange")


def _text_width_cm(text: str, size: float, *, capitals: bool) -> float:
    """Rough printed width of a line of Times New Roman (for the lines under it)."""
    em = 0.62 if capitals else 0.47
    return len(text) * size * em * 2.54 / 72


def _borderless(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *AFTER_TBLBORDERS)


def _widths(table, widths_cm: Sequence[float]) -> None:
    """Every cell's width and the grid's, with autofit off: LibreOffice shows
    equal columns otherwise."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


@dataclass
class Letterhead:
    """Who issues the document and how it is numbered."""

    parent_body: str  # "UBND TỈNH NAM SƠN" ("" at the top of the tree)
    issuing_body: str  # "SỞ TƯ PHÁP"
    symbol: str  # "BC-STP" for a report, "STP-VP" for a công văn
    place: str  # "Nam Sơn"
    number: str = ""  # left blank for the clerk unless the office gives one
    subject: str = ""  # a công văn's "V/v …" under its number


HEADER_LEFT_CM, HEADER_RIGHT_CM = 6.0, 9.5


def header_block(document, letterhead: Letterhead, *, day: date) -> None:
    """The two-column borderless header: bodies on the left, the national title
    and motto on the right, then the number (and a công văn's subject) beside
    the place and date line."""
    table = document.add_table(rows=2, cols=2)
    _borderless(table)
    _widths(table, (HEADER_LEFT_CM, HEADER_RIGHT_CM))
    left, right = table.cell(0, 0), table.cell(0, 1)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if letterhead.parent_body:
        _cell_paragraph(left, letterhead.parent_body.upper(), size=12, align=center)
    _cell_paragraph(left, letterhead.issuing_body.upper(), size=12, bold=True, align=center)
    issuer_width = _text_width_cm(letterhead.issuing_body, 12, capitals=True)
    _rule(
        left,
        length_cm=max(min(issuer_width, HEADER_LEFT_CM - 1) / 2.5, 1.8),
        width_cm=HEADER_LEFT_CM - 0.4,
        cell=True,
    )
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=center)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _cell_paragraph(right, motto, size=13, bold=True, align=center)
    _rule(
        right,
        length_cm=_text_width_cm(motto, 13, capitals=False) + 0.3,
        width_cm=HEADER_RIGHT_CM - 0.4,
        cell=True,
    )
    number_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
    _cell_paragraph(
        number_cell, number_line(letterhead.symbol, letterhead.number), size=13, align=center
    )
    if letterhead.subject:
        _cell_paragraph(number_cell, letterhead.subject, size=12, align=center)
    _cell_paragraph(date_cell, date_line(letterhead.place, day), size=13, italic=True, align=center)
    for row in table.rows:
        _no_split(row)
    paragraph(document, "", indent=False, space_after=0)


def title(document, type_name: str, summary: str) -> None:
    """The type name (BÁO CÁO) and its summary line, bold and centred, a short line under it."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(
        document,
        type_name.upper(),
        size=14,
        bold=True,
        align=center,
        indent=False,
        space_after=0,
        space_before=6,
    )
    paragraph(document, summary, size=14, bold=True, align=center, indent=False, space_after=0)
    length = min(_text_width_cm(summary, 14, capitals=False), TEXT_WIDTH_CM) / 3
    _rule(document, length_cm=length, width_cm=TEXT_WIDTH_CM, cell=False)


def recipients_line(document, recipients: Sequence[str]) -> None:
    """The "Kính gửi:" line: one recipient on the line, several one per line with "-"."""
    if len(recipients) == 1:
        line = paragraph(document, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        text_run(line, "Kính gửi: ")
        text_run(line, f"{recipients[0]}.")
        return
    first = paragraph(document, "Kính gửi:", indent=False, space_after=0)
    first.paragraph_format.left_indent = Cm(3)
    for position, recipient in enumerate(recipients):
        end = "." if position == len(recipients) - 1 else ";"
        line = paragraph(document, f"- {recipient}{end}", indent=False, space_after=0)
        line.paragraph_format.left_indent = Cm(4.5)
    paragraph(document, "", indent=False, space_after=0)


def heading(document, text: str, *, level: int = 1) -> None:
    """Headings "I. TIÊU ĐỀ" in bold capitals, "1. …" bold, "a) …" upright; each
    kept on the page of what follows it."""
    line = paragraph(
        document, text.upper() if level == 1 else text, bold=level <= 2, space_before=6
    )
    line.paragraph_format.keep_with_next = True


def caption(document, text: str) -> None:
    """A table's caption, italic, kept on the page of its table."""
    line = paragraph(document, text, size=12, italic=True, indent=False, space_after=3)
    line.paragraph_format.keep_with_next = True


def _no_split(row, *, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


@dataclass
class Column:
    heading: str
    width_cm: float
    align: str = "left"  # left, center, right


ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def data_table(document, columns: Sequence[Column], rows: Iterable[Sequence], *, bold_last=False):
    """A bordered table, header row bold and repeated on every page, rows kept
    whole across pages, 12 pt.

    The rows are written as XML in one piece: cell by cell through python-docx
    takes about 5 ms a cell, minutes for a province's list of overdue tasks.
    """
    rows = [list(row) for row in rows]
    table = document.add_table(rows=0, cols=len(columns))
    table.style = document.styles["Table Grid"]
    _widths(table, [column.width_cm for column in columns])
    widths = [int(Cm(column.width_cm).twips) for column in columns]
    header = _row_xml(
        [column.heading for column in columns], widths, ["center"] * len(columns), True, True
    )
    body = [
        _row_xml(
            values,
            widths,
            [column.align for column in columns],
            bold_last and position == len(rows) - 1,
            False,
        )
        for position, values in enumerate(rows)
    ]
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{header}{''.join(body)}</w:tbl>")
    for row in list(parsed):
        table._tbl.append(row)
    paragraph(document, "", indent=False, space_after=0)
    return table


JC = {"left": "left", "center": "center", "right": "right"}
# Characters XML 1.0 cannot carry (a note pasted from elsewhere may hold some).
NOT_IN_XML = dict.fromkeys(i for i in range(32) if i not in (9, 10, 13))


def _row_xml(values, widths, aligns, bold: bool, header: bool) -> str:
    properties = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    cells = "".join(
        _cell_xml(str(value), width, align, bold)
        for value, width, align in zip(values, widths, aligns, strict=True)
    )
    return f"<w:tr><w:trPr>{properties}</w:trPr>{cells}</w:tr>"


def _cell_xml(text: str, width: int, align: str, bold: bool) -> str:
    """One cell as python-docx would write it with `text_run`: every font slot
    Times New Roman, black, 12 pt; line breaks kept."""
    text = nfc(text).translate(NOT_IN_XML)
    run = ""
    if text:
        fonts = " ".join(f'{slot}="{FONT}"' for slot in FONT_SLOTS)
        size = TABLE_PT * 2
        properties = (
            f'<w:rFonts {fonts}/>{"<w:b/>" if bold else ""}<w:color w:val="000000"/>'
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        )
        lines = "<w:br/>".join(
            f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")
        )
        run = f"<w:r><w:rPr>{properties}</w:rPr>{lines}</w:r>"
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
        f'<w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0"/>'
        f'<w:jc w:val="{JC[align]}"/></w:pPr>{run}</w:p></w:tc>'
    )


def picture(document, png: bytes, *, width_cm: float = 15.0, caption: str = "") -> None:
    paragraph_ = paragraph(
        document, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=0
    )
    text_run(paragraph_, "").add_picture(io.BytesIO(png), width=Cm(width_cm))
    if caption:
        paragraph(
            document, caption, size=12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
        )


@dataclass
class Signature:
    authority: str  # "KT. GIÁM ĐỐC" ("" when the head signs)
    title: str  # "PHÓ GIÁM ĐỐC"
    name: str  # "Lê Thị Thu Hà" ("" to be written in by hand)


def closing(document, *, recipients: Sequence[str], signature: Signature) -> None:
    """Nơi nhận on the left (12 pt bold italic, items 11 pt, "- Lưu: VT, …" last),
    the signature block on the right."""
    # The signature never stands alone on a page: the closing sentence goes with it.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    paragraph(document, "", indent=False, space_after=0, keep_with_next=True)
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    _widths(table, (7.5, 8.0))
    left, right = table.cell(0, 0), table.cell(0, 1)
    left_align, center = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    _cell_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align=left_align)
    for position, recipient in enumerate(recipients):
        end = "." if position == len(recipients) - 1 else ";"
        _cell_paragraph(left, f"- {recipient}{end}", size=11, align=left_align)
    if signature.authority:
        _cell_paragraph(right, signature.authority.upper(), size=13, bold=True, align=center)
    _cell_paragraph(right, signature.title.upper(), size=13, bold=True, align=center)
    for _blank in range(4):
        _cell_paragraph(right, "", size=13, align=center)
    _cell_paragraph(right, signature.name, size=13, bold=True, align=center)
    _no_split(table.rows[0])


def document_bytes(document, *, when: datetime, title_text: str, author: str) -> bytes:
    """The .docx bytes, the same for the same content: core properties dated
    `when`, zip entries dated alike and written in a fixed order."""
    properties = document.core_properties
    # python-docx writes these as UTC ("…Z") and wants them naive.
    stamp = when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when
    properties.created = stamp
    properties.modified = stamp
    properties.revision = 1
    properties.title = nfc(title_text)
    properties.author = nfc(author)
    properties.last_modified_by = nfc(author)
    properties.comments = ""
    raw = io.BytesIO()
    document.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, source.read(info.filename))
    return fixed.getvalue()
