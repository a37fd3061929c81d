"""Writes for conclusions: import (all or nothing) and later corrections.

The web import, the `import_conclusion` command and the demo seed all go
through `conclusion_propose` (read and propose) and `conclusion_import`
(validate everything, then save in one transaction).
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from conclusions.deadlines import ParsedDeadline, parse_deadline
from conclusions.indicators import find_indicator
from conclusions.models import Assignment, Conclusion, DeadlineKind, Directive
from conclusions.parsing import ConclusionError, ProposedConclusion, propose_conclusion, read_file
from tracker.lib.uploads import (
    HeldUploadGone,
    held_upload_discard,
    held_upload_open,
)
from tracker.models import Unit, User
from tracker.permissions import agency_leaders
from tracker.services.stored_files import orphan_files_sweep


class ConclusionImportError(ConclusionError):
    """Refused input; nothing was saved."""


class UploadGone(ConclusionImportError):
    """The upload held between the two import steps is not there (swept after
    a day) or is not the asking session's."""

    def __init__(self):
        super().__init__(_("Tệp đã tải lên không còn trên máy chủ; hãy tải lên lại thông báo."))


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
    assignment: str = Assignment.ASSIGNED

    @property
    def given(self) -> bool:
        return bool(self.units or self.every_office or self.every_commune)

    @property
    def state(self) -> str:
        """The state to save: a directive waiting to be assigned that now has
        units is assigned (choosing them is the assigning)."""
        if self.assignment == Assignment.TO_ASSIGN and self.given:
            return Assignment.ASSIGNED
        return self.assignment


@dataclass
class ConclusionInput:
    number: str
    issued_on: date | None
    signer: str = ""
    meeting: str = ""
    assessment_year: int | None = None
    source_text: str = ""


# --- the uploaded file between the two steps ------------------------------------


# --- reading ---------------------------------------------------------------------


def conclusion_propose(
    *, agency: Unit, text: str = "", data: bytes | None = None, filename: str = ""
) -> ProposedConclusion:
    """Read a conclusion from pasted text or a file's bytes into a proposal.

    Raises ConclusionImportError for a file that is not a .docx/.txt, empty
    text or no directives. Writes nothing.
    """
    try:
        if data is not None:
            text = read_file(data, filename)
        return propose_conclusion(text, agency=agency)
    except ConclusionError as error:
        raise ConclusionImportError(error.messages) from error


def directive_deadline(
    deadline_text: str, *, issued_on: date | None, manual_due_date: date | None = None
) -> ParsedDeadline:
    """The deadline to store: the words re-read against the conclusion's date, or
    the date a person set (the words are kept either way)."""
    parsed = parse_deadline(deadline_text, issued_on=issued_on)
    if manual_due_date is None:
        return parsed
    return ParsedDeadline(text=parsed.text, kind=DeadlineKind.DATE, due_date=manual_due_date)


# --- validation ------------------------------------------------------------------


def agency_units(agency: Unit):
    return Unit.objects.filter(parent=agency, is_active=True)


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
    if directive.state == Assignment.ASSIGNED and not directive.given:
        errors.append(_("%(directive)s: chưa chọn đơn vị được giao.") % {"directive": label})
    if directive.assignment not in Assignment.values:
        errors.append(_("%(directive)s: tình trạng giao việc không hợp lệ.") % {"directive": label})
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


def _already_imported(agency: Unit, number: str) -> str | None:
    if not Conclusion.objects.filter(issuing_unit=agency, number=number).exists():
        return None
    return _("Thông báo số %(number)s của %(agency)s đã được nhập trước đây.") % {
        "number": number,
        "agency": agency.name,
    }


def conclusion_import_errors(
    agency: Unit, conclusion: ConclusionInput, directives: list[DirectiveInput]
) -> list[str]:
    """Every reason conclusion_import would refuse the conclusion (a number
    already imported included); empty when it would save. Writes nothing."""
    errors = []
    if not conclusion.number.strip():
        errors.append(_("Chưa có số thông báo."))
    elif duplicate := _already_imported(agency, conclusion.number.strip()):
        errors.append(duplicate)
    if conclusion.issued_on is None:
        errors.append(_("Chưa có ngày ban hành."))
    if not directives:
        errors.append(_("Thông báo chưa có nội dung chỉ đạo nào."))
    unit_ids = set(agency_units(agency).values_list("pk", flat=True))
    leader_ids = set(agency_leaders(agency).values_list("pk", flat=True))
    for order, directive in enumerate(directives, start=1):
        label = _directive_label(order, directive.label)
        errors += _directive_errors(label, directive, unit_ids=unit_ids, leader_ids=leader_ids)
    return errors


# --- writing ---------------------------------------------------------------------


def _apply(directive: Directive, data: DirectiveInput, *, issued_on: date) -> None:
    deadline = directive_deadline(
        data.deadline_text, issued_on=issued_on, manual_due_date=data.manual_due_date
    )
    indicator = find_indicator(data.text, issued_on=issued_on)
    directive.text = data.text.strip()
    directive.assignment = data.state
    directive.every_office = data.every_office
    directive.every_commune = data.every_commune
    directive.supervisor = data.supervisor
    directive.deadline_text = deadline.text
    directive.deadline_kind = deadline.kind
    directive.period_start = deadline.period_start
    directive.due_date = deadline.due_date
    directive.recurrence = deadline.recurrence
    directive.recurrence_day = deadline.recurrence_day
    directive.recurrence_month = deadline.recurrence_month
    directive.needs_review = deadline.needs_review
    directive.indicator_text = indicator.phrase if indicator else ""
    directive.indicator_comparator = indicator.comparator if indicator else ""
    directive.indicator_target = indicator.target if indicator else None
    directive.indicator_unit = indicator.unit if indicator else ""


