"""Writes for conclusion notices: import (all or nothing) and later corrections.

The web import, the `import_conclusion` command and the demo seed all go
through `conclusion_propose` (read and propose) and `conclusion_import`
(validate everything, then save in one transaction).
"""

import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from conclusions.deadlines import ParsedDeadline, parse_deadline
from conclusions.indicators import find_indicator
from conclusions.models import Conclusion, DeadlineKind, Directive
from conclusions.parsing import NoticeError, ProposedNotice, propose_notice, read_file
from tracker.models import Role, Unit, User

# Uploads wait here between the upload and the confirmation, under a random
# name only the uploading session knows; abandoned ones are swept after a day.
UPLOAD_DIR = "imports"
UPLOAD_MAX_AGE_SECONDS = 24 * 3600
_TOKEN_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class ConclusionImportError(NoticeError):
    """Refused input; nothing was saved."""


@dataclass
class DirectiveInput:
    text: str
    label: str = ""
    units: list[Unit] = field(default_factory=list)
    every_office: bool = False
    every_commune: bool = False
    supervisor: User | None = None
    deadline_text: str = ""
    manual_due_date: date | None = None


@dataclass
class NoticeInput:
    number: str
    issued_on: date | None
    signer: str = ""
    meeting: str = ""
    assessment_year: int | None = None
    source_text: str = ""


# --- the uploaded file between the two steps ------------------------------------


def _upload_root() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def upload_stash(data: bytes) -> str:
    """Keep an upload until the import is confirmed; returns its token."""
    root = _upload_root()
    root.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in root.glob("*.docx"):
        if now - old.stat().st_mtime > UPLOAD_MAX_AGE_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (root / f"{token}.docx").write_bytes(data)
    return token


def upload_path(token: str) -> Path | None:
    """The stashed file for a token, or None for a token that is not one of ours."""
    if not token or len(token) > 64 or not set(token) <= _TOKEN_CHARS:
        return None
    path = _upload_root() / f"{token}.docx"
    return path if path.is_file() else None


def upload_discard(token: str) -> None:
    path = upload_path(token)
    if path:
        path.unlink(missing_ok=True)


# --- reading ---------------------------------------------------------------------


def conclusion_propose(
    *, agency: Unit, text: str = "", data: bytes | None = None, filename: str = ""
) -> ProposedNotice:
    """Read a notice from pasted text or a file's bytes into a proposal.

    Raises ConclusionImportError for a file that is not a .docx/.txt, empty
    text or no directives. Writes nothing.
    """
    try:
        if data is not None:
            text = read_file(data, filename)
        return propose_notice(text, agency=agency)
    except NoticeError as error:
        raise ConclusionImportError(error.messages) from error


def directive_deadline(
    deadline_text: str, *, year: int | None, manual_due_date: date | None = None
) -> ParsedDeadline:
    """The deadline to store: the words re-read, or the date a person set
    (the words are kept either way)."""
    parsed = parse_deadline(deadline_text, year=year)
    if manual_due_date is None:
        return parsed
    return ParsedDeadline(text=parsed.text, kind=DeadlineKind.DATE, due_date=manual_due_date)


# --- validation ------------------------------------------------------------------


def agency_units(agency: Unit):
    return Unit.objects.filter(parent=agency, is_active=True)


def agency_leaders_queryset(agency: Unit):
    return User.objects.filter(
        role=Role.LEADERSHIP, is_active=True, unit__path__startswith=agency.path
    )


def _directive_label(order: int, label: str) -> str:
    if label:
        return _("Nội dung chỉ đạo %(order)s (%(label)s)") % {"order": order, "label": label}
    return _("Nội dung chỉ đạo %(order)s") % {"order": order}


def _directive_errors(
    label: str, directive: DirectiveInput, *, unit_ids: set[int], leader_ids: set[int]
) -> list[str]:
    errors = []
    if not directive.text.strip():
        errors.append(_("%(directive)s: nội dung trống.") % {"directive": label})
    if not (directive.units or directive.every_office or directive.every_commune):
        errors.append(_("%(directive)s: chưa chọn đơn vị được giao.") % {"directive": label})
    outside = [unit.name for unit in directive.units if unit.pk not in unit_ids]
    if outside:
        errors.append(
            _("%(directive)s: %(units)s không thuộc cơ quan ban hành.")
            % {"directive": label, "units": ", ".join(outside)}
        )
    if directive.supervisor and directive.supervisor.pk not in leader_ids:
        errors.append(
            _("%(directive)s: %(user)s không phải lãnh đạo của cơ quan.")
            % {"directive": label, "user": directive.supervisor}
        )
    if len(directive.deadline_text) > 255:
        errors.append(_("%(directive)s: thời hạn dài quá 255 ký tự.") % {"directive": label})
    return errors


