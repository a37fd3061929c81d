"""Read a conclusion (a .docx or pasted text) into a proposal.

The proposal holds what a person then checks on the review page: the header
(number, date, signer, meeting, assessment year) and each directive with the
units it is given to, its deadline phrase and reading, and its indicator.
Nothing here writes to the database.
"""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from io import BytesIO

from django.utils.translation import gettext as _

from conclusions.deadlines import ParsedDeadline, find_deadline_phrase, parse_deadline
from conclusions.indicators import Indicator, find_indicator
from conclusions.models import Assignment
from conclusions.unit_matching import UnitMatcher
from tracker.lib.text import fold_keeping_length, normalise, squash
from tracker.models import Unit, User
from tracker.permissions import agency_leaders

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A .docx is a zip: 10 MB compressed can unpack to gigabytes. A conclusion, even
# with its scanned signature page, unpacks to a few MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# A notice runs to a few pages: some thousands of characters, a table of tasks
# of some dozens of rows. Far more is not a notice, and would only keep a
# worker busy.
MAX_TEXT_CHARS = 300_000
MAX_TABLE_ROWS = 2_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]
# "Một là, …; Hai là, …": the other common way to count directives
COUNTED = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
_ROMAN_NUMERALS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


class ConclusionError(Exception):
    """Input that cannot become a conclusion; `messages` say why, in Vietnamese."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class ProblemKind(StrEnum):
    NUMBER = "number"
    ISSUED_ON = "issued_on"


@dataclass(frozen=True)
class ConclusionProblem:
    """Something a person settles before saving: `message` for them, `kind`
    for code that sorts problems (the message is translated)."""

    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class ProposedDirective:
    order: int
    label: str
    text: str
    units: tuple[Unit, ...] = ()
    every_office: bool = False
    every_commune: bool = False
    # Not sure whom it is for: saved "to be assigned" (no task until a person
    # chooses), never a reason to refuse the notice.
    assignment: str = Assignment.ASSIGNED
    # why it waits: names found twice, or found nowhere in a directive given
    # to no unit at all, a level with no units here, nobody named
    unit_problems: tuple[str, ...] = ()
    # names found nowhere beside a unit that was found: most often a body
    # outside the agency ("báo cáo Văn phòng UBND tỉnh"), worth a look only
    unit_notes: tuple[str, ...] = ()
    deadline: ParsedDeadline = field(default_factory=lambda: parse_deadline(""))
    indicator: Indicator | None = None
    supervisor: User | None = None

    @property
    def display_label(self) -> str:
        return _("Nội dung chỉ đạo %(order)s (%(label)s)") % {
            "order": self.order,
            "label": self.label,
        }


@dataclass
class ProposedConclusion:
    text: str
    number: str = ""
    issued_on: date | None = None
    signer: str = ""
    meeting: str = ""
    assessment_year: int | None = None
    directives: list[ProposedDirective] = field(default_factory=list)
    # about the reading as a whole: sections not read, items before the cue
    warnings: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[ConclusionProblem]:
        """What a person must settle before saving: the header fields a
        conclusion cannot be saved without. Directives whose units are not
        certain wait "to be assigned" instead (see `notes`)."""
        problems = []
        if not self.number:
            problems.append(
                ConclusionProblem(
                    ProblemKind.NUMBER, _("Không đọc được số thông báo (dòng “Số: …”).")
                )
            )
        if self.issued_on is None:
            problems.append(
                ConclusionProblem(
                    ProblemKind.ISSUED_ON,
                    _("Không đọc được ngày ban hành (“…, ngày … tháng … năm …”)."),
                )
            )
        return problems

    @property
    def notes(self) -> list[str]:
        """Everything a person should look at that does not stop the import."""
        return self.warnings + [
            note
            for directive in self.directives
            for note in directive.unit_problems + directive.unit_notes
        ]

    @property
    def waiting(self) -> list[ProposedDirective]:
        return [d for d in self.directives if d.assignment == Assignment.TO_ASSIGN]


# --- reading the file -------------------------------------------------------


def _not_docx(name: str) -> ConclusionError:
    return ConclusionError(_("Tệp “%(name)s” không phải tệp Word .docx hợp lệ.") % {"name": name})


def _check_archive(data: bytes, name: str) -> None:
    """Refuse what is not a zip, or one that unpacks too large, before
    python-docx unpacks it. The sizes listed in the zip can be trusted as a
    bound: Python's zipfile stops reading a member at its listed size."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ConclusionError(_("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": name})
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        if data[: len(OLE_MAGIC)] == OLE_MAGIC:
            raise ConclusionError(
                _(
                    "Tệp “%(name)s” là tệp Word cũ (.doc): mở bằng Word, lưu lại dạng .docx "
                    "rồi tải lên."
                )
                % {"name": name}
            ) from error
        raise _not_docx(name) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ConclusionError(
            _(
                "Tệp “%(name)s” khi giải nén lớn hơn 50 MB, quá lớn đối với một thông báo: "
                "hãy lưu lại thông báo không kèm hình ảnh lớn rồi tải lên."
            )
            % {"name": name}
        )


