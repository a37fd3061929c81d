import csv
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conclusions.models import Assignment, DeadlineKind, Recurrence
from tests.factories.conclusions import ConclusionFactory, DirectiveFactory

AGENCY_PERSONAS = [
    "office_user",
    "leader",
    "deputy_leader",
    "unit_head",
    "other_unit_head",
    "staff_user",
]
READ_ONLY = ["leader", "deputy_leader", "unit_head", "other_unit_head", "staff_user"]


@pytest.fixture
def conclusion(agency, unit_a, unit_b):
    conclusion = ConclusionFactory(issuing_unit=agency, number="45/TB-STP")
    DirectiveFactory(conclusion=conclusion, order=1, units=[unit_a])
    DirectiveFactory(
        conclusion=conclusion,
        order=2,
        label="Thứ hai",
        text="Các phòng, đơn vị có từ 1-2 bài/tháng.",
        every_office=True,
        deadline_text="1-2 bài/tháng",
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.MONTHLY,
        period_start=date(2023, 1, 1),
        due_date=date(2023, 12, 31),
    )
    DirectiveFactory(
        conclusion=conclusion,
        order=3,
        label="Thứ ba",
        units=[unit_b],
        deadline_text="trước Tết",
        deadline_kind=DeadlineKind.UNPARSED,
        due_date=None,
        needs_review=True,
    )
    return conclusion


