"""Reading results as appraisal councils send them: an .xlsx or .csv sheet with
one row per criterion (code, name, maximum, self-assessed, appraised).

Everything here only reads: it turns a file into checked rows or into the full
list of problems, each naming the row the user sees in the sheet and the column
by its one label (with its letter in a workbook), however the sheet heads it.
Writing is `tracker.services.results.results_import`.
"""

import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import filetype
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tracker.lib.text import fold_to_words
from tracker.models.assessments import criterion_parent_code

CENT = Decimal("0.01")
# Scores are stored with max_digits=7, decimal_places=2.
SCORE_LIMIT = Decimal("100000")
# Councils put a title, the unit's name and a blank line or two above the header.
HEADER_SEARCH_ROWS = 30
CODE_PATTERN = re.compile(r"^\d{1,4}(\.\d{1,4}){0,5}$")
EMPTY_MARKS = {"", "-", "–", "—"}
# A council's sheet has a few hundred rows and a dozen columns (a whole
# province's criteria a few thousand); a workbook is a zip, and a small one can
# unpack to gigabytes or list millions of rows.
MAX_ROWS = 10_000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# "(1) (2) (3) …" or "(6)=(4)+(5)": the row numbering the columns under the header
COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?(?:\s*[-+=*/x]\s*\(?\d{1,2}\)?){0,6}$")
# Below the table: "Ghi chú: …", the signature block ("Người lập biểu",
# "TM. HỘI ĐỒNG THẨM ĐỊNH", "CHỦ TỊCH"), the place and date.
TRAILER = re.compile(
    r"^(?:ghi chu|chu thich|luu y|nguoi lap|tm |kt |tl |hoi dong|xac nhan|thu truong"
    r"|chu tich|pho chu tich|giam doc|pho giam doc|truong ban|noi nhan)\b"
    r"|\bngay \d{1,2} thang \d{1,2} nam \d{4}\b"
)
TITLE_YEAR = re.compile(r"\bnam ((?:19|20)\d{2})\b")


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str  # lazy: the same translated label in every message
    required: bool
    # Matched against the header folded to plain lower-case ASCII words.
    exact: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def matches(self, folded: str) -> bool:
        return folded in self.exact or any(part in folded for part in self.contains)


# Checked in this order: "Mã tiêu chí" is the code and "Điểm tự đánh giá" the
# self-assessment even though both also contain words of later columns.
COLUMNS = (
    ColumnSpec(
        "code",
        gettext_lazy("Mã"),
        True,
        exact=("ma", "ma so", "stt", "tt", "so tt", "so thu tu", "thu tu"),
        contains=("ma tieu chi", "ma tc", "ma linh vuc"),
        examples=("Mã", "Mã tiêu chí", "STT", "TT"),
    ),
    ColumnSpec(
        "self_score",
        gettext_lazy("Tự đánh giá"),
        False,
        contains=("tu danh gia", "tu cham", "tu dg"),
        examples=("Tự đánh giá", "Điểm tự chấm", "Điểm tự đánh giá"),
    ),
    ColumnSpec(
        "appraised_score",
        gettext_lazy("Thẩm định"),
        True,
        contains=("tham dinh", "diem dat", "dat duoc"),
        examples=("Thẩm định", "Điểm thẩm định", "Kết quả thẩm định"),
    ),
    ColumnSpec(
        "max_score",
        gettext_lazy("Điểm tối đa"),
        True,
        exact=("toi da",),
        contains=("diem toi da", "diem chuan", "thang diem", "toi da"),
        examples=("Điểm tối đa", "Điểm chuẩn", "Thang điểm"),
    ),
    ColumnSpec(
        "name",
        gettext_lazy("Tiêu chí"),
        True,
        exact=("ten",),
        contains=("tieu chi", "noi dung", "linh vuc", "ten tieu chi"),
        examples=("Tiêu chí", "Nội dung", "Lĩnh vực/Tiêu chí"),
    ),
)
COLUMN_BY_KEY = {spec.key: spec for spec in COLUMNS}
# The order councils lay the columns out, for messages that list them.
SHEET_ORDER = ("code", "name", "max_score", "self_score", "appraised_score")


def column_label(key: str) -> str:
    """How every message names a column, whatever the sheet's header says."""
    return str(COLUMN_BY_KEY[key].label)


