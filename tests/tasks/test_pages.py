"""The task pages: my unit's tasks, the deadline board (filters, sorting,
export), the task page's actions, the create and edit forms."""

import codecs
import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories.assessments import AssessmentFactory, CriteriaSetFactory, scored_tree
from tests.factories.org import DepartmentFactory, OfficeFactory, UnitFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.filters.tasks import TaskFilter
from tracker.models import CriteriaSet, Criterion, Index, Role, TaskCriterion, TaskStatus, UnitKind
from tracker.permissions import get_task_for_user
from tracker.selectors.tasks import agency_tasks, filter_tasks
from tracker.services.extensions import extension_request_create
from tracker.services.tasks import comment_add, task_create

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 7, 10)
NOW = datetime(2026, 7, 10, 10, tzinfo=VN)
pytestmark = pytest.mark.frozen(NOW)


def titles(response):
    return [task.title for task in response.context["table"].data]


@pytest.fixture
def areas(db):
    index = Index.objects.create(code="PAR", name="Chỉ số CCHC")
    criteria_set = CriteriaSet.objects.create(index=index, year=2025)
    made = {}
    for code, name in [("2", "Cải cách thể chế"), ("3", "Cải cách TTHC")]:
        made[code] = Criterion.objects.create(
            criteria_set=criteria_set, code=code, name=name, max_score=Decimal("10")
        )
    made["3.2"] = Criterion.objects.create(
        criteria_set=criteria_set,
        parent=made["3"],
        code="3.2",
        name="Công khai TTHC",
        max_score=Decimal("2"),
    )
    return made


@pytest.fixture
def board_tasks(agency, unit_a, unit_b, areas):
    """Five tasks of the agency at 10/07/2026, one of another agency."""
    made = {
        "overdue_a": TaskFactory(
            agency=agency, lead_unit=unit_a, in_progress=True, deadline=date(2026, 6, 30), year=2025
        ),
        "future_a": TaskFactory(
            agency=agency, lead_unit=unit_a, assigned=True, deadline=date(2026, 9, 30), year=2025
        ),
        "late_done_b": TaskFactory(
            agency=agency,
            lead_unit=unit_b,
            done=True,
            deadline=date(2026, 6, 1),
            completed_at=datetime(2026, 6, 25, 9, tzinfo=VN),
            year=2024,
        ),
        "draft_b": TaskFactory(agency=agency, lead_unit=unit_b, deadline=date(2026, 8, 15)),
        "ongoing_b": TaskFactory(
            agency=agency, lead_unit=unit_b, in_progress=True, deadline=None, ongoing=True
        ),
    }
    for name, task in made.items():
        task.title = name
        task.save()
    TaskCriterion.objects.create(task=made["overdue_a"], criterion=areas["3.2"])
    TaskCriterion.objects.create(task=made["late_done_b"], criterion=areas["2"])
    TaskFactory(title="khac_co_quan", agency=DepartmentFactory(), assigned=True)
    return made


def test_board_lists_every_task_of_the_agency(client, office_user, board_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"))

    assert sorted(titles(response)) == sorted(board_tasks)
    assert response.text.count('data-testid="badge-overdue"') == 1
    assert response.text.count('data-testid="badge-done-late"') == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "in_progress"}, ["ongoing_b", "overdue_a"]),
        ({"status": "open"}, ["draft_b", "future_a", "ongoing_b", "overdue_a"]),
        ({"overdue": "true"}, ["overdue_a"]),
        ({"overdue": "false"}, ["draft_b", "future_a", "late_done_b", "ongoing_b"]),
        ({"area": "PAR:department:3"}, ["overdue_a"]),
        ({"area": "PAR:department:2"}, ["late_done_b"]),
        ({"deadline_from": "2026-07-01", "deadline_to": "2026-08-31"}, ["draft_b"]),
        ({"deadline_to": "2026-06-30"}, ["late_done_b", "overdue_a"]),
        ({"year": "2024"}, ["late_done_b"]),
    ],
)
def test_board_filters(client, office_user, board_tasks, query, expected):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), query)

    assert sorted(titles(response)) == expected


def board(agency, today=TODAY, **query):
    """The board's tasks as the page narrows them: the selector, then TaskFilter."""
    queryset = agency_tasks(agency=agency, today=today)
    return TaskFilter(query, queryset=queryset, agency=agency).qs