def conclusion_import(
    *,
    agency: Unit,
    conclusion: ConclusionInput,
    directives: list[DirectiveInput],
    user: User | None = None,
    original_file: File | None = None,
) -> Conclusion:
    """Save a checked conclusion with its directives, all or nothing.

    Deadlines are read again from their (possibly corrected) words, or taken
    from the date a person set; indicators from the directive's text. Side
    effects: the original file is stored under MEDIA_ROOT/conclusions/, as the
    last write, and removed again when the transaction fails after it; files
    left there by a process that died before committing are swept first.
    Raises ConclusionImportError listing every problem (the same number saved
    by a concurrent import included); nothing is saved then.
    """
    errors = conclusion_import_errors(agency, conclusion, directives)
    if errors:
        raise ConclusionImportError(errors)
    if original_file is not None:
        orphan_files_sweep()
    stored = None
    try:
        with transaction.atomic():
            saved = _save_conclusion(agency, conclusion, directives, user)
            if original_file is not None:
                fallback = saved.number.replace("/", "-") + ".docx"
                stored = saved.original_file
                name = Path(original_file.name).name or fallback
                stored.save(name, original_file, save=False)
                saved.original_file_name = name
                saved.save(update_fields=["original_file", "original_file_name"])
    except Exception:
        if stored:
            stored.delete(save=False)
        raise
    return saved


def _save_conclusion(
    agency: Unit, data: ConclusionInput, directives: list[DirectiveInput], user: User | None
) -> Conclusion:
    conclusion = Conclusion(
        number=data.number.strip(),
        issued_on=data.issued_on,
        issuing_unit=agency,
        signer=data.signer.strip(),
        meeting=data.meeting.strip(),
        assessment_year=data.assessment_year,
        source_text=data.source_text,
        created_by=user,
    )
    # The import command has no request for simple_history to read the user from.
    conclusion._history_user = user
    # The check before saving cannot see a concurrent import of the same
    # number; the unique constraint can.
    try:
        with transaction.atomic():
            conclusion.save()
    except IntegrityError as error:
        duplicate = _already_imported(agency, conclusion.number)
        if duplicate is None:
            raise
        raise ConclusionImportError(duplicate) from error
    for order, directive_data in enumerate(directives, start=1):
        directive = Directive(conclusion=conclusion, order=order, label=directive_data.label)
        directive._history_user = user
        _apply(directive, directive_data, issued_on=conclusion.issued_on)
        directive.save()
        directive.units.set(directive_data.units)
    return conclusion


def conclusion_import_upload(
    *,
    agency: Unit,
    conclusion: ConclusionInput,
    directives: list[DirectiveInput],
    user: User,
    token: str,
    filename: str,
) -> Conclusion:
    """conclusion_import with the upload held since the first step as the
    original file, stored under `filename`.

    Side effect: the held upload is deleted once the conclusion is saved. Raises
    UploadGone when it is no longer held, ConclusionImportError as
    conclusion_import does.
    """
    try:
        held = held_upload_open(token)
    except HeldUploadGone as error:
        raise UploadGone from error
    with held:
        saved = conclusion_import(
            agency=agency,
            conclusion=conclusion,
            directives=directives,
            user=user,
            original_file=File(held, name=filename),
        )
    held_upload_discard(token)
    return saved


@transaction.atomic
def directive_update(*, directive: Directive, data: DirectiveInput) -> Directive:
    """Correct a saved directive: its text, units, supervisor and deadline
    (read again from the words, or set by hand). Raises ConclusionImportError."""
    conclusion = directive.conclusion
    label = _directive_label(directive.order, directive.label)
    errors = _directive_errors(
        label,
        data,
        unit_ids=set(agency_units(conclusion.issuing_unit).values_list("pk", flat=True)),
        leader_ids=set(agency_leaders(conclusion.issuing_unit).values_list("pk", flat=True)),
    )
    if errors:
        raise ConclusionImportError(errors)
    _apply(directive, data, issued_on=conclusion.issued_on)
    directive.save()
    directive.units.set(data.units)
    return directive


def directive_current_input(directive: Directive) -> DirectiveInput:
    """The saved directive as the input that would save it unchanged: a due
    date its words do not give was set by hand."""
    reread = directive_deadline(directive.deadline_text, issued_on=directive.conclusion.issued_on)
    set_by_hand = directive.due_date and reread.due_date != directive.due_date
    return DirectiveInput(
        text=directive.text,
        label=directive.label,
        units=list(directive.units.all()),
        every_office=directive.every_office,
        every_commune=directive.every_commune,
        supervisor=directive.supervisor,
        deadline_text=directive.deadline_text,
        manual_due_date=directive.due_date if set_by_hand else None,
        assignment=directive.assignment,
    )


def proposal_inputs(proposal: ProposedConclusion) -> tuple[ConclusionInput, list[DirectiveInput]]:
    """The proposal taken as it stands (the command and the demo confirm it unchanged)."""
    conclusion = ConclusionInput(
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
            assignment=directive.assignment,
        )
        for directive in proposal.directives
    ]
    return conclusion, directives