def column_labels(*, required: bool) -> str:
    """'Mã, Tiêu chí, Điểm tối đa, Thẩm định' (required=True) or the optional ones."""
    return ", ".join(
        column_label(key) for key in SHEET_ORDER if COLUMN_BY_KEY[key].required == required
    )


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file, phrased for the person who filled it in."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class ResultsImportError(Exception):
    """The file cannot be imported; `problems` lists every reason found."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class ResultRow:
    code: str
    name: str
    max_score: Decimal
    self_score: Decimal | None = None
    appraised_score: Decimal | None = None
    row: int | None = None

    @property
    def level(self) -> int:
        return self.code.count(".") + 1


@dataclass
class ResultSheet:
    """The rows of a sheet that passed every check, and where they came from."""

    rows: list[ResultRow]
    header_row: int
    # the council's own figure in its totals row ("TỔNG ĐIỂM"), kept as the
    # published total beside the one the system computes
    published_total: Decimal | None = None
    # "KẾT QUẢ … NĂM 2023" in the title above the header
    title_year: int | None = None


def fmt(value: Decimal) -> str:
    """A score as Vietnamese write it: 5,75."""
    return number_format(value, 2, force_grouping=False)


def parse_score(value) -> Decimal | None:
    """A score from a cell or a form: 5,75 and 5.75 alike; empty or a dash is no score.

    Raises ValueError for anything that is not a number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.replace("\u00a0", "").replace(" ", "").strip()
        if text in EMPTY_MARKS:
            return None
        if "," in text and "." in text:
            raise ValueError(value)
        text = text.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise ValueError(value)
        number = Decimal(text)
    else:
        raise ValueError(value)
    if not number.is_finite():
        raise ValueError(value)
    # Formula cells come back as floats such as 7.2299999999999995.
    try:
        return number.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise ValueError(value) from error


def parse_code(value) -> str:
    """'1.2' as typed; Excel turns a typed 1.2 into a number and 3 into 3.0."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, "g")
    if isinstance(value, int | Decimal):
        return str(value)
    return str(value).replace("\u00a0", " ").strip().rstrip(".").replace(" ", "")


# -- reading the file ---------------------------------------------------------

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _not_a_spreadsheet(filename: str) -> ResultsImportError:
    return ResultsImportError(
        [
            ImportProblem(
                _("Tệp “%(name)s” không phải bảng tính: hãy gửi tệp Excel (.xlsx) hoặc CSV (.csv).")
                % {"name": filename or _("tệp tải lên")}
            )
        ]
    )


def _too_many_rows(title: str) -> ResultsImportError:
    return ResultsImportError(
        [
            ImportProblem(
                _(
                    "Trang tính “%(sheet)s” có hơn %(rows)s dòng, quá nhiều đối với một bảng "
                    "kết quả: hãy xóa các dòng thừa rồi tải lên."
                )
                % {"sheet": title, "rows": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        ]
    )


def _check_archive(content: bytes, filename: str) -> None:
    """Refuse a workbook that unpacks too large before openpyxl unpacks it (the
    listed sizes bound what zipfile reads)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise _not_a_spreadsheet(filename) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ResultsImportError(
            [
                ImportProblem(
                    _(
                        "Tệp “%(name)s” khi giải nén lớn hơn 50 MB, quá lớn đối với một bảng "
                        "kết quả: hãy chép bảng điểm sang một tệp mới rồi tải lên."
                    )
                    % {"name": filename or _("tệp tải lên")}
                )
            ]
        )


def _read_cells(content: bytes, filename: str, *, data_only: bool):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except Exception as error:
        # A zip that is not a workbook (a .docx, a damaged file) fails deep
        # inside openpyxl with many different exception types.
        raise _not_a_spreadsheet(filename) from error
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            if not hasattr(worksheet, "iter_rows"):
                continue
            # Some generators write a wrong <dimension>; read the cells that are there.
            worksheet.reset_dimensions()
            rows = []
            cells = worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
            for number, values in enumerate(cells, start=1):
                if number > MAX_ROWS:
                    raise _too_many_rows(worksheet.title)
                rows.append((number, list(values)))
            sheets.append((worksheet.title, rows))
    finally:
        workbook.close()
    return sheets


def _xlsx_sheets(content: bytes, filename: str) -> list[tuple[str, list[tuple[int, list]]]]:
    _check_archive(content, filename)
    sheets = _read_cells(content, filename, data_only=True)
    # The cells as written, to tell a formula never calculated from an empty cell.
    uncalculated = [
        f"{get_column_letter(column)}{number}"
        for (_title, rows), (_same, written) in zip(
            sheets, _read_cells(content, filename, data_only=False), strict=True
        )
        for (number, values), (_number, as_written) in zip(rows, written, strict=False)
        for column, (value, formula) in enumerate(zip(values, as_written, strict=False), start=1)
        if value is None and isinstance(formula, str) and formula.startswith("=")
    ]
    if uncalculated:
        # Read as empty, they would wipe the scores they stand for.
        shown = ", ".join(uncalculated[:10]) + (" …" if len(uncalculated) > 10 else "")
        raise ResultsImportError(
            [
                ImportProblem(
                    _(
                        "Ô %(cells)s chứa công thức chưa được tính (tệp do phần mềm khác tạo "
                        "ra): hãy mở tệp bằng Excel, lưu lại rồi tải lên."
                    )
                    % {"cells": shown}
                )
            ]
        )
    return sheets