def test_the_deadline_board_narrowed_as_the_page_does(board_tasks, agency, unit_a, unit_b):
    overdue_of_a = board(agency, lead_unit=unit_a.pk, overdue="true")
    open_of_b = board(agency, lead_unit=unit_b.pk, status="open")

    assert [task.title for task in overdue_of_a] == ["overdue_a"]
    assert sorted(task.title for task in open_of_b) == ["draft_b", "ongoing_b"]
    assert board(agency, today=date(2026, 6, 1), overdue="true").count() == 0


def test_board_filters_by_lead_unit(client, office_user, board_tasks, unit_a):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"lead_unit": unit_a.pk})

    assert sorted(titles(response)) == ["future_a", "overdue_a"]


def test_board_shows_work_to_do_before_finished_tasks(client, office_user, board_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"))

    rows = [row.record.title for row in response.context["table"].paginated_rows]
    assert rows == ["overdue_a", "draft_b", "future_a", "ongoing_b", "late_done_b"]


def test_board_sorts_by_deadline_descending(client, leader, board_tasks):
    client.force_login(leader)

    response = client.get(reverse("tasks:board"), {"sort": "-deadline"})

    rows = [row.record.title for row in response.context["table"].paginated_rows]
    assert rows[:3] == ["future_a", "draft_b", "overdue_a"]


def test_board_exports_csv(client, office_user, board_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "csv", "sort": "title"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]
    assert rows[0] == [
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Người thực hiện",
        "Hạn hoàn thành",
        "Số ngày quá hạn",
        "Tiến độ (%)",
        "Trạng thái",
        "Điểm có thể gỡ",
        "Quá hạn",
        "Hoàn thành muộn",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["overdue_a"][3:] == [
        "30/06/2026",
        "10",
        "0",
        "Đang thực hiện",
        "0,00",
        "Có",
        "Không",
    ]
    assert by_title["late_done_b"][4:] == ["", "100", "Hoàn thành", "0,00", "Không", "Có"]
    assert by_title["ongoing_b"][3] == "Thường xuyên"
    assert "<" not in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "title"),
    [("tasks:board", "Theo dõi thời hạn"), ("tasks:my_unit", "Nhiệm vụ của đơn vị")],
)
def test_csv_exports_start_with_a_byte_order_mark_for_excel(
    client, office_user, board_tasks, url_name, title
):
    client.force_login(office_user)

    response = client.get(reverse(url_name), {"_export": "csv"})

    assert response.content.startswith(codecs.BOM_UTF8 + f"{title} — Xuất ngày".encode())
    assert response.content.count(codecs.BOM_UTF8) == 1


def test_board_exports_xlsx_with_the_filter(client, office_user, board_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "xlsx", "overdue": "true"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()][1:]
    assert values[1][0] == "overdue_a"
    assert values[1][3] == datetime(2026, 6, 30)
    assert values[1][4] == 10
    assert values[1][6:] == ["Đang thực hiện", 0, "Có", "Không"]
    assert len(values) == 2


def test_board_is_for_office_and_leadership(client, unit_head, staff_user):
    for user in (unit_head, staff_user):
        client.force_login(user)
        assert client.get(reverse("tasks:board")).status_code == 403


def test_leadership_sees_pending_extensions_on_the_board(client, leader, board_tasks, unit_head):
    extension_request_create(
        task=board_tasks["future_a"],
        user=unit_head,
        proposed_deadline=date(2026, 10, 31),
        reason="Chờ phần mềm",
    )
    client.force_login(leader)

    response = client.get(reverse("tasks:board"))

    assert 'data-testid="pending-extensions"' in response.text
    assert "30/09/2026 → 31/10/2026" in response.text


def test_district_office_sees_its_communes_tasks(client, db):
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    office = OfficeFactory(code="TB-VP", parent=district)
    commune = UnitFactory(code="TB-AP", name="Xã An Phú", kind=UnitKind.COMMUNE, parent=district)
    TaskFactory(title="Việc của xã An Phú", agency=district, lead_unit=commune, assigned=True)
    client.force_login(UserFactory(unit=office, role=Role.OFFICE))

    response = client.get(reverse("tasks:board"))

    assert titles(response) == ["Việc của xã An Phú"]