def _login(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


@pytest.mark.parametrize("persona", AGENCY_PERSONAS)
def test_everyone_in_the_agency_sees_list_and_detail(client, request, conclusion, persona):
    _login(client, request, persona)

    listing = client.get(reverse("conclusions:list"))
    detail = client.get(conclusion.get_absolute_url())

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert "45/TB-STP" in listing.text
    assert "“trước Tết”" in detail.text
    assert "Cần đặt thời hạn" in detail.text


def test_outsider_gets_404_and_an_empty_list(client, outsider, conclusion):
    client.force_login(outsider)

    assert "45/TB-STP" not in client.get(reverse("conclusions:list")).text
    assert client.get(conclusion.get_absolute_url()).status_code == 404
    assert client.get(reverse("conclusions:file", args=[conclusion.pk])).status_code == 404
    directive = conclusion.directives.first()
    assert client.get(reverse("conclusions:directive_edit", args=[directive.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, conclusion):
    response = client.get(conclusion.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_detail_shows_units_deadlines_and_assignment_counts(
    client, office_user, conclusion, office_unit
):
    client.force_login(office_user)

    response = client.get(conclusion.get_absolute_url())

    counts = [d.assignment_count for d in response.context["directives"]]
    # every office of the agency: Văn phòng, unit A, unit B; twelve months each
    assert counts == [1, 36, 1]
    assert "Ngày cụ thể: hạn 31/03/2023" in response.text
    assert "Hằng tháng, từ 01/01/2023 đến 31/12/2023" in response.text
    assert "Mọi phòng, đơn vị" in response.text
    assert (
        reverse("conclusions:directive_edit", args=[conclusion.directives.first().pk])
        in response.text
    )


@pytest.mark.parametrize("persona", READ_ONLY)
def test_readers_get_no_edit_links_and_403_on_edit_and_import(client, request, conclusion, persona):
    _login(client, request, persona)
    directive = conclusion.directives.first()
    edit_url = reverse("conclusions:directive_edit", args=[directive.pk])

    assert edit_url not in client.get(conclusion.get_absolute_url()).text
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, {"text": "x"}).status_code == 403
    assert client.get(reverse("conclusions:import")).status_code == 403
    assert client.post(reverse("conclusions:import"), {"text": "x"}).status_code == 403
    assert client.post(reverse("conclusions:import_confirm"), {}).status_code == 403
    assert client.get(reverse("conclusions:deadline_preview")).status_code == 403


def test_office_edits_a_directive_deadline_and_units(
    client, office_user, conclusion, unit_a, unit_b, deputy_leader
):
    client.force_login(office_user)
    directive = conclusion.directives.get(order=3)

    response = client.post(
        reverse("conclusions:directive_edit", args=[directive.pk]),
        {
            "label": "Thứ ba",
            "text": directive.text,
            "units": [unit_a.pk, unit_b.pk],
            "supervisor": deputy_leader.pk,
            "deadline_text": "trong quý II/2023",
        },
    )

    directive.refresh_from_db()
    assert response.status_code == 302
    assert (directive.deadline_kind, directive.period_start, directive.due_date) == (
        DeadlineKind.QUARTER,
        date(2023, 4, 1),
        date(2023, 6, 30),
    )
    assert (directive.needs_review, directive.supervisor) == (False, deputy_leader)
    assert set(directive.units.all()) == {unit_a, unit_b}


def test_office_sets_an_unreadable_deadline_by_hand_and_it_stays_set(
    client, office_user, conclusion, unit_b
):
    client.force_login(office_user)
    directive = conclusion.directives.get(order=3)
    url = reverse("conclusions:directive_edit", args=[directive.pk])

    client.post(
        url,
        {
            "text": directive.text,
            "units": [unit_b.pk],
            "deadline_text": "trước Tết",
            "manual_due_date": "2024-02-02",
        },
    )
    directive.refresh_from_db()
    form = client.get(url).context["form"]

    assert (directive.deadline_text, directive.deadline_kind, directive.due_date) == (
        "trước Tết",
        DeadlineKind.DATE,
        date(2024, 2, 2),
    )
    assert directive.needs_review is False
    assert form.initial["manual_due_date"] == date(2024, 2, 2)


def test_edit_refuses_a_directive_without_units(client, office_user, conclusion):
    client.force_login(office_user)
    directive = conclusion.directives.get(order=1)

    response = client.post(
        reverse("conclusions:directive_edit", args=[directive.pk]),
        {"text": directive.text, "deadline_text": "trong quý II/2023"},
    )

    directive.refresh_from_db()
    assert response.status_code == 200
    assert "Chọn ít nhất một đơn vị" in response.text
    assert directive.deadline_kind == DeadlineKind.DATE


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (Assignment.INFORMATION, "Để biết, không giao nhiệm vụ"),
        (Assignment.TO_ASSIGN, "Chờ giao đơn vị"),
    ],
)
def test_a_directive_without_units_can_wait_or_be_for_information(
    client, office_user, conclusion, state, label
):
    client.force_login(office_user)
    directive = conclusion.directives.get(order=1)

    response = client.post(
        reverse("conclusions:directive_edit", args=[directive.pk]),
        {"text": directive.text, "deadline_text": "trong quý II/2023", "assignment": state},
    )

    directive.refresh_from_db()
    assert response.status_code == 302
    assert (directive.assignment, list(directive.units.all())) == (state, [])
    page = client.get(conclusion.get_absolute_url())
    shown = next(d for d in page.context["directives"] if d.pk == directive.pk)
    assert shown.assignment_count == 0
    assert label in page.text


def test_choosing_units_for_a_waiting_directive_assigns_it(client, office_user, conclusion, unit_a):
    client.force_login(office_user)
    directive = conclusion.directives.get(order=1)
    directive.assignment = Assignment.TO_ASSIGN
    directive.save()

    client.post(
        reverse("conclusions:directive_edit", args=[directive.pk]),
        {
            "text": directive.text,
            "deadline_text": "trong quý II/2023",
            "assignment": Assignment.TO_ASSIGN,
            "units": [unit_a.pk],
        },
    )

    directive.refresh_from_db()
    assert directive.assignment == Assignment.ASSIGNED


def test_pages_name_the_commune_group_and_the_ongoing_review_as_the_tasks_do(
    client, office_user, conclusion, unit_b
):
    DirectiveFactory(
        conclusion=conclusion,
        order=4,
        label="Thứ tư",
        every_commune=True,
        deadline_text="thường xuyên",
        deadline_kind=DeadlineKind.ONGOING,
        due_date=None,
    )
    client.force_login(office_user)
    edit_url = reverse("conclusions:directive_edit", args=[conclusion.directives.first().pk])

    detail = client.get(conclusion.get_absolute_url()).text
    edit = client.get(edit_url).text
    refused = client.post(edit_url, {"text": "Rà soát.", "deadline_text": "sớm"}).text

    assert "Mọi xã, phường, thị trấn" in detail
    assert "Thường xuyên, không có hạn; rà soát hằng quý" in detail
    assert "Mọi xã, phường, thị trấn" in edit
    assert ">Hủy</a>" in edit
    assert "Chọn ít nhất một đơn vị, hoặc mọi phòng, đơn vị / mọi xã, phường, thị trấn;" in refused


def test_deadline_preview_reads_the_phrase(client, office_user):
    client.force_login(office_user)

    response = client.get(
        reverse("conclusions:deadline_preview"),
        {"form-1-deadline_text": "trước 31/3", "issued_on": "02/03/2023"},
    )

    assert "Ngày cụ thể: hạn 31/03/2023" in response.text


def test_deadline_preview_follows_a_corrected_issue_date(client, office_user):
    client.force_login(office_user)

    response = client.get(
        reverse("conclusions:deadline_preview"),
        {"form-1-deadline_text": "trước 31/3", "issued_on": "20/12/2023"},
    )

    assert "Ngày cụ thể: hạn 31/03/2024" in response.text
    assert "bi-exclamation-triangle-fill" in response.text


@pytest.mark.parametrize("persona", AGENCY_PERSONAS)
def test_original_file_downloads_for_the_agency(client, request, conclusion, persona):
    conclusion.original_file.save("45-TB-STP.docx", ContentFile(b"PK-word"), save=True)
    _login(client, request, persona)

    response = client.get(reverse("conclusions:file", args=[conclusion.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK-word"
    assert 'filename="45-TB-STP' in response["Content-Disposition"]


def test_original_file_missing_on_disk_is_404(client, office_user, conclusion):
    conclusion.original_file.save("45-TB-STP.docx", ContentFile(b"PK-word"), save=True)
    Path(conclusion.original_file.path).unlink()
    client.force_login(office_user)

    response = client.get(reverse("conclusions:file", args=[conclusion.pk]))

    assert response.status_code == 404


def test_list_exports_csv(client, office_user, conclusion):
    client.force_login(office_user)

    response = client.get(reverse("conclusions:list"), {"_export": "csv"})

    lines = response.content.decode("utf-8").splitlines()
    # the export starts with a byte-order mark so that Excel reads UTF-8
    assert lines[0].startswith("\ufeffThông báo kết luận — Xuất ngày ")
    assert lines[1].startswith("Số;Ngày ban hành;Cơ quan ban hành")
    assert lines[2].startswith("45/TB-STP;02/03/2023;Sở Tư pháp")
    # directives, deadlines to check, directives waiting to be assigned
    assert lines[2].endswith(";3;1;0")


def test_list_counts_the_directives_waiting_to_be_assigned(client, office_user, conclusion):
    DirectiveFactory(conclusion=conclusion, order=9, assignment=Assignment.TO_ASSIGN)
    client.force_login(office_user)

    response = client.get(reverse("conclusions:list"), {"_export": "csv"})

    assert response.content.decode("utf-8").splitlines()[2].endswith(";4;1;1")


def test_list_filters_by_text(client, office_user, conclusion, agency):
    ConclusionFactory(issuing_unit=agency, number="7/TB-STP", meeting="Họp giao ban quý I")
    client.force_login(office_user)

    response = client.get(reverse("conclusions:list"), {"q": "giao ban"})

    assert "7/TB-STP" in response.text
    assert "45/TB-STP" not in response.text


def test_navigation_offers_the_page_to_every_role(client, unit_head):
    client.force_login(unit_head)

    assert reverse("conclusions:list") in client.get(reverse("home")).text


@pytest.mark.parametrize("size", [2, 20])
def test_list_queries_do_not_grow_with_rows(
    client, office_user, agency, unit_a, size, django_assert_max_num_queries
):
    for _n in range(size):
        conclusion = ConclusionFactory(issuing_unit=agency)
        DirectiveFactory(conclusion=conclusion, units=[unit_a])
    client.force_login(office_user)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("conclusions:list"))

    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == size


def _detail_queries(client, conclusion) -> tuple[int, list[int]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("conclusions:detail", args=[conclusion.pk]))
    assert response.status_code == 200
    return len(queries), [d.assignment_count for d in response.context["directives"]]


def test_detail_queries_do_not_grow_with_directives_for_every_office(
    client, office_user, agency, office_unit, unit_a, unit_b
):
    two, twenty = ConclusionFactory(issuing_unit=agency), ConclusionFactory(issuing_unit=agency)
    for conclusion, size in ((two, 2), (twenty, 20)):
        for order in range(1, size + 1):
            DirectiveFactory(conclusion=conclusion, order=order, every_office=True)
    client.force_login(office_user)
    _detail_queries(client, two)  # the session and the user are read once first

    queries_two, counts_two = _detail_queries(client, two)
    queries_twenty, counts_twenty = _detail_queries(client, twenty)

    assert queries_two == queries_twenty
    assert counts_two == [3] * 2
    assert counts_twenty == [3] * 20


@pytest.fixture
def thirty_conclusions(agency):
    """Numbered 01…30 in the order of their dates, so that sorting by number
    differs from the default (newest first); the odd ones are briefings."""
    return [
        ConclusionFactory(
            issuing_unit=agency,
            number=f"{n:02}/TB-STP",
            issued_on=date(2023, 1, 1) + timedelta(days=n),
            meeting="Họp giao ban" if n % 2 else "Hội nghị",
        )
        for n in range(1, 31)
    ]


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("9", 2), ("2", 2)])
def test_list_shows_a_page_for_any_page_number(
    client, office_user, thirty_conclusions, page, shown
):
    client.force_login(office_user)

    response = client.get(reverse("conclusions:list"), {"page": page})

    assert response.status_code == 200
    assert response.context["table"].page.number == shown
    assert len(response.context["table"].page.object_list) == (25 if shown == 1 else 5)


def test_list_sorts_by_the_column_asked(client, office_user, thirty_conclusions):
    client.force_login(office_user)

    by_number = client.get(reverse("conclusions:list"), {"sort": "number"})
    by_date = client.get(reverse("conclusions:list"))

    def numbers(response):
        return [row.record.number for row in response.context["table"].page.object_list]

    assert numbers(by_number)[:3] == ["01/TB-STP", "02/TB-STP", "03/TB-STP"]
    assert numbers(by_date)[:3] == ["30/TB-STP", "29/TB-STP", "28/TB-STP"]


def test_list_export_has_every_filtered_row_in_the_order_asked(
    client, office_user, thirty_conclusions
):
    client.force_login(office_user)

    response = client.get(
        reverse("conclusions:list"),
        {"q": "giao ban", "sort": "number", "page": "2", "_export": "csv"},
    )

    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0].startswith("Thông báo kết luận — Tìm (số, cuộc họp, người ký): giao ban")
    assert [row[0] for row in rows[2:]] == [f"{n:02}/TB-STP" for n in range(1, 30, 2)]