def _decode(content: bytes) -> str:
    # Old Windows exports are Windows-1258, whose tone marks are combining
    # characters: NFC puts them back on their letters.
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return unicodedata.normalize("NFC", content.decode(encoding))
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


class _Semicolon(csv.excel):
    delimiter = ";"


def _csv_rows(content: bytes) -> list[tuple[int, list]]:
    text = _decode(content)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        # Excel with Vietnamese regional settings writes ';' because ',' is the decimal mark.
        dialect = _Semicolon if sample.count(";") > sample.count(",") else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    start = 1
    for values in reader:
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows("CSV")
        rows.append((start, values[:MAX_COLUMNS]))
        start = reader.line_num + 1
    return rows


def read_sheets(content: bytes, filename: str = "") -> list[tuple[str, list[tuple[int, list]]]]:
    """Every sheet of the file as (title, [(row number, cell values)]).

    The kind of file is judged from its content, not its name.
    """
    if not content.strip():
        raise ResultsImportError([ImportProblem(_("Tệp rỗng, không có dữ liệu."))])
    head = content[:8192]
    if head.startswith(XLSX_MAGIC):
        return _xlsx_sheets(content, filename)
    if head.startswith(OLE_MAGIC):
        raise ResultsImportError(
            [
                ImportProblem(
                    _(
                        "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở bằng Excel và "
                        "lưu lại dưới dạng .xlsx."
                    )
                )
            ]
        )
    if b"\x00" in head or filetype.guess(head) is not None:
        raise _not_a_spreadsheet(filename)
    return [("CSV", _csv_rows(content))]


# -- finding the header -------------------------------------------------------