def test_my_unit_puts_tasks_awaiting_acceptance_first(client, unit_head, board_tasks, unit_b):
    supported = TaskFactory(
        title="supported_by_a",
        agency=unit_b.parent,
        lead_unit=unit_b,
        in_progress=True,
        supporting_units=[unit_head.unit],
    )
    client.force_login(unit_head)

    response = client.get(reverse("tasks:my_unit"))

    assert [task.title for task in response.context["awaiting"]] == ["future_a"]
    assert sorted(titles(response)) == ["future_a", "overdue_a", supported.title]
    awaiting_section = response.text.split('data-testid="awaiting-acceptance"')[1]
    assert awaiting_section.index("future_a") < awaiting_section.index("Tất cả nhiệm vụ")


def test_staff_see_the_tasks_they_carry(client, staff_user, board_tasks):
    board_tasks["overdue_a"].assignee = staff_user
    board_tasks["overdue_a"].save()
    client.force_login(staff_user)

    response = client.get(reverse("tasks:my_unit"))

    assert titles(response) == ["overdue_a"]
    assert list(response.context["awaiting"]) == []


def test_task_page_offers_only_the_users_actions(client, unit_head, office_user, board_tasks):
    task = board_tasks["future_a"]

    client.force_login(unit_head)
    head_page = client.get(task.get_absolute_url()).text
    client.force_login(office_user)
    office_page = client.get(task.get_absolute_url()).text

    assert 'data-testid="action-accept"' in head_page
    assert 'data-testid="action-return"' in head_page
    assert 'data-testid="action-cancel"' not in head_page
    assert reverse("tasks:edit", args=[task.pk]) not in head_page
    assert 'data-testid="action-accept"' not in office_page
    assert 'data-testid="action-cancel"' in office_page
    assert reverse("tasks:edit", args=[task.pk]) in office_page


def test_task_page_shows_badges_and_criteria(client, office_user, board_tasks, areas):
    TaskCriterion.objects.filter(task=board_tasks["overdue_a"]).update(points_lost=Decimal("0.75"))
    client.force_login(office_user)

    response = client.get(board_tasks["overdue_a"].get_absolute_url())

    assert 'data-testid="badge-overdue"' in response.text
    assert "3.2. Công khai TTHC" in response.text
    assert "0,75" in response.text


def test_office_creates_and_issues_a_task(client, office_user, unit_a, unit_b, areas):
    client.force_login(office_user)
    assert client.get(reverse("tasks:create")).status_code == 200

    response = client.post(
        reverse("tasks:create"),
        {
            "title": "Niêm yết TTHC tại bộ phận một cửa",
            "lead_unit": unit_a.pk,
            "supporting_units": [unit_b.pk],
            "deadline": "2026-09-30",
            "priority": "high",
            "criteria": [areas["3.2"].pk],
            "issue": "on",
        },
    )

    task = unit_a.led_tasks.get()
    assert response.url == task.get_absolute_url()
    assert (task.status, task.priority, task.deadline) == (
        TaskStatus.ASSIGNED,
        "high",
        date(2026, 9, 30),
    )
    assert list(task.criteria.all()) == [areas["3.2"]]


def test_province_secretariat_is_offered_only_the_provinces_own_units(
    client, province_secretariat, unit_a
):
    client.force_login(province_secretariat)

    form = client.get(reverse("tasks:create")).context["form"]

    assert [unit.code for unit in form.fields["lead_unit"].queryset] == ["TINH-CCHC"]


def test_province_secretariat_cannot_create_a_task_for_a_department_unit(
    client, province_secretariat, unit_a
):
    client.force_login(province_secretariat)

    response = client.post(
        reverse("tasks:create"),
        {"title": "Việc", "lead_unit": unit_a.pk, "deadline": "2026-09-30", "priority": "normal"},
    )

    assert response.status_code == 200
    assert "lead_unit" in response.context["form"].errors
    assert not unit_a.led_tasks.exists()


def test_province_secretariat_follows_a_department_room_on_its_board(
    client, province_secretariat, board_tasks, unit_a
):
    client.force_login(province_secretariat)

    response = client.get(reverse("tasks:board"), {"lead_unit": unit_a.pk})

    assert response.status_code == 200
    assert sorted(titles(response)) == ["future_a", "overdue_a"]