def _notice_errors(
    agency: Unit, notice: NoticeInput, directives: list[DirectiveInput]
) -> list[str]:
    errors = []
    if not notice.number.strip():
        errors.append(_("Chưa có số thông báo."))
    elif Conclusion.objects.filter(issuing_unit=agency, number=notice.number.strip()).exists():
        errors.append(
            _("Thông báo số %(number)s của %(agency)s đã được nhập trước đây.")
            % {"number": notice.number.strip(), "agency": agency.name}
        )
    if notice.issued_on is None:
        errors.append(_("Chưa có ngày ban hành."))
    if not directives:
        errors.append(_("Thông báo chưa có nội dung chỉ đạo nào."))
    unit_ids = set(agency_units(agency).values_list("pk", flat=True))
    leader_ids = set(agency_leaders_queryset(agency).values_list("pk", flat=True))
    for order, directive in enumerate(directives, start=1):
        label = _directive_label(order, directive.label)
        errors += _directive_errors(label, directive, unit_ids=unit_ids, leader_ids=leader_ids)
    return errors


# --- writing ---------------------------------------------------------------------


def _apply(directive: Directive, data: DirectiveInput, *, year: int | None) -> None:
    deadline = directive_deadline(
        data.deadline_text, year=year, manual_due_date=data.manual_due_date
    )
    indicator = find_indicator(data.text)
    directive.text = data.text.strip()
    directive.every_office = data.every_office
    directive.every_commune = data.every_commune
    directive.supervisor = data.supervisor
    directive.deadline_text = deadline.text
    directive.deadline_kind = deadline.kind
    directive.period_start = deadline.period_start
    directive.due_date = deadline.due_date
    directive.recurrence = deadline.recurrence
    directive.recurrence_day = deadline.recurrence_day
    directive.needs_review = deadline.needs_review
    directive.indicator_text = indicator.phrase if indicator else ""
    directive.indicator_comparator = indicator.comparator if indicator else ""
    directive.indicator_target = indicator.target if indicator else None
    directive.indicator_unit = indicator.unit if indicator else ""


@transaction.atomic
def conclusion_import(
    *,
    agency: Unit,
    notice: NoticeInput,
    directives: list[DirectiveInput],
    user: User | None = None,
    original_file: File | None = None,
) -> Conclusion:
    """Save a checked notice with its directives, all or nothing.

    Deadlines are read again from their (possibly corrected) words, or taken
    from the date a person set; indicators from the directive's text. Side
    effects: the original file is stored under MEDIA_ROOT/conclusions/.
    Raises ConclusionImportError listing every problem; nothing is saved then.
    """
    errors = _notice_errors(agency, notice, directives)
    if errors:
        raise ConclusionImportError(errors)
    conclusion = Conclusion(
        number=notice.number.strip(),
        issued_on=notice.issued_on,
        issuing_unit=agency,
        signer=notice.signer.strip(),
        meeting=notice.meeting.strip(),
        assessment_year=notice.assessment_year,
        source_text=notice.source_text,
        created_by=user,
    )
    if original_file is not None:
        name = Path(original_file.name).name or f"{notice.number}.docx"
        conclusion.original_file.save(name, original_file, save=False)
    conclusion.save()
    for order, data in enumerate(directives, start=1):
        directive = Directive(conclusion=conclusion, order=order, label=data.label)
        _apply(directive, data, year=notice.issued_on.year)
        directive.save()
        directive.units.set(data.units)
    return conclusion


@transaction.atomic
def directive_update(*, directive: Directive, data: DirectiveInput, user: User) -> Directive:
    """Correct a saved directive: its text, units, supervisor and deadline
    (read again from the words, or set by hand). Raises ConclusionImportError."""
    conclusion = directive.conclusion
    label = _directive_label(directive.order, directive.label)
    errors = _directive_errors(
        label,
        data,
        unit_ids=set(agency_units(conclusion.issuing_unit).values_list("pk", flat=True)),
        leader_ids=set(
            agency_leaders_queryset(conclusion.issuing_unit).values_list("pk", flat=True)
        ),
    )
    if errors:
        raise ConclusionImportError(errors)
    _apply(directive, data, year=conclusion.issued_on.year)
    directive.save()
    directive.units.set(data.units)
    return directive


def proposal_inputs(proposal: ProposedNotice) -> tuple[NoticeInput, list[DirectiveInput]]:
    """The proposal taken as it stands (the command and the demo confirm it unchanged)."""
    notice = NoticeInput(
        number=proposal.number,
        issued_on=proposal.issued_on,
        signer=proposal.signer,
        meeting=proposal.meeting,
        assessment_year=proposal.assessment_year,
        source_text=proposal.text,
    )
    directives = [
        DirectiveInput(
            text=directive.text,
            label=directive.label,
            units=list(directive.units),
            every_office=directive.every_office,
            every_commune=directive.every_commune,
            supervisor=directive.supervisor,
            deadline_text=directive.deadline.text,
        )
        for directive in proposal.directives
    ]
    return notice, directives