def _match_columns(values: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, value in enumerate(values):
        folded = fold_to_words(value)
        if not folded:
            continue
        for spec in COLUMNS:
            if spec.key not in found and spec.matches(folded):
                found[spec.key] = position
                break
    return found


@dataclass
class Header:
    row: int
    data_start: int
    positions: dict[str, int]


def find_header(rows: list[tuple[int, list]]) -> Header | None:
    """The header row among the first rows; a two-row header ('Điểm' over
    'Tối đa | Tự chấm | Thẩm định') is read as one."""
    candidates = rows[:HEADER_SEARCH_ROWS]
    for index, (number, values) in enumerate(candidates):
        found = _match_columns(values)
        if "code" not in found and "name" not in found:
            continue
        data_start = index + 1
        if index + 1 < len(candidates):
            below = candidates[index + 1][1]
            used = set(found.values())
            extra = {
                key: pos
                for key, pos in _match_columns(below).items()
                if key not in found and pos not in used
            }
            if extra:
                found.update(extra)
                data_start = index + 2
        if len(found) >= 3:
            return Header(number, data_start, found)
    return None


# -- checking the rows --------------------------------------------------------


def _cell(values: list, position: int | None):
    if position is None or position >= len(values):
        return None
    value = values[position]
    return value.strip() if isinstance(value, str) else value


def _is_blank(values: list) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _first_text(values: list) -> str:
    return next((fold_to_words(v) for v in values if isinstance(v, str) and v.strip()), "")


def _is_total_row(values: list) -> bool:
    # The council's "TỔNG ĐIỂM" / "TỔNG CỘNG" line, its words in the code or
    # the name column (often merged across both).
    return _first_text(values).startswith("tong")


def _is_column_numbers(values: list) -> bool:
    """The "(1) (2) (3) …" row under a header, numbering its columns."""
    filled = [str(v).strip() for v in values if v is not None and str(v).strip()]
    return len(filled) >= 2 and all(COLUMN_NUMBER.match(v) for v in filled)


def _is_trailer(values: list) -> bool:
    return bool(TRAILER.search(_first_text(values)))


def _title_year(rows: list[tuple[int, list]], header: "Header") -> int | None:
    """The year the title above the header names ("KẾT QUẢ … NĂM 2023")."""
    for number, values in rows:
        if number >= header.row:
            return None
        for value in values:
            found = TITLE_YEAR.search(fold_to_words(value)) if isinstance(value, str) else None
            if found:
                return int(found.group(1))
    return None


class _RowChecker:
    def __init__(self, header: Header, letters: bool):
        self.header = header
        self.letters = letters
        self.problems: list[ImportProblem] = []

    def column(self, key: str) -> str:
        label = column_label(key)
        if self.letters and key in self.header.positions:
            return f"{label} ({get_column_letter(self.header.positions[key] + 1)})"
        return label

    def problem(self, row: int, key: str, message: str):
        self.problems.append(ImportProblem(message, row, self.column(key)))

    def number(self, row: int, values: list, key: str) -> tuple[Decimal | None, bool]:
        """The cell's score and whether it was acceptable (an empty cell is)."""
        raw = _cell(values, self.header.positions.get(key))
        try:
            value = parse_score(raw)
        except ValueError:
            self.problem(row, key, _("“%(value)s” không phải là số.") % {"value": raw})
            return None, False
        if value is not None and value < 0:
            self.problem(row, key, _("điểm không được âm (%(value)s).") % {"value": fmt(value)})
            return None, False
        if value is not None and value >= SCORE_LIMIT:
            self.problem(row, key, _("số %(value)s quá lớn.") % {"value": fmt(value)})
            return None, False
        return value, True

    def row(self, number: int, values: list) -> ResultRow | None:
        positions = self.header.positions
        code = parse_code(_cell(values, positions.get("code")))
        name = _cell(values, positions.get("name"))
        name = "" if name is None else " ".join(str(name).split())
        before = len(self.problems)
        if not code:
            self.problem(number, "code", _("thiếu mã tiêu chí."))
        elif not CODE_PATTERN.match(code):
            self.problem(
                number,
                "code",
                _("mã “%(code)s” không hợp lệ (cần dạng 1, 1.2 hoặc 1.2.3).") % {"code": code},
            )
        if not name:
            self.problem(number, "name", _("thiếu tên tiêu chí."))
        max_score, valid = self.number(number, values, "max_score")
        if max_score is None and valid:
            self.problem(number, "max_score", _("thiếu điểm tối đa."))
        self_score, _valid = self.number(number, values, "self_score")
        appraised, _valid = self.number(number, values, "appraised_score")
        if max_score is not None:
            for key, value in (("self_score", self_score), ("appraised_score", appraised)):
                if value is not None and value > max_score:
                    self.problem(
                        number,
                        key,
                        _("điểm %(value)s vượt điểm tối đa %(max)s.")
                        % {"value": fmt(value), "max": fmt(max_score)},
                    )
        if len(self.problems) > before:
            return None
        return ResultRow(code, name, max_score, self_score, appraised, number)


def row_problems(rows: Iterable[ResultRow]) -> list[ImportProblem]:
    """Scores that are negative or above their maximum, for rows not read from a
    sheet (a sheet's rows were checked cell by cell already)."""
    problems = []
    for row in rows:
        values = (
            (column_label("max_score"), row.max_score),
            (column_label("self_score"), row.self_score),
            (column_label("appraised_score"), row.appraised_score),
        )
        for column, value in values:
            if value is not None and value < 0:
                problems.append(ImportProblem(_("điểm không được âm."), row.row, column))
            elif value is not None and value > row.max_score:
                problems.append(
                    ImportProblem(
                        _("điểm %(value)s vượt điểm tối đa %(max)s.")
                        % {"value": fmt(value), "max": fmt(row.max_score)},
                        row.row,
                        column,
                    )
                )
    if not rows:
        problems.append(ImportProblem(_("Không có dòng tiêu chí nào.")))
    return problems


def check_tree(
    rows: Iterable[ResultRow],
    column: str = "",
    max_column: str = "",
    *,
    stored: Iterable[ResultRow] = (),
) -> tuple[list[ImportProblem], list[ImportProblem]]:
    """Problems and notes of a criteria tree given as rows with codes.

    Problems: a duplicate code, a criterion whose parent is missing from the
    rows, children whose maxima add up to more than their parent's. `stored`
    are the criteria already in the set the rows go into: those the rows do
    not repeat stay in the set, so they count among their parent's children
    (a file may give part of a set). Notes (shown, never blocking): a parent
    whose appraised score differs from its children's sum.
    """
    column = column or column_label("code")
    max_column = max_column or column_label("max_score")
    problems: list[ImportProblem] = []
    notes: list[ImportProblem] = []
    by_code: dict[str, ResultRow] = {}
    for row in rows:
        first = by_code.get(row.code)
        if first is not None:
            problems.append(
                ImportProblem(
                    _("mã “%(code)s” trùng với dòng %(first)s.")
                    % {"code": row.code, "first": first.row},
                    row.row,
                    column,
                )
            )
            continue
        by_code[row.code] = row
    tree = {row.code: row for row in stored} | by_code
    children: dict[str, list[ResultRow]] = defaultdict(list)
    for row in tree.values():
        parent = criterion_parent_code(row.code)
        if parent is None:
            continue
        if row.code not in by_code:
            if parent in tree:
                children[parent].append(row)
            continue
        if parent not in by_code:
            problems.append(
                ImportProblem(
                    _("tiêu chí “%(code)s” không có tiêu chí cha “%(parent)s” trong tệp.")
                    % {"code": row.code, "parent": parent},
                    row.row,
                    column,
                )
            )
            continue
        children[parent].append(row)
    for parent_code, kids in children.items():
        parent = tree[parent_code]
        # Only the rows' doing: a stored parent over stored children is as it was.
        given = [row.row for row in (parent, *kids) if row.code in by_code]
        kids_max = sum((kid.max_score for kid in kids), Decimal(0))
        if given and parent.max_score is not None and kids_max > parent.max_score:
            problems.append(
                ImportProblem(
                    _(
                        "tổng điểm tối đa của các tiêu chí con của “%(code)s” là %(sum)s, "
                        "vượt điểm tối đa %(max)s của tiêu chí này."
                    )
                    % {"code": parent_code, "sum": fmt(kids_max), "max": fmt(parent.max_score)},
                    given[0],
                    max_column,
                )
            )
        scored = [kid.appraised_score for kid in kids if kid.appraised_score is not None]
        if parent.appraised_score is not None and scored:
            kids_sum = sum(scored, Decimal(0))
            if kids_sum != parent.appraised_score:
                notes.append(
                    ImportProblem(
                        _(
                            "điểm thẩm định của “%(code)s” là %(own)s, tổng các tiêu chí con "
                            "là %(sum)s; hệ thống dùng điểm ghi ở dòng này."
                        )
                        % {
                            "code": parent_code,
                            "own": fmt(parent.appraised_score),
                            "sum": fmt(kids_sum),
                        },
                        parent.row,
                    )
                )
    problems.sort(key=lambda problem: problem.row or 0)
    return problems, notes


def _sheet_rows(header: Header, rows: list[tuple[int, list]], letters: bool) -> ResultSheet:
    checker = _RowChecker(header, letters)
    missing = [spec for spec in COLUMNS if spec.required and spec.key not in header.positions]
    if missing:
        raise ResultsImportError(
            [
                ImportProblem(
                    _("thiếu cột “%(column)s” (tên cột có thể là: %(examples)s).")
                    % {"column": column_label(spec.key), "examples": ", ".join(spec.examples)},
                    header.row,
                    column_label(spec.key),
                )
                for spec in missing
            ]
        )
    parsed, total = [], None
    for number, values in rows[header.data_start :]:
        if _is_blank(values) or _is_column_numbers(values):
            continue
        if _is_total_row(values):
            total, _valid = checker.number(number, values, "appraised_score")
            # the table ends with its total; notes and signatures follow
            break
        if _is_trailer(values):
            break
        row = checker.row(number, values)
        if row is not None:
            parsed.append(row)
    tree_problems, _notes = check_tree(parsed, checker.column("code"), checker.column("max_score"))
    problems = sorted(checker.problems + tree_problems, key=lambda problem: problem.row or 0)
    if problems:
        raise ResultsImportError(problems)
    if not parsed:
        raise ResultsImportError([ImportProblem(_("Tệp không có dòng tiêu chí nào."))])
    return ResultSheet(parsed, header.row, total, _title_year(rows, header))


def read_results(content: bytes, filename: str = "") -> ResultSheet:
    """The checked rows of a results file, or ResultsImportError with every problem."""
    sheets = read_sheets(content, filename)
    letters = not (len(sheets) == 1 and sheets[0][0] == "CSV")
    for _title, rows in sheets:
        header = find_header(rows)
        if header is not None:
            return _sheet_rows(header, rows, letters)
    raise ResultsImportError(
        [
            ImportProblem(
                _(
                    "Không tìm thấy dòng tiêu đề trong %(count)s dòng đầu: cần các cột "
                    "%(columns)s (và cột %(optional)s nếu có)."
                )
                % {
                    "count": HEADER_SEARCH_ROWS,
                    "columns": column_labels(required=True),
                    "optional": column_labels(required=False),
                }
            )
        ]
    )