def test_a_task_belongs_to_its_lead_units_agency(client, province_secretariat, agency, unit_a):
    client.force_login(province_secretariat)

    client.post(
        reverse("tasks:create"),
        {
            "title": "Việc của Tổ CCHC",
            "lead_unit": province_secretariat.unit_id,
            "deadline": "2026-09-30",
            "priority": "normal",
        },
    )

    task = province_secretariat.unit.led_tasks.get()
    assert task.agency == agency.parent
    with pytest.raises(PermissionDenied):
        task_create(user=province_secretariat, title="Việc của Sở", lead_unit=unit_a)
    assert not unit_a.led_tasks.exists()


def test_a_district_office_creates_a_task_for_its_commune(client, db):
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    office = OfficeFactory(code="TB-VP", parent=district)
    commune = UnitFactory(code="TB-AP", name="Xã An Phú", kind=UnitKind.COMMUNE, parent=district)
    client.force_login(UserFactory(unit=office, role=Role.OFFICE))

    response = client.post(
        reverse("tasks:create"),
        {"title": "Việc của xã", "lead_unit": commune.pk, "priority": "normal"},
    )

    task = commune.led_tasks.get()
    assert response.url == task.get_absolute_url()
    assert task.agency == district


def test_create_refuses_a_deadline_before_today_when_issuing(client, office_user, unit_a):
    client.force_login(office_user)

    response = client.post(
        reverse("tasks:create"),
        {
            "title": "Việc",
            "lead_unit": unit_a.pk,
            "deadline": "2026-07-01",
            "priority": "normal",
            "issue": "on",
        },
    )

    assert response.status_code == 200
    assert "Hạn hoàn thành 01/07/2026 không được trước ngày giao 10/07/2026." in response.text
    assert not unit_a.led_tasks.exists()


def test_office_edits_a_task(client, office_user, board_tasks, unit_b):
    task = board_tasks["draft_b"]
    client.force_login(office_user)
    assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 200

    response = client.post(
        reverse("tasks:edit", args=[task.pk]),
        {
            "title": "draft_b (sửa)",
            "lead_unit": unit_b.pk,
            "deadline": "2026-08-31",
            "priority": "normal",
            "version": task.version,
        },
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.deadline) == ("draft_b (sửa)", date(2026, 8, 31))


def test_edit_form_of_an_issued_task_shows_the_deadline_disabled(
    client, office_user, board_tasks, unit_a
):
    task = board_tasks["future_a"]
    client.force_login(office_user)

    form = client.get(reverse("tasks:edit", args=[task.pk])).context["form"]
    response = client.post(
        reverse("tasks:edit", args=[task.pk]),
        {
            "title": "future_a (sửa)",
            "lead_unit": unit_a.pk,
            "deadline": "31/12/2026",
            "ongoing": "on",
            "priority": "normal",
            "version": task.version,
        },
    )

    assert (form.fields["deadline"].disabled, form.fields["ongoing"].disabled) == (True, True)
    assert form["deadline"].value() == date(2026, 9, 30)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.deadline, task.ongoing) == ("future_a (sửa)", date(2026, 9, 30), False)


def test_edit_form_of_a_draft_offers_the_deadline(client, office_user, board_tasks):
    client.force_login(office_user)

    form = client.get(reverse("tasks:edit", args=[board_tasks["draft_b"].pk])).context["form"]

    assert (form.fields["deadline"].disabled, form.fields["ongoing"].disabled) == (False, False)


@pytest.fixture
def criteria_sets_of_2022(db):
    """The PAR Index 2022 for departments, districts and communes: one code, three sets."""
    index = Index.objects.create(code="PAR", name="Chỉ số CCHC")
    made = {}
    for audience in (UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE):
        criteria_set = CriteriaSet.objects.create(index=index, year=2022, audience=audience)
        area = Criterion.objects.create(
            criteria_set=criteria_set, code="3", name="Cải cách TTHC", max_score=Decimal("16")
        )
        made[audience] = Criterion.objects.create(
            criteria_set=criteria_set,
            parent=area,
            code="3.4",
            name="Tỷ lệ hồ sơ giải quyết đúng hạn",
            max_score=Decimal("2"),
        )
    return made


def picker(response):
    return [label for _value, label in response.context["form"].fields["criteria"].choices]


