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
from conclusions.unit_matching import UnitMatcher
from tracker.lib.text import fold_keeping_length, normalise, squash
from tracker.models import Unit, User
from tracker.permissions import agency_leaders

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A .docx is a zip: 10 MB compressed can unpack to gigabytes. A conclusion, even
# with its scanned signature page, unpacks to a few MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
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
    UNITS = "units"


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
    # names to settle before saving: found twice, or found nowhere in a
    # directive given to no unit at all
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

    @property
    def problems(self) -> list[ConclusionProblem]:
        """What a person must settle: missing header fields, units found twice,
        directives given to no unit (with the names that matched nothing).
        Names that matched nothing beside a found unit are only noted (`notes`)."""
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
        for directive in self.directives:
            problems += [
                ConclusionProblem(ProblemKind.UNITS, message) for message in directive.unit_problems
            ]
        return problems

    @property
    def notes(self) -> list[str]:
        return [note for directive in self.directives for note in directive.unit_notes]


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
                lines.extend(rows)
            elif isinstance(block, Table):
                seen = set()
                for row in block.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
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
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _task_rows(table) -> list[str] | None:
    """A table of tasks as numbered lines ("1. <task>", "Đơn vị chủ trì: …",
    "Thời hạn: …"); None when the table is not one (the header block, the
    signature)."""
    rows = list(table.rows)
    if len(rows) < 2:
        return None
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
    r"|truong\s+phong|thu\s+truong|chanh\s+thanh\s+tra|cuc\s+truong|vien\s+truong)\b"
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
        header["number"] = re.sub(r"\s+", "", head[slice(*number.span(1))]).upper()
    issued = _PLACE_DATE.search(folded_head) or _ANY_DATE.search(folded_head)
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
_CLOSING = re.compile(
    r"(?m)^[ \t]*(?:tren\s+day|noi\s+nhan|\(da\s+ky\)|(?:kt|tl|tm)\s*\.\s"
    r"|(?:pho\s+)?giam\s+doc[ \t]*$|(?:pho\s+)?chu\s+tich[ \t]*$"
    r"|.{0,80}\bthong\s+bao\s+(?:de|den)\s+(?:cac|toan)\b)"
)
_CONCLUDING_CUE = re.compile(
    r"ket\s+luan\s+(?:nhu\s+sau|cu\s+the)|chi\s+dao\s+nhu\s+sau|ket\s+luan\s*:|chi\s+dao\s*:"
    r"|nhiem\s+vu\s+(?:trong\s+thoi\s+gian\s+toi|can\s+thuc\s+hien)|giai\s+phap"
)


def split_directives(text: str) -> list[tuple[str, str]]:
    """(label, text) of each directive, in order."""
    folded = fold_keeping_length(text)
    starts = _ordinal_markers(_MARKER, _ORDINAL_WORDS, folded)
    labels = [f"Thứ {ORDINALS[index]}" for index in range(len(starts))]
    if not starts:
        starts = _ordinal_markers(_COUNTED_MARKER, _COUNTED_WORDS, folded)
        starts = starts if len(starts) >= 2 else []
        labels = [f"{COUNTED[index].capitalize()} là" for index in range(len(starts))]
    if not starts:
        cue = _CONCLUDING_CUE.search(folded)
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


def _sequence(pattern, folded, offset, expected_labels) -> list[re.Match]:
    """The markers numbered in sequence ("1.", "2." …), or none when fewer than two."""
    found = []
    for match in pattern.finditer(folded, offset):
        if len(found) < len(expected_labels) and match.group(1) == expected_labels[len(found)]:
            found.append(match)
    return found if len(found) >= 2 else []


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
    text = clean_text(text)
    if not text:
        raise ConclusionError(
            _("Văn bản trống: hãy tải lên tệp .docx hoặc dán nội dung thông báo.")
        )
    parts = split_directives(text)
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
    conclusion = ProposedConclusion(text=text, **header)
    for order, (label, body) in enumerate(parts, start=1):
        units_text, deadline_text = _fields(body)
        match = matcher.match(units_text)
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
        assigned = bool(match.units or match.every_office or match.every_commune)
        problems, notes = [], []
        for problem in match.problems:
            found_nowhere = assigned and not problem.candidates
            (notes if found_nowhere else problems).append(problem.message(directive.display_label))
        if not (assigned or match.problems):
            problems.append(
                _("%(directive)s: chưa xác định được đơn vị được giao.")
                % {"directive": directive.display_label}
            )
        directive.unit_problems, directive.unit_notes = tuple(problems), tuple(notes)
        conclusion.directives.append(directive)
    return conclusion