def read_docx(data: bytes, *, filename: str = "") -> str:
    """The text of a .docx, paragraphs and table cells in document order."""
    from docx import Document
    from docx.table import Table

    name = filename or _("tệp tải lên")
    _check_archive(data, name)
    try:
        document = Document(BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, its PackageNotFoundError and more
        raise _not_docx(name) from error
    lines: list[str] = []
    numbering = _Numbering(document)

    def walk(container):
        for block in container.iter_inner_content():
            if isinstance(block, Table) and (rows := _task_rows(block)) is not None:
                lines.extend(_under_item(rows, lines))
            elif isinstance(block, Table):
                for cell in _table_cells(block):
                    walk(cell)
            else:
                lines.append(numbering.label(block) + block.text)

    walk(document)
    return "\n".join(lines)


# The columns of a conclusion laid out as a table of tasks, by their heading
# (folded): STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn.
_TASK_COLUMNS = (
    ("support", re.compile(r"phoi\s+hop")),
    ("deadline", re.compile(r"^(?:thoi\s+(?:han|gian)|tien\s+do|han\b)")),
    ("content", re.compile(r"^(?:noi\s+dung|nhiem\s+vu|cong\s+viec)")),
    ("units", re.compile(r"chu\s+tri|thuc\s+hien|^(?:don\s+vi|co\s+quan)\b")),
)
# The lines under a task's own; propose_conclusion reads the units and the
# deadline from them rather than from the task's wording.
_TASK_CAPTIONS = (
    ("units", "Đơn vị chủ trì"),
    ("support", "Đơn vị phối hợp"),
    ("deadline", "Thời hạn"),
)


def _cells(row) -> list:
    """A row's cells once each, though a merged cell spans several columns."""
    return _unique_cells(row.cells)


def _table_cells(table) -> list:
    return _unique_cells(cell for row in table.rows for cell in row.cells)


def _unique_cells(cells) -> list:
    # By the <w:tc> element itself, kept alive in `seen`: an id() of a proxy
    # that was freed can be given to the next cell, which was then dropped.
    unique, seen = [], set()
    for cell in cells:
        if cell._tc not in seen:
            seen.add(cell._tc)
            unique.append(cell)
    return unique


_TABLE_FOLLOWS = re.compile(r"\b(?:nhu|theo)\s+(?:bang|phu\s+luc)\b[^\n]{0,60}:\s*$")
_ITEM_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]\s")


def _under_item(rows: list[str], lines: list[str]) -> list[str]:
    """A table of tasks announced inside a numbered directive ("2. … như bảng
    sau:") has its rows numbered under it ("2.1.", "2.2."), so that its own
    "1.", "2." do not break the notice's numbering; each row is then read as a
    directive of its own."""
    previous = next((line for line in reversed(lines) if line.strip()), "")
    if not _TABLE_FOLLOWS.search(fold_keeping_length(previous)):
        return rows
    item = next((m for line in reversed(lines) if (m := _ITEM_NUMBER.match(line))), None)
    if item is None:
        return rows
    return [
        re.sub(r"^(\d+)\. ", rf"{item.group(1)}.\1. ", row) if _ITEM_NUMBER.match(row) else row
        for row in rows
    ]