def test_criteria_picker_offers_the_sets_of_the_agencys_audience(
    client, office_user, criteria_sets_of_2022
):
    client.force_login(office_user)

    response = client.get(reverse("tasks:create"))

    assert picker(response) == [
        "PAR 2022 (Sở, ban, ngành) · 3. Cải cách TTHC",
        "PAR 2022 (Sở, ban, ngành) · 3.4. Tỷ lệ hồ sơ giải quyết đúng hạn",
    ]


def test_a_district_picks_its_own_and_its_communes_criteria(client, criteria_sets_of_2022):
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    UnitFactory(code="TB-AP", name="Xã An Phú", kind=UnitKind.COMMUNE, parent=district)
    office = OfficeFactory(code="TB-VP", parent=district)
    client.force_login(UserFactory(unit=office, role=Role.OFFICE))

    response = client.get(reverse("tasks:create"))

    assert [label for label in picker(response) if "3.4" in label] == [
        "PAR 2022 (Xã, phường, thị trấn) · 3.4. Tỷ lệ hồ sơ giải quyết đúng hạn",
        "PAR 2022 (Huyện, thị xã, thành phố) · 3.4. Tỷ lệ hồ sơ giải quyết đúng hạn",
    ]


def test_editing_keeps_a_criterion_linked_from_another_audience(
    client, office_user, unit_a, criteria_sets_of_2022
):
    district_criterion = criteria_sets_of_2022[UnitKind.DISTRICT]
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Việc cũ")
    TaskCriterion.objects.create(task=task, criterion=district_criterion)
    client.force_login(office_user)

    response = client.post(
        reverse("tasks:edit", args=[task.pk]),
        {
            "title": "Việc cũ (sửa)",
            "lead_unit": unit_a.pk,
            "priority": "normal",
            "criteria": [district_criterion.pk],
            "version": task.version,
        },
    )

    assert response.status_code == 302
    assert list(task.criteria.all()) == [district_criterion]


def test_board_area_filter_tells_audiences_apart(
    client, office_user, agency, unit_a, criteria_sets_of_2022
):
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    district_task = TaskFactory(title="Việc của huyện", agency=district, assigned=True)
    own = TaskFactory(title="Việc của sở", agency=agency, lead_unit=unit_a, assigned=True)
    TaskCriterion.objects.create(task=own, criterion=criteria_sets_of_2022[UnitKind.DEPARTMENT])
    TaskCriterion.objects.create(
        task=district_task, criterion=criteria_sets_of_2022[UnitKind.DISTRICT]
    )
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"area": "PAR:department:3"})

    assert list(response.context["filter"].form.fields["area"].choices) == [
        ("", "Tất cả"),
        ("PAR:department:3", "PAR (Sở, ban, ngành) · 3. Cải cách TTHC"),
    ]
    assert titles(response) == ["Việc của sở"]
    # The filter offers a district its own audiences only; the narrowing that
    # reports call directly tells the two apart as well.
    district_tasks = agency_tasks(agency=district, today=TODAY)
    assert filter_tasks(district_tasks, area="PAR:department:3").count() == 0
    assert list(filter_tasks(district_tasks, area="PAR:district:3")) == [district_task]


def test_navigation_by_role(client, unit_head, office_user):
    client.force_login(unit_head)
    head_home = client.get(reverse("home")).text
    client.force_login(office_user)
    office_home = client.get(reverse("home")).text

    assert reverse("tasks:my_unit") in head_home and reverse("tasks:board") not in head_home
    assert reverse("tasks:board") in office_home


def _many_tasks(agency, unit_a, unit_b, staff_user, criterion, count):
    for number in range(count):
        task = TaskFactory(
            agency=agency,
            lead_unit=unit_a if number % 2 else unit_b,
            in_progress=True,
            assignee=staff_user,
            deadline=date(2026, 6, 1 + number % 28),
            supporting_units=[unit_b if number % 2 else unit_a],
        )
        TaskCriterion.objects.create(task=task, criterion=criterion)


@pytest.mark.parametrize("count", [3, 30])
def test_board_queries_do_not_grow_with_rows(
    client,
    office_user,
    agency,
    unit_a,
    unit_b,
    staff_user,
    areas,
    count,
    django_assert_max_num_queries,
):
    _many_tasks(agency, unit_a, unit_b, staff_user, areas["3.2"], count)
    client.force_login(office_user)

    # Recoverable points: the page's criterion links and the tasks sharing them.
    with django_assert_max_num_queries(11):
        response = client.get(
            reverse("tasks:board"), {"status": "open", "area": "PAR:department:3"}
        )

    assert len(response.context["table"].data) == count


