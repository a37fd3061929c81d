"""Who a document comes from and who signs it, worked out from the organisation.

Kept in the report's parameters when it is built, so building it again gives
the same letterhead and signature even after people change posts.
"""

from django.db.models import Count

from tracker.models import Role, Unit, UnitKind, User
from tracker.reports.format import Letterhead, Signature, nfc

# How a people's committee is named before its place: what the date line drops.
PLACE_PREFIXES = (
    "ủy ban nhân dân tỉnh ",
    "ủy ban nhân dân thành phố ",
    "ủy ban nhân dân huyện ",
    "ủy ban nhân dân thị xã ",
    "ubnd tỉnh ",
    "ubnd thành phố ",
    "ubnd huyện ",
    "ubnd thị xã ",
    "tỉnh ",
    "thành phố ",
    "huyện ",
)


def place_of(unit: Unit) -> str:
    """The place in the date line: the nearest province or district above (or
    being) the unit, without "UBND tỉnh" ("Nam Sơn"); "" when there is none."""
    for candidate in [unit, *reversed(unit.ancestors())]:
        if candidate.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT):
            name = nfc(candidate.name)
            lowered = name.lower()
            for prefix in PLACE_PREFIXES:
                if lowered.startswith(prefix):
                    return name[len(prefix) :].strip()
            return name
    return ""


def symbol_part(unit: Unit) -> str:
    """The unit's part of a document symbol: its code's last segment (STP-VP → VP)."""
    return unit.code.rsplit("-", 1)[-1].upper()


def report_letterhead(unit: Unit, *, number: str = "") -> Letterhead:
    """A report (BC) issued by `unit`, under the body above it: a department under
    the province, an office under its agency."""
    parent = unit.parent if unit.kind != UnitKind.OFFICE else unit.agency
    return Letterhead(
        parent_body=parent.name if parent else "",
        issuing_body=unit.name,
        symbol=f"BC-{symbol_part(unit)}",
        place=place_of(unit),
        number=number,
    )


def letter_letterhead(agency: Unit, *, drafter: Unit | None, subject: str, number: str = ""):
    """A công văn of the agency: no type code, the drafting unit after the
    issuer (45/STP-VP), and its subject under the number."""
    symbol = symbol_part(agency)
    if drafter is not None and drafter.pk != agency.pk:
        symbol = f"{symbol}-{symbol_part(drafter)}"
    return Letterhead(
        parent_body=agency.parent.name if agency.parent_id else "",
        issuing_body=agency.name,
        symbol=symbol,
        place=place_of(agency),
        number=number,
        subject=subject,
    )


def _title_of(position: str, fallback: str) -> str:
    """The post without its agency's word: "Phó Giám đốc Sở" → "Phó Giám đốc"."""
    title = nfc(position or fallback).strip()
    for suffix in (" Sở", " sở"):
        if title.endswith(suffix):
            title = title[: -len(suffix)]
    return title


def signature_of(user: User | None, *, fallback_title: str) -> Signature:
    """A head signs in their own name; a deputy "KT." (on behalf of) the head."""
    if user is None:
        return Signature(authority="", title=fallback_title, name="")
    title = _title_of(user.position, fallback_title)
    if title.lower().startswith("phó "):
        head = title[4:]
        return Signature(authority=f"KT. {head}", title=title, name=user.get_full_name())
    return Signature(authority="", title=title, name=user.get_full_name())


def agency_signer(agency: Unit) -> User | None:
    """Who signs for the agency by default: its head (the leader supervising no
    unit in particular), else any of its leaders."""
    leaders = (
        User.objects.filter(role=Role.LEADERSHIP, is_active=True, unit=agency)
        .annotate(units=Count("supervised_units"))
        .order_by("units", "pk")
    )
    return leaders.first()


def unit_signer(unit: Unit) -> User | None:
    return (
        User.objects.filter(role=Role.UNIT_HEAD, is_active=True, unit=unit).order_by("pk").first()
    )