def _task_rows(table) -> list[str] | None:
    """A table of tasks as numbered lines ("1. <task>", "Đơn vị chủ trì: …",
    "Thời hạn: …"); None when the table is not one (the header block, the
    signature)."""
    rows = list(table.rows)
    if len(rows) < 2:
        return None
    if len(rows) > MAX_TABLE_ROWS:
        raise ConclusionError(
            _(
                "Bảng trong tệp có hơn %(rows)s dòng, quá nhiều đối với một thông báo: hãy "
                "kiểm tra lại tệp."
            )
            % {"rows": f"{MAX_TABLE_ROWS:,}".replace(",", ".")}
        )
    roles = {}
    for index, cell in enumerate(rows[0].cells):
        heading = fold_keeping_length(squash(normalise(cell.text)))
        role = next((name for name, pattern in _TASK_COLUMNS if pattern.search(heading)), None)
        if role and role not in roles:
            roles[role] = index
    if "content" not in roles or not ({"units", "deadline"} & roles.keys()):
        return None
    lines, number = [], 0
    for row in rows[1:]:
        cells = row.cells
        if len(_cells(row)) == 1:
            # a group heading across the table ("I. Cải cách thủ tục hành
            # chính"): left out, as it would run on into the task above it
            continue
        values = {role: squash(normalise(cells[index].text)) for role, index in roles.items()}
        # skip empty rows and the "(1) (2) (3)" row numbering the columns
        if not re.sub(r"[\W\d]", "", values["content"]):
            continue
        number += 1
        lines.append(f"{number}. {values['content']}")
        for role, caption in _TASK_CAPTIONS:
            if values.get(role):
                lines.append(f"{caption}: {values[role]}")
    return lines


class _Numbering:
    """The numbers Word shows before auto-numbered paragraphs (w:numPr on the
    paragraph or its style), which are not in the paragraph's text: "1. ",
    "a) ", counted per list and level as Word counts them."""

    _FORMATS = {
        "decimal": str,
        "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
        "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
        "lowerRoman": lambda n: _ROMAN_NUMERALS[(n - 1) % 10],
        "upperRoman": lambda n: _ROMAN_NUMERALS[(n - 1) % 10].upper(),
    }

    def __init__(self, document):
        self.document = document
        self.counters: dict[str, dict[int, int]] = {}

    def label(self, paragraph) -> str:
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        definition = self._level(num_id, level)
        if definition is None:
            return ""
        number_format, text, start = definition
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        if number_format not in self._FORMATS:
            return ""  # bullets and the rest carry no number
        for shown in range(level + 1):
            value = self._FORMATS[number_format](counters.get(shown, start))
            text = text.replace(f"%{shown + 1}", value)
        return text + " "

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        style = paragraph.style
        elements = [paragraph._p]
        while style is not None:
            elements.append(style.element)
            style = style.base_style
        for element in elements:
            num_id = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
            if num_id:
                level = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
                return None if num_id[0] == "0" else (num_id[0], int(level[0]) if level else 0)
        return None

    def _level(self, num_id: str, level: int) -> tuple[str, str, int] | None:
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return None
        abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return None
        found = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]'
        )
        if not found:
            return None
        from docx.oxml.ns import qn

        def value(name):
            child = found[0].find(qn(name))
            return child.get(qn("w:val")) if child is not None else None

        start = value("w:start")
        return (
            value("w:numFmt") or "decimal",
            value("w:lvlText") or f"%{level + 1}.",
            int(start) if start else 1,
        )


def read_file(data: bytes, filename: str) -> str:
    """A .docx or a UTF-8 .txt, by its extension."""
    lowered = filename.lower()
    if lowered.endswith(".docx"):
        return read_docx(data, filename=filename)
    if lowered.endswith(".txt"):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ConclusionError(
                _("Tệp “%(name)s” không phải văn bản UTF-8.") % {"name": filename}
            ) from error
    raise ConclusionError(
        _("Tệp “%(name)s” không phải tệp Word .docx hoặc văn bản .txt.") % {"name": filename}
    )