@pytest.mark.parametrize("count", [3, 30])
def test_my_unit_queries_do_not_grow_with_rows(
    client,
    unit_head,
    agency,
    unit_a,
    unit_b,
    staff_user,
    areas,
    count,
    django_assert_max_num_queries,
):
    _many_tasks(agency, unit_a, unit_b, staff_user, areas["3.2"], count)
    TaskFactory.create_batch(count, agency=agency, lead_unit=unit_a, assigned=True)
    client.force_login(unit_head)

    # Recoverable points: the page's criterion links and the tasks sharing
    # them; the paged waiting block counts its rows.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("tasks:my_unit"))

    # The waiting block is paged like the table: at most ten at a time.
    assert response.context["awaiting"].paginator.count == count
    assert len(response.context["awaiting"]) == min(count, 10)
    assert ('data-testid="awaiting-next"' in response.text) == (count > 10)


def test_the_task_page_carries_the_lateness_the_lists_annotate(client, office_user, board_tasks):
    # One rule feeds the list and the page: the task is read with the same
    # SQL annotation as the board, not judged again in the view.
    overdue = board_tasks["overdue_a"]
    client.force_login(office_user)

    fetched = get_task_for_user(office_user, overdue.pk)
    page = client.get(overdue.get_absolute_url())
    rows = client.get(reverse("tasks:board")).context["table"].data
    board_row = next(row for row in rows if row.pk == overdue.pk)

    assert (fetched.overdue, fetched.done_late) == (True, False)
    assert (page.context["task"].overdue, board_row.overdue) == (True, True)
    late = get_task_for_user(office_user, board_tasks["late_done_b"].pk)
    assert (late.overdue, late.done_late) == (False, True)


def test_a_moved_deadline_reads_alike_on_the_page_the_board_and_my_unit(
    client, office_user, unit_head, board_tasks
):
    task = board_tasks["future_a"]
    task.original_deadline = date(2026, 8, 31)
    task.save()
    expected = (
        '30/09/2026 <span class="text-body-secondary small" data-testid="original-deadline">'
        "(hạn ban đầu 31/08/2026)</span>"
    )

    client.force_login(office_user)
    page = client.get(task.get_absolute_url()).text
    board_page = client.get(reverse("tasks:board")).text
    client.force_login(unit_head)
    my_unit = client.get(reverse("tasks:my_unit")).text

    assert expected in page
    assert expected in board_page
    assert expected in my_unit
    assert "Hạn: 30/09/2026" in my_unit


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_read_day_month_year_in_both_languages(client, office_user, board_tasks, language):
    task = board_tasks["overdue_a"]
    comment_add(task=task, user=office_user, text="Đề nghị đẩy nhanh")
    client.force_login(office_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    # The middleware activates the language for the thread; put it back after.
    with translation.override(settings.LANGUAGE_CODE):
        page = client.get(task.get_absolute_url()).text

    assert f'<html lang="{language}"' in page
    assert '<dd class="col-sm-8">02/03/2026</dd>' in page  # issued on, a date
    assert '<span class="text-body-secondary">10:00 10/07/2026</span>' in page  # the comment
    assert "10:00 10/07/2026 ·" in page  # the history entry of the last save


@pytest.mark.parametrize("assessments", [1, 6])
def test_board_queries_do_not_grow_with_the_assessments_remedied(
    client, office_user, agency, unit_a, assessments, django_assert_max_num_queries
):
    # Each task remedies a criterion of a different year's result; every
    # criterion lost 0.25, and two tasks share the first one.
    for year in range(assessments):
        assessment = AssessmentFactory(
            unit=agency, criteria_set=CriteriaSetFactory(year=2015 + year, audience="department")
        )
        [score, *_] = scored_tree(assessment, areas=1, children=2)
        for _share in range(2 if year == 0 else 1):
            task = TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True)
            TaskCriterion.objects.create(
                task=task, criterion=score.criterion, assessment=assessment
            )
    client.force_login(office_user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("tasks:board"))

    shown = sorted(str(task.recoverable) for task in response.context["table"].page_tasks)
    assert shown == sorted(["0.125", "0.125"] + ["0.25"] * (assessments - 1))
