"""Reading a generated .docx back: format checks shared by the report tests."""

import io
import unicodedata

from docx import Document
from docx.oxml.ns import qn

FONT = "Times New Roman"
SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def assert_decree30_format(document) -> None:
    """Page, fonts in every run and cell, page numbers, repeated table headers."""
    for section in document.sections:
        # Word keeps lengths in twentieths of a point: compare to the tenth of a mm.
        assert [round(length.mm, 1) for length in (section.page_width, section.page_height)] == [
            210.0,
            297.0,
        ]
        margins = (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
        assert [round(length.mm, 1) for length in margins] == [25.0, 20.0, 35.0, 20.0]
        assert section.different_first_page_header_footer
        assert section.first_page_header.paragraphs[0].text == ""
        fields = section.header._element.findall(".//" + qn("w:fldSimple"))
        assert [field.get(qn("w:instr")) for field in fields] == ["PAGE"]
        assert section.header.paragraphs[0].alignment == 1  # centred
    styles = document.styles.element.xml
    assert "Theme=" not in styles and "theme=" not in styles.lower().replace("themecolor", "")
    assert document.styles["Normal"].font.name == FONT
    for paragraph in all_paragraphs(document):
        assert paragraph.text == unicodedata.normalize("NFC", paragraph.text)
        for run in paragraph.runs:
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert [fonts.get(qn(slot)) for slot in SLOTS] == [FONT] * 4, run.text
            assert run.font.size is not None and 11 <= run.font.size.pt <= 14, run.text
    header_block, *data_tables, closing = document.tables
    for table in data_tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    for table in (header_block, closing):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