def clean_text(text: str) -> str:
    text = normalise(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


# --- the header ---------------------------------------------------------------

_NUMBER = re.compile(r"(?m)^.{0,60}?\bso\s*:?\s*(\d+\s*/\s*[a-z0-9][a-z0-9/-]*)")
_PLACE_DATE = re.compile(r",\s*ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_ANY_DATE = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
# "Số: 12/TB-UBND, ngày 15/01/2023"
_NUMBER_DATE = re.compile(
    r"\bso\s*:?\s*\d+\s*/[^\n,]{1,40},?\s*ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
)
_MEETING = re.compile(
    r"ket\s+luan\b.{0,200}?\btai\s+((?:hoi\s+nghi|cuoc\s+hop|buoi\s+lam\s+viec|phien\s+hop)\b[^\n]*)",
    re.DOTALL,
)
_MEETING_HELD = re.compile(r"\bto\s+chuc\s+((?:hoi\s+nghi|cuoc\s+hop|phien\s+hop)\b[^\n.]*)")
_ASSESSMENT_YEAR = re.compile(
    r"\bchi\s+so\s+(?:cai\s+cach\s+hanh\s+chinh|cchc|par(?:\s+index)?)(?:\s*\([^)]*\))?"
    r"\s+(?:nam\s+)?((?:19|20)\d{2})\b"
)
_TITLE = re.compile(
    r"^(?:(?:kt|tl|tm)\s*\.?\s*)?(?:pho\s+)?(?:giam\s+doc|chu\s+tich|chanh\s+van\s+phong"
    r"|truong\s+phong|thu\s+truong|chanh\s+thanh\s+tra|cuc\s+truong|vien\s+truong"
    r"|bo\s+truong|chu\s+nhiem|truong\s+ban)\b"
)
_DELEGATION = re.compile(r"^(?:KT|TL|TM)\s*\.?\s*", re.IGNORECASE)
HEADER_LINES = 30


def _date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def read_header(text: str) -> dict:
    lines = text.split("\n")
    head = "\n".join(lines[:HEADER_LINES])
    folded_head = fold_keeping_length(head)
    header = {"number": "", "issued_on": None, "signer": "", "meeting": "", "assessment_year": None}
    number = _NUMBER.search(folded_head)
    if number:
        # as written: "220/CĐ-TTg" keeps its lower-case g
        header["number"] = re.sub(r"\s+", "", head[slice(*number.span(1))])
    issued = (
        _PLACE_DATE.search(folded_head)
        or _ANY_DATE.search(folded_head)
        or _NUMBER_DATE.search(folded_head)
    )
    if issued:
        header["issued_on"] = _date(*issued.groups())
    header["meeting"] = _meeting(text)
    folded = fold_keeping_length(text)
    meeting = fold_keeping_length(header["meeting"])
    year = _ASSESSMENT_YEAR.search(meeting) or _ASSESSMENT_YEAR.search(folded)
    if year:
        header["assessment_year"] = int(year.group(1))
    header["signer"] = _signer(lines)
    return header


def _meeting(text: str) -> str:
    head = "\n".join(text.split("\n")[:HEADER_LINES])
    folded = fold_keeping_length(head)
    found = _MEETING.search(folded)
    if found:
        start, end = found.span(1)
        # the title may wrap onto the next line, which then starts in lower case
        following = head[end:].split("\n")
        if len(following) > 1 and following[1][:1].islower():
            end += 1 + len(following[1])
    else:
        found = _MEETING_HELD.search(fold_keeping_length(text))
        if not found:
            return ""
        head = text
        start, end = found.span(1)
    meeting = squash(head[start:end]).rstrip(" .;:")
    return meeting[:1].upper() + meeting[1:]


def _position(title: str) -> str:
    words = _DELEGATION.sub("", title).lower().split()
    if words and words[0] == "phó":
        return "Phó " + " ".join(words[1:]).capitalize()
    return " ".join(words).capitalize()


def _is_name(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 6
        and all(word[0].isupper() and word.isalpha() for word in words)
        and line != line.upper()
    )


def _signer(lines: list[str]) -> str:
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line or line != line.upper() or not _TITLE.match(fold_keeping_length(line)):
            continue
        name = next((nxt.strip() for nxt in lines[index + 1 :] if _is_name(nxt.strip())), "")
        return squash(f"{_position(line)} {name}")
    return ""


# --- the directives -------------------------------------------------------------

_ORDINAL_WORDS = [fold_keeping_length(word) for word in ORDINALS]
_COUNTED_WORDS = [fold_keeping_length(word) for word in COUNTED]
_MARKER_START = r"(?m)(?:^[ \t\-–•*+]*|(?<=[.;:])[ \t]+)"
_MARKER = re.compile(_MARKER_START + r"thu\s+(" + "|".join(_ORDINAL_WORDS) + r")\s*[,:.)-]")
_COUNTED_MARKER = re.compile(_MARKER_START + r"(" + "|".join(_COUNTED_WORDS) + r")\s+la\s*[,:.-]")
_NUMBERED = re.compile(r"(?m)^[ \t]*(\d{1,2})\s*([.)])\s+(?=\S)")
_LETTERED = re.compile(r"(?m)^[ \t]*([a-h])\s*\)\s+(?=\S)")
_SIGNER_TITLE = (
    r"(?:pho\s+)?(?:giam\s+doc|chu\s+tich|bo\s+truong|chu\s+nhiem|truong\s+ban"
    r"|chanh\s+van\s+phong|thu\s+truong|cuc\s+truong|vien\s+truong)"
)
# Where the directives end: the closing sentence ("… trân trọng thông báo./.",
# "Trên đây là …"), "Nơi nhận:", the signature block ("KT. GIÁM ĐỐC / PHÓ GIÁM
# ĐỐC", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "KT. BỘ TRƯỞNG, CHỦ NHIỆM").
# [ \t]*+ (possessive): the indent is not given back to the alternatives after
# it, each up to 120 characters long, or a long run of spaces is read ~120 times.
_CLOSING = re.compile(
    r"(?m)^[ \t]*+(?:tren\s+day|noi\s+nhan|\(da\s+ky\)|(?:kt|tl|tm)\s*\.\s"
    rf"|{_SIGNER_TITLE}[ \t,]*$"
    r"|.{0,80}\bthong\s+bao\s+(?:de|den)\s+(?:cac|toan)\b"
    r"|.{0,120}?\btran\s+trong\s+thong\s+bao\b)"
)
# Sentences that say the directives follow. The bare words "nhiệm vụ" and
# "giải pháp" are everywhere inside items: they count only as a heading line.
_CONCLUDING_CUE = re.compile(
    r"ket\s+luan\s+(?:nhu\s+sau|cu\s+the)|chi\s+dao\s+nhu\s+sau|ket\s+luan\s*:|chi\s+dao\s*:"
    r"|(?m:^[ \t]*(?:[ivx]{1,4}\s*[.)]\s*)?(?:cac\s+|mot\s+so\s+)?(?:nhiem\s+vu|giai\s+phap)\b"
    r"[^\n.]{0,120}$)"
)
# "II. NHIỆM VỤ, GIẢI PHÁP …": a section heading, numbered in Roman.
_SECTION = re.compile(r"(?m)^[ \t]*(x|ix|iv|v?i{1,3}|v)\s*[.)]\s+(?=\S)")
_DIRECTIVE_HEADING = re.compile(
    r"nhiem\s+vu|giai\s+phap|ket\s+luan|chi\s+dao|to\s+chuc\s+thuc\s+hien|de\s+nghi"
    r"|kien\s+nghi|\bgiao\b|phuong\s+huong|trien\s+khai"
)
_ASSESSMENT_HEADING = re.compile(
    r"danh\s+gia|ket\s+qua|tinh\s+hinh|uu\s+diem|han\s+che|ton\s+tai|nguyen\s+nhan"
    r"|bai\s+hoc|khuyet\s+diem|thuc\s+trang|boi\s+canh|thanh\s+phan"
)


@dataclass
class Structure:
    """The directives of a notice, and what a person should look at about
    how they were found (sections not read, numbered items before the cue)."""

    directives: list[tuple[str, str]]
    warnings: list[str] = field(default_factory=list)
    # "1. Giao Văn phòng Sở: a) … b) …": the words above an item's own
    # sub-items, by the sub-item's label; its units when it names none itself
    leads: dict[str, str] = field(default_factory=dict)


def split_directives(text: str) -> list[tuple[str, str]]:
    """(label, text) of each directive, in order."""
    return read_structure(text).directives


def read_structure(text: str) -> Structure:
    """The directives of a notice: "Thứ nhất …", "Một là …", or numbered items
    ("1.", "a)"); in a notice laid out in Roman sections, the items of each
    section that gives directives, numbering restarting in each."""
    folded = fold_keeping_length(text)
    sections = _sections(text, folded)
    if not _ordinal_markers(_MARKER, _ORDINAL_WORDS, folded) and sections:
        return _sectioned(text, folded, sections)
    warnings = []
    cue = _CONCLUDING_CUE.search(folded)
    before = cue and _sequence(_NUMBERED, folded[: cue.start()], 0, [str(n) for n in range(1, 31)])
    if before and not _under_assessment(folded, before[0].start()):
        warnings.append(
            _(
                "Có các ý đánh số 1., 2. … đứng trước câu “%(cue)s”: các ý này không được "
                "đọc là nội dung chỉ đạo. Nếu đó là nội dung chỉ đạo, hãy thêm chúng."
            )
            % {"cue": squash(text[cue.start() : cue.end()])}
        )
    return Structure(_flat(text, folded, cue), warnings)


def _under_assessment(folded: str, position: int) -> bool:
    """Whether the nearest Roman heading before `position` heads an assessment
    ("I. KẾT QUẢ"): numbered items there are findings, not directives."""
    headings = list(_SECTION.finditer(folded, 0, position))
    if not headings:
        return False
    line_end = folded.find("\n", headings[-1].end())
    heading = folded[headings[-1].start() : line_end if line_end >= 0 else position]
    return bool(_ASSESSMENT_HEADING.search(heading)) and not _DIRECTIVE_HEADING.search(heading)


def _sections(text: str, folded: str) -> list[tuple[str, int, int]]:
    """(numeral, start, end of heading line) of each Roman section in
    sequence (I., II., III. …, written in capitals)."""
    found, expected = [], 0
    for match in _SECTION.finditer(folded):
        numeral = text[slice(*match.span(1))]
        if not numeral.isupper() or expected >= len(_ROMAN_NUMERALS):
            continue
        if match.group(1) == _ROMAN_NUMERALS[expected]:
            line_end = folded.find("\n", match.end())
            found.append((numeral, match.start(), len(folded) if line_end < 0 else line_end))
            expected += 1
    return found if len(found) >= 2 else []


def _sectioned(text, folded, sections) -> Structure:
    closing = _CLOSING.search(folded, sections[-1][2])
    ends = [start for _numeral, start, _heading in sections[1:]]
    ends.append(closing.start() if closing else len(text))
    read, warnings = [], []
    for (numeral, start, heading_end), end in zip(sections, ends, strict=True):
        heading = folded[start:heading_end]
        title = squash(text[start:heading_end])
        cue = _CONCLUDING_CUE.search(folded, heading_end, end)
        if _DIRECTIVE_HEADING.search(heading):
            body_start = heading_end
        elif cue:
            body_start = cue.end()
        else:
            if not _ASSESSMENT_HEADING.search(heading) and folded[heading_end:end].strip():
                warnings.append(
                    _(
                        "Mục “%(title)s”: không rõ là phần đánh giá hay phần chỉ đạo, nên "
                        "chưa đọc là nội dung chỉ đạo. Nếu có nội dung chỉ đạo, hãy thêm."
                    )
                    % {"title": title}
                )
            continue
        items = _items(text, folded, body_start, end, minimum=1)
        if not items and text[body_start:end].strip():
            # a directive section with no numbered items is one directive
            items = [("", _lines(text[body_start:end]))]
        read.append((numeral, items))
    # "II.1": the item's number restarts in each section, the section tells them apart
    directives, leads = [], {}
    for numeral, items in read:
        for label, body in items:
            label = f"{numeral}.{label.rstrip('.)')}" if label else numeral
            for sub_label, sub_body, lead in _sub_items(label, body):
                if sub_body:
                    directives.append((sub_label, sub_body))
                    if lead:
                        leads[sub_label] = lead
    return Structure(directives, warnings, leads)


def _sub_items(label: str, body: str) -> list[tuple[str, str, str]]:
    """An item of a directive section with its own "a)", "b)" items is one
    directive per sub-item, whatever its level: (label, text, lead words)."""
    folded = fold_keeping_length(body)
    found = _sequence(_LETTERED, folded, 0, list("abcdefgh"))
    if not found:
        return [(label, body, "")]
    lead = squash(body[: found[0].start()])
    ends = [match.start() for match in found[1:]] + [len(body)]
    return [
        (f"{label}.{match.group(1)}", _lines(body[match.end() : end]), lead)
        for match, end in zip(found, ends, strict=True)
    ]


def _items(text, folded, start, end, *, minimum=2) -> list[tuple[str, str]]:
    """The numbered ("1.", "1)") or lettered ("a)") items between start and end."""
    region = folded[:end]
    found = _sequence(_NUMBERED, region, start, [str(n) for n in range(1, 31)], minimum)
    labels = [match.group(1) + match.group(2) for match in found]
    if not found:
        found = _sequence(_LETTERED, region, start, list("abcdefgh"), minimum)
        labels = [f"{match.group(1)})" for match in found]
    bodies = [match.end() for match in found]
    ends = [match.start() for match in found[1:]] + [end]
    return [
        (label, _lines(text[body:stop]))
        for label, body, stop in zip(labels, bodies, ends, strict=True)
    ]


def _lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip()).strip()


def _flat(text: str, folded: str, cue) -> list[tuple[str, str]]:
    starts = _ordinal_markers(_MARKER, _ORDINAL_WORDS, folded)
    labels = [f"Thứ {ORDINALS[index]}" for index in range(len(starts))]
    if not starts:
        starts = _ordinal_markers(_COUNTED_MARKER, _COUNTED_WORDS, folded)
        starts = starts if len(starts) >= 2 else []
        labels = [f"{COUNTED[index].capitalize()} là" for index in range(len(starts))]
    if not starts:
        offset = cue.end() if cue else 0
        found = _sequence(_NUMBERED, folded, offset, [str(n) for n in range(1, 31)])
        # "1." or "1)", as the conclusion writes it
        labels = [match.group(1) + match.group(2) for match in found]
        if not found:
            found = _sequence(_LETTERED, folded, offset, list("abcdefgh"))
            labels = [f"{match.group(1)})" for match in found]
        starts = [match.span() for match in found]
    if not starts:
        return []
    closing = _CLOSING.search(folded, starts[-1][1])
    ends = [start for start, _body in starts[1:]] + [closing.start() if closing else len(text)]
    directives = []
    for label, (_start, body), end in zip(labels, starts, ends, strict=True):
        body_text = "\n".join(line for line in text[body:end].split("\n") if line.strip())
        if body_text.strip():
            directives.append((label, body_text.strip()))
    return directives


def _ordinal_markers(pattern, words, folded: str) -> list[tuple[int, int]]:
    """Start of each "Thứ nhất … Thứ mười" (or "Một là … Mười là") marker and of
    the text after it, in sequence."""
    starts, expected = [], 0
    for found in pattern.finditer(folded):
        if expected < len(words) and found.group(1) == words[expected]:
            starts.append((found.start(), found.end()))
            expected += 1
    return starts


def _sequence(pattern, folded, offset, expected_labels, minimum=2) -> list[re.Match]:
    """The markers numbered in sequence ("1.", "2." …), or none when fewer than `minimum`."""
    found = []
    for match in pattern.finditer(folded, offset):
        if len(found) < len(expected_labels) and match.group(1) == expected_labels[len(found)]:
            found.append(match)
    return found if len(found) >= minimum else []


# --- putting it together ---------------------------------------------------------


def propose_supervisor(text, units, leaders, signer) -> User | None:
    """The leader the directive names, else the deputy who supervises most of
    its units, else the signer: whoever follows up what no deputy covers."""
    folded = fold_keeping_length(normalise(text))
    for leader in leaders:
        if leader.full_name and fold_keeping_length(leader.full_name) in folded:
            return leader
    unit_ids = {unit.pk for unit in units}
    best, best_overlap = None, 0
    for leader in leaders:
        overlap = len(unit_ids & {unit.pk for unit in leader.supervised_units.all()})
        if overlap > best_overlap:
            best, best_overlap = leader, overlap
    if best:
        return best
    folded_signer = fold_keeping_length(signer)
    return next(
        (
            leader
            for leader in leaders
            if leader.full_name and fold_keeping_length(leader.full_name) in folded_signer
        ),
        None,
    )


_FIELD_LINE = re.compile(
    r"(?m)^[ \t\-–•+*]*(?:(?P<units>(?:don\s+vi|co\s+quan)\s+(?:chu\s+tri|thuc\s+hien))"
    r"|(?P<deadline>thoi\s+han(?:\s+hoan\s+thanh)?|thoi\s+gian\s+hoan\s+thanh))"
    r"[ \t]*:[ \t]*(?P<value>\S.*)$"
)


def _fields(body: str) -> tuple[str, str]:
    """The units and the deadline where the directive states them on lines of
    their own ("Đơn vị chủ trì: …", "Thời hạn: …", as a table of tasks is
    read); otherwise its whole text for the units and the deadline words
    found in it."""
    units, deadline = None, None
    folded = fold_keeping_length(body)
    for found in _FIELD_LINE.finditer(folded):
        value = body[slice(*found.span("value"))].strip()
        if found.group("units"):
            units = value if units is None else f"{units}; {value}"
        elif deadline is None:
            deadline = value
    return (
        body if units is None else units,
        find_deadline_phrase(body) if deadline is None else squash(deadline),
    )


def propose_conclusion(text: str, *, agency: Unit) -> ProposedConclusion:
    """Header and directives of a conclusion's text; ConclusionError when there is
    nothing to import (empty text, no directives)."""
    if len(text) > MAX_TEXT_CHARS:
        raise ConclusionError(
            _(
                "Văn bản dài hơn %(chars)s ký tự, quá dài đối với một thông báo: hãy kiểm tra "
                "lại nội dung."
            )
            % {"chars": f"{MAX_TEXT_CHARS:,}".replace(",", ".")}
        )
    text = clean_text(text)
    if not text:
        raise ConclusionError(
            _("Văn bản trống: hãy tải lên tệp .docx hoặc dán nội dung thông báo.")
        )
    structure = read_structure(text)
    parts = [
        (*part, structure.leads.get(label, ""))
        for label, body in structure.directives
        for part in _task_rows_of(label, body)
    ]
    if not parts:
        raise ConclusionError(
            _(
                "Không tìm thấy nội dung chỉ đạo nào: các ý kết luận cần bắt đầu bằng "
                "“Thứ nhất, …”, “Thứ hai, …” hoặc được đánh số “1.”, “2.” hay “a)”, “b)”."
            )
        )
    header = read_header(text)
    matcher = UnitMatcher(agency)
    leaders = list(agency_leaders(agency).prefetch_related("supervised_units"))
    conclusion = ProposedConclusion(text=text, warnings=structure.warnings, **header)
    for order, (label, body, lead) in enumerate(parts, start=1):
        units_text, deadline_text = _fields(body)
        match = matcher.match(units_text)
        if lead and not (match.units or match.every_office or match.every_commune):
            match = matcher.match(f"{lead}\n{units_text}")
        directive = ProposedDirective(
            order=order,
            label=label,
            text=squash(body) if "\n" not in body else body,
            units=match.units,
            every_office=match.every_office,
            every_commune=match.every_commune,
            deadline=parse_deadline(deadline_text, issued_on=header["issued_on"]),
            indicator=find_indicator(body, issued_on=header["issued_on"]),
            supervisor=propose_supervisor(body, match.units, leaders, header["signer"]),
        )
        directive.unit_problems, directive.unit_notes = _unit_problems(directive, match)
        if directive.unit_problems:
            directive.assignment = Assignment.TO_ASSIGN
        conclusion.directives.append(directive)
    return conclusion


def _unit_problems(directive: ProposedDirective, match) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(why the directive waits for a person, notes only). A name that
    matched nothing beside a unit that was found is a note; a name found
    twice, a level with no units here, or no unit at all makes it wait."""
    label = directive.display_label
    assigned = bool(match.units or match.every_office or match.every_commune)
    problems, notes = [], []
    for problem in match.problems:
        (notes if assigned and not problem.candidates else problems).append(problem.message(label))
    if match.levels and not assigned:
        problems.append(
            _("%(directive)s: giao “%(level)s”, cơ quan ban hành không có đơn vị cấp này.")
            % {"directive": label, "level": ", ".join(match.levels)}
        )
    if match.leadership and not assigned:
        problems.append(
            _(
                "%(directive)s: giao lãnh đạo cơ quan; nếu chỉ để biết, chọn “Để biết, "
                "không giao nhiệm vụ”."
            )
            % {"directive": label}
        )
    if not (assigned or problems):
        problems.append(_("%(directive)s: không nêu đơn vị được giao.") % {"directive": label})
    if problems:
        problems.append(
            _(
                "%(directive)s: được lưu ở trạng thái “Chờ giao đơn vị”; chưa tạo nhiệm vụ "
                "cho đến khi chọn đơn vị."
            )
            % {"directive": label}
        )
    return tuple(problems), tuple(notes)


_SUB_TASK = re.compile(r"(?m)^[ \t]*(\d{1,2})\.(\d{1,2})\.\s+(?=\S)")


def _task_rows_of(label: str, body: str) -> list[tuple[str, str]]:
    """A directive announcing a table of tasks is one directive per row
    ("2.1", "2.2" …, see read_docx), each with its own units and deadline."""
    rows = list(_SUB_TASK.finditer(body))
    if not rows:
        return [(label, body)]
    ends = [row.start() for row in rows[1:]] + [len(body)]
    return [
        (f"{label.rstrip('.)')}.{row.group(2)}", body[row.end() : end].strip())
        for row, end in zip(rows, ends, strict=True)
    ]
