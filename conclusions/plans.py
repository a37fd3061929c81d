"""Reading an annual reform plan (Kế hoạch CCHC năm): its table of tasks, from
a Word document or an Excel sheet, into items with their units and deadlines.

The table's columns are found by their headings, in any order: STT | Nội dung
| Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành | Sản phẩm, and an
optional Tiêu chí column naming criterion codes ("3.4; 7.2"). A row with no
lead unit and no time frame whose STT is a Roman numeral (or whose cells are
one merged cell) heads a reform area ("II. Cải cách thủ tục hành chính") for
the rows below it. Units are matched with the conclusions' unit matcher and
time frames read by the conclusions' deadline parser; nothing is written here.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _

from conclusions.deadlines import ParsedDeadline, parse_deadline
from conclusions.models import DeadlineKind
from conclusions.parsing import MAX_UPLOAD_BYTES
from conclusions.unit_matching import UnitMatcher
from tracker.lib.text import fold_to_words, normalise, squash
from tracker.models import CriteriaSet, Criterion, Unit, UnitKind

COLUMNS = (
    ("number", re.compile(r"^(stt|tt|so tt|so thu tu)$")),
    ("support", re.compile(r"phoi hop")),
    ("lead", re.compile(r"chu tri")),
    ("time", re.compile(r"thoi gian|thoi han")),
    ("output", re.compile(r"san pham|ket qua")),
    ("criteria", re.compile(r"tieu chi")),
    ("text", re.compile(r"noi dung|nhiem vu")),
)
REQUIRED = ("text", "lead", "time")
_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_CODE = re.compile(r"\d+(?:\.\d+)*")
HEADER_SEARCH_ROWS = 15


class PlanError(Exception):
    """The file cannot be read as a plan, or rows are refused: `messages` say why."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class PlanRow:
    """One row of the table as written, with where it stands in the file."""

    row: int
    values: dict[str, str]
    area: str = ""

    def get(self, role: str) -> str:
        return self.values.get(role, "")

    @property
    def label(self) -> str:
        number = self.get("number")
        if number:
            return _("Dòng %(row)s (STT %(number)s)") % {"row": self.row, "number": number}
        return _("Dòng %(row)s") % {"row": self.row}


@dataclass
class ProposedItem:
    row: PlanRow
    lead_units: list[Unit] = field(default_factory=list)
    supporting_units: list[Unit] = field(default_factory=list)
    reading: ParsedDeadline | None = None
    deadline: date | None = None
    ongoing: bool = False
    criteria: list[Criterion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ProposedPlan:
    items: list[ProposedItem]

    @property
    def errors(self) -> list[str]:
        return [error for item in self.items for error in item.errors]


# -- the table, from either kind of file -------------------------------------------


def _roles(headings: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, heading in enumerate(headings):
        folded = fold_to_words(heading)
        for role, pattern in COLUMNS:
            if folded and pattern.search(folded) and role not in roles:
                roles[role] = index
                break
    return roles


def _rows(table: list[tuple[int, list[str]]], *, name: str) -> list[PlanRow]:
    """The plan rows of a table given as (row number, cell texts), header found
    among its first rows."""
    header = next(
        (
            position
            for position, (_number, cells) in enumerate(table[:HEADER_SEARCH_ROWS])
            if all(role in _roles(cells) for role in REQUIRED)
        ),
        None,
    )
    if header is None:
        raise PlanError(
            _(
                "Không tìm thấy bảng nhiệm vụ trong “%(name)s”: bảng cần các cột Nội dung, "
                "Đơn vị chủ trì và Thời gian hoàn thành."
            )
            % {"name": name}
        )
    roles = _roles(table[header][1])
    rows, area = [], ""
    for number, cells in table[header + 1 :]:
        values = {
            role: squash(normalise(cells[index])) if index < len(cells) else ""
            for role, index in roles.items()
        }
        filled = {value for value in cells if squash(value)}
        if not filled:
            continue
        # the "(1) (2) (3)" row numbering the columns
        if not re.sub(r"[\W\d]", "", " ".join(filled)):
            continue
        heading = _is_heading(cells, values)
        if heading:
            area = squash(
                " ".join(dict.fromkeys(squash(value) for value in cells if squash(value)))
            )
            continue
        rows.append(PlanRow(row=number, values=values, area=area))
    return rows


def _is_heading(cells: list[str], values: dict[str, str]) -> bool:
    """An area's heading: numbered with a Roman numeral, or one text merged across
    the row (Word repeats a merged cell's text in every column it spans, Excel
    keeps it in the first). A row with only a task's content is a task missing
    its unit and time, refused by name rather than taken for a heading."""
    texts = [squash(value) for value in cells]
    if len(set(texts)) == 1:
        return True
    if values["lead"] or values["time"]:
        return False
    if _ROMAN.match(values.get("number", "")):
        return True
    return bool(texts[0]) and not any(texts[1:])


def docx_table(data: bytes, *, name: str) -> list[tuple[int, list[str]]]:
    """The rows of the document's first table with a plan's headings (cell texts,
    a merged cell repeated across the columns it spans)."""
    from docx import Document

    if len(data) > MAX_UPLOAD_BYTES:
        raise PlanError(_("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": name})
    try:
        document = Document(BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, its own errors, zipfile's
        raise PlanError(
            _("Tệp “%(name)s” không phải tệp Word .docx hợp lệ.") % {"name": name}
        ) from error
    for table in document.tables:
        rows = [
            (number, [cell.text for cell in row.cells]) for number, row in enumerate(table.rows, 1)
        ]
        if any(
            all(role in _roles(cells) for role in REQUIRED)
            for _n, cells in rows[:HEADER_SEARCH_ROWS]
        ):
            return rows
    return []


def xlsx_table(data: bytes, *, name: str) -> list[tuple[int, list[str]]]:
    """The rows of the workbook's first sheet, numbered as Excel numbers them."""
    from openpyxl import load_workbook

    if len(data) > MAX_UPLOAD_BYTES:
        raise PlanError(_("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": name})
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile's, KeyError, InvalidFileException
        raise PlanError(
            _("Tệp “%(name)s” không phải tệp Excel .xlsx hợp lệ.") % {"name": name}
        ) from error
    sheet = workbook.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        rows.append((number, ["" if value is None else _cell_text(value) for value in row]))
    workbook.close()
    return rows


def _cell_text(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def plan_rows(data: bytes, filename: str) -> list[PlanRow]:
    """The plan's rows from a .docx or .xlsx file; PlanError when unreadable."""
    name = filename or _("tệp tải lên")
    lowered = name.lower()
    if lowered.endswith(".docx"):
        table = docx_table(data, name=name)
    elif lowered.endswith(".xlsx"):
        table = xlsx_table(data, name=name)
    else:
        raise PlanError(
            _("Tệp “%(name)s”: chỉ nhận kế hoạch dạng Word (.docx) hoặc Excel (.xlsx).")
            % {"name": name}
        )
    rows = _rows(table, name=name)
    if not rows:
        raise PlanError(_("Bảng nhiệm vụ trong “%(name)s” không có dòng nào.") % {"name": name})
    return rows


# -- reading the rows --------------------------------------------------------------


def plan_criteria_set(*, agency: Unit, year: int) -> CriteriaSet | None:
    """The set a plan's criterion codes refer to: the newest of the agency's kind
    before the plan's year (a plan works on last year's result), else of its year."""
    for years in ({"year__lt": year}, {"year__lte": year}):
        sets = CriteriaSet.objects.filter(audience=agency.kind, **years).order_by("-year")
        found = sets.filter(index__code="PAR").first() or sets.first()
        if found:
            return found
    return None


def _group_units(agency: Unit) -> dict[str, list[Unit]]:
    units = list(
        Unit.objects.filter(
            parent=agency, kind__in=(UnitKind.OFFICE, UnitKind.COMMUNE), is_active=True
        )
    )
    return {
        "office": [unit for unit in units if unit.kind == UnitKind.OFFICE],
        "commune": [unit for unit in units if unit.kind == UnitKind.COMMUNE],
    }


def _matched(match, groups) -> list[Unit]:
    units = {unit.pk: unit for unit in match.units}
    for flag, kind in ((match.every_office, "office"), (match.every_commune, "commune")):
        if flag:
            units.update({unit.pk: unit for unit in groups[kind]})
    return list(units.values())


def _read_deadline(item: ProposedItem, text: str, signed_on: date) -> None:
    label = item.row.label
    if not text:
        item.errors.append(_("%(row)s: thiếu thời gian hoàn thành.") % {"row": label})
        return
    reading = parse_deadline(text, issued_on=signed_on)
    item.reading = reading
    if reading.kind in (DeadlineKind.UNPARSED, DeadlineKind.NONE):
        item.errors.append(
            _(
                "%(row)s: không đọc được thời gian hoàn thành “%(text)s” (ghi như 30/6/2024, "
                "tháng 6/2024, quý II/2024, năm 2024 hoặc Thường xuyên)."
            )
            % {"row": label, "text": text}
        )
        return
    if reading.kind in (DeadlineKind.ONGOING, DeadlineKind.RECURRING):
        # A plan's periodic work ("hằng quý") runs all year: followed as ongoing
        # work reviewed each quarter rather than as one task per period.
        item.ongoing = True
    else:
        item.deadline = reading.due_date
    if reading.needs_review:
        item.notes.append(
            _("%(row)s: thời gian “%(text)s” được đọc là %(reading)s, cần kiểm tra.")
            % {"row": label, "text": text, "reading": reading.describe()}
        )


def read_plan(rows: list[PlanRow], *, agency: Unit, year: int, signed_on: date) -> ProposedPlan:
    """Each row matched to the agency's units, its deadline read and its criterion
    codes found; a row's problems are errors naming it (the import refuses them
    all at once), doubtful readings are notes."""
    matcher = UnitMatcher(agency)
    groups = _group_units(agency)
    criteria_set = plan_criteria_set(agency=agency, year=year)
    criteria = (
        {criterion.code: criterion for criterion in criteria_set.criteria.all()}
        if criteria_set
        else {}
    )
    items = []
    for row in rows:
        item = ProposedItem(row=row)
        label = row.label
        if not row.get("text"):
            item.errors.append(_("%(row)s: thiếu nội dung nhiệm vụ.") % {"row": label})
        lead = row.get("lead")
        if not lead:
            item.errors.append(_("%(row)s: thiếu đơn vị chủ trì.") % {"row": label})
        else:
            match = matcher.match(lead)
            item.lead_units = _matched(match, groups)
            item.errors += [problem.message(label) for problem in match.problems]
            if not item.lead_units and not match.problems:
                item.errors.append(
                    _("%(row)s: không tìm thấy đơn vị chủ trì “%(name)s”.")
                    % {"row": label, "name": lead}
                )
        if support := row.get("support"):
            match = matcher.match(support)
            lead_ids = {unit.pk for unit in item.lead_units}
            item.supporting_units = [
                unit for unit in _matched(match, groups) if unit.pk not in lead_ids
            ]
            # Plans name bodies outside the agency as partners (Sở Nội vụ,
            # UBND các huyện): kept as written, not refused.
            item.notes += [problem.message(label) for problem in match.problems]
        _read_deadline(item, row.get("time"), signed_on)
        for code in _CODE.findall(row.get("criteria")):
            if code in criteria:
                item.criteria.append(criteria[code])
            else:
                item.errors.append(
                    _("%(row)s: không có tiêu chí mã %(code)s trong %(set)s.")
                    % {"row": label, "code": code, "set": criteria_set or _("bộ tiêu chí")}
                )
        items.append(item)
    return ProposedPlan(items=items)
