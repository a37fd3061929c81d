"""Every task page and action, for every persona: who gets through (200, or
302 after a successful action), who is refused (403: may see the task but
not do this), and to whom the task does not exist (404), including direct URL
guessing of another unit's task, its evidence and its history."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conclusions.permissions import can_import_conclusion
from tests.factories.org import DepartmentFactory, OfficeFactory, UnitFactory, UserFactory
from tests.factories.tasks import TaskFactory, pdf_upload
from tracker.models import ExtensionRequest, Role, Task, TaskAction, TaskStatus, UnitKind
from tracker.permissions import (
    TASK_ACTIONS,
    allowed_task_actions,
    can_act,
    can_create_task,
    can_import_results,
    can_view_task,
    is_agency_office,
    overseen_tasks_q,
    oversees_task,
)
from tracker.selectors.tasks import tasks_visible_to
from tracker.services.workflow import task_report_progress

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PERSONAS = [
    "office",
    "leader",
    "deputy_leader",
    "other_deputy",
    "unit_head",
    "supporting_head",
    "other_unit_head",
    "staff_assignee",
    "staff_other",
    "outsider",
    # The province above the agency follows its tasks but does not run them.
    "province_office",
    "province_leader",
]


@pytest.fixture
def province(db):
    return UnitFactory(code="TINH", name="UBND tỉnh", kind=UnitKind.PROVINCE)


@pytest.fixture
def agency(province):
    return DepartmentFactory(code="STP", name="Sở Tư pháp", parent=province)


@pytest.fixture
def people(
    office_user,
    leader,
    deputy_leader,
    unit_head,
    other_unit_head,
    staff_user,
    outsider,
    agency,
    province,
):
    unit_c = OfficeFactory(code="STP-TTR", name="Thanh tra Sở", parent=agency)
    return {
        "office": office_user,
        "leader": leader,
        "deputy_leader": deputy_leader,
        # A deputy supervising unit B only: sees unit A's task, decides nothing on it.
        "other_deputy": UserFactory(
            username="phogiamdoc2",
            unit=agency,
            role=Role.LEADERSHIP,
            supervised_units=[other_unit_head.unit],
        ),
        "unit_head": unit_head,
        "supporting_head": UserFactory(username="chanhthanhtra", unit=unit_c, role=Role.UNIT_HEAD),
        "other_unit_head": other_unit_head,
        "staff_assignee": staff_user,
        "staff_other": UserFactory(username="chuyenvien2", unit=unit_head.unit, role=Role.STAFF),
        "outsider": outsider,
        # The demo's cchctinh: the province's reform secretariat.
        "province_office": UserFactory(
            username="cchctinh",
            unit=OfficeFactory(code="TINH-CCHC", name="Tổ CCHC tỉnh", parent=province),
            role=Role.OFFICE,
        ),
        "province_leader": UserFactory(username="chutichtinh", unit=province, role=Role.LEADERSHIP),
    }


def make_task(people, state: str):
    """A task of unit A (lead), Thanh tra (supporting), carried by staff_assignee."""
    unit_a = people["unit_head"].unit
    task = TaskFactory(
        agency=unit_a.parent,
        lead_unit=unit_a,
        assignee=None if state == "draft" else people["staff_assignee"],
        supporting_units=[people["supporting_head"].unit],
        title="Số hóa hồ sơ thủ tục hành chính",
        **({} if state == "draft" else {state: True}),
    )
    if state == "in_progress":
        task_report_progress(
            task=task,
            user=people["staff_assignee"],
            percent_complete=40,
            files=[pdf_upload("Biên bản kiểm tra.pdf")],
        )
        task.refresh_from_db()
    return task


def evidence_of(task):
    return task.evidence.get()


@dataclass
class Case:
    name: str
    state: str
    method: str
    url: callable
    expected: dict
    data: callable = lambda task, people: {}


def _codes(
    office,
    leader,
    deputy,
    other_deputy,
    head,
    supporting,
    other,
    assignee,
    staff_other,
    outsider,
    province_office,
    province_leader,
):
    return dict(
        zip(
            PERSONAS,
            [
                office,
                leader,
                deputy,
                other_deputy,
                head,
                supporting,
                other,
                assignee,
                staff_other,
                outsider,
                province_office,
                province_leader,
            ],
            strict=True,
        )
    )


def task_url(name):
    return lambda task: reverse(f"tasks:{name}", args=[task.pk])


def versioned(prefix, **extra):
    return lambda task, people: (
        {f"{prefix}-version": task.version}
        | {
            f"{prefix}-{key}": value(task, people) if callable(value) else value
            for key, value in extra.items()
        }
    )


READERS = _codes(200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 200, 200)
LEAD_HEAD_ONLY = _codes(403, 403, 403, 403, 302, 403, 404, 403, 404, 404, 403, 403)
OFFICE_ONLY = _codes(302, 403, 403, 403, 403, 403, 404, 403, 404, 404, 403, 403)
OFFICE_OR_OVERSEEING_LEADERS = _codes(302, 302, 302, 403, 403, 403, 404, 403, 404, 404, 403, 403)

CASES = [
    Case("detail", "in_progress", "get", task_url("detail"), READERS),
    Case("history", "in_progress", "get", task_url("history"), READERS),
    Case(
        "evidence",
        "in_progress",
        "get",
        lambda task: reverse("tasks:evidence", args=[evidence_of(task).pk]),
        READERS,
    ),
    Case(
        "detail_of_draft",
        "draft",
        "get",
        task_url("detail"),
        _codes(200, 200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 200),
    ),
    Case(
        "edit_form",
        "assigned",
        "get",
        task_url("edit"),
        _codes(200, 403, 403, 403, 403, 403, 404, 403, 404, 404, 403, 403),
    ),
    Case(
        "edit_save",
        "assigned",
        "post",
        task_url("edit"),
        OFFICE_ONLY,
        lambda task, people: {
            "title": "Tên mới",
            "lead_unit": task.lead_unit_id,
            "supporting_units": [u.pk for u in task.supporting_units.all()],
            "priority": "normal",
            "version": task.version,
        },
    ),
    Case(
        "issue",
        "draft",
        "post",
        task_url("issue"),
        _codes(302, 403, 403, 403, 404, 404, 404, 404, 404, 404, 403, 403),
        versioned("issue"),
    ),
    Case("accept", "assigned", "post", task_url("accept"), LEAD_HEAD_ONLY, versioned("accept")),
    Case(
        "return",
        "assigned",
        "post",
        task_url("return"),
        LEAD_HEAD_ONLY,
        versioned("return", reason="Không thuộc chức năng của phòng"),
    ),
    Case(
        "reassign",
        "returned",
        "post",
        task_url("reassign"),
        OFFICE_ONLY,
        versioned(
            "reassign", lead_unit=lambda task, people: task.lead_unit_id, deadline="2026-08-31"
        ),
    ),
    Case(
        "assign_staff",
        "in_progress",
        "post",
        task_url("assign_staff"),
        LEAD_HEAD_ONLY,
        versioned("assign_staff", assignee=lambda task, people: people["staff_other"].pk),
    ),
    Case(
        "report_progress",
        "in_progress",
        "post",
        task_url("report_progress"),
        _codes(403, 403, 403, 403, 302, 403, 404, 302, 404, 404, 403, 403),
        versioned("report_progress", percent_complete=60, note="Đã số hóa 60% hồ sơ"),
    ),
    Case(
        "submit",
        "in_progress",
        "post",
        task_url("submit"),
        LEAD_HEAD_ONLY,
        versioned("submit", note="Đã hoàn thành"),
    ),
    Case(
        "verify",
        "submitted",
        "post",
        task_url("verify"),
        OFFICE_OR_OVERSEEING_LEADERS,
        versioned("verify"),
    ),
    Case(
        "reopen",
        "submitted",
        "post",
        task_url("reopen"),
        OFFICE_OR_OVERSEEING_LEADERS,
        versioned("reopen", reason="Thiếu minh chứng"),
    ),
    Case(
        "cancel",
        "in_progress",
        "post",
        task_url("cancel"),
        OFFICE_ONLY,
        versioned("cancel", reason="Trùng nhiệm vụ"),
    ),
    Case(
        "request_extension",
        "in_progress",
        "post",
        task_url("request_extension"),
        LEAD_HEAD_ONLY,
        versioned("request_extension", proposed_deadline="2026-09-30", reason="Chờ phần mềm"),
    ),
    Case(
        "decide_extension",
        "in_progress",
        "post",
        lambda task: reverse(
            "tasks:decide_extension",
            args=[
                ExtensionRequest.objects.create(
                    task=task,
                    requested_by=task.assignee,
                    reason="Chờ phần mềm",
                    current_deadline=task.deadline,
                    proposed_deadline=date(2026, 9, 30),
                ).pk
            ],
        ),
        _codes(403, 302, 302, 403, 403, 403, 404, 403, 404, 404, 403, 403),
        versioned("decide_extension", decision="approved"),
    ),
    Case(
        "comment",
        "in_progress",
        "post",
        task_url("comment"),
        _codes(302, 302, 302, 302, 302, 302, 404, 302, 404, 404, 302, 302),
        lambda task, people: {"text": "Đề nghị đẩy nhanh tiến độ"},
    ),
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_task_urls_by_persona(client, people, case):
    results = {}
    for persona in PERSONAS:
        task = make_task(people, case.state)
        url = case.url(task)
        client.force_login(people[persona])
        if case.method == "get":
            response = client.get(url)
        else:
            response = client.post(url, case.data(task, people))
        results[persona] = response.status_code
        if response.status_code == 302:
            assert response.url == task.get_absolute_url(), (persona, response.url)

    assert results == case.expected


@time_machine.travel(NOW, tick=False)
def test_successful_actions_change_the_task(client, people):
    # The 302s above are real: the action happened.
    task = make_task(people, "assigned")
    client.force_login(people["unit_head"])
    client.post(reverse("tasks:accept", args=[task.pk]), {"accept-version": task.version})
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("tasks:board", _codes(200, 200, 200, 200, 403, 403, 403, 403, 403, 200, 200, 200)),
        ("tasks:my_unit", _codes(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
        ("tasks:create", _codes(200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403)),
    ],
)
def test_list_pages_by_persona(client, people, url_name, expected):
    task = make_task(people, "in_progress")
    results, saw_task = {}, {}
    for persona in PERSONAS:
        client.force_login(people[persona])
        response = client.get(reverse(url_name))
        results[persona] = response.status_code
        saw_task[persona] = task.title in response.text

    assert results == expected
    assert saw_task["outsider"] is False
    assert saw_task["other_unit_head"] is False
    assert saw_task["staff_other"] is False
    if url_name != "tasks:create":
        assert saw_task["province_office"] is saw_task["province_leader"] is True


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("state", ["draft", "assigned", "returned", "in_progress", "submitted"])
def test_the_province_follows_a_department_task_but_only_comments(people, state):
    task = make_task(people, state)

    for persona in ("province_office", "province_leader"):
        user = people[persona]
        assert can_view_task(user, task) is True, persona
        assert allowed_task_actions(user, task) == {"comment"}, persona


@time_machine.travel(NOW, tick=False)
def test_anonymous_is_sent_to_login_everywhere(client, people):
    task = make_task(people, "in_progress")
    urls = [case.url(make_task(people, case.state)) for case in CASES]
    urls += [reverse("tasks:board"), reverse("tasks:my_unit"), reverse("tasks:create")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert client.get(task.get_absolute_url()).status_code == 302


def test_actions_answer_get_with_the_task_and_change_nothing(client, people):
    task = make_task(people, "assigned")
    client.force_login(people["unit_head"])

    response = client.get(reverse("tasks:accept", args=[task.pk]))

    assert (response.status_code, response.url) == (302, task.get_absolute_url())
    task.refresh_from_db()
    assert task.status == "assigned"


def test_unknown_task_and_evidence_are_404(client, people):
    client.force_login(people["office"])

    assert client.get(reverse("tasks:detail", args=[999999])).status_code == 404
    assert client.get(reverse("tasks:evidence", args=[999999])).status_code == 404
    assert client.get(reverse("tasks:history", args=[999999])).status_code == 404


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("state", ["draft", "assigned", "returned", "in_progress", "done"])
def test_the_visible_tasks_query_agrees_with_the_rule(people, state):
    task = make_task(people, state)

    for persona, user in people.items():
        in_query = tasks_visible_to(user).filter(pk=task.pk).exists()
        assert in_query is can_view_task(user, task), persona


@time_machine.travel(NOW, tick=False)
def test_every_leader_sees_but_only_overseeing_leaders_decide(client, people):
    task = make_task(people, "submitted")
    expected = {"leader": True, "deputy_leader": True, "other_deputy": False}

    for persona, decides in expected.items():
        user = people[persona]
        assert can_view_task(user, task) is True, persona
        decisions = (
            can_act(TaskAction.VERIFY, user, task),
            can_act(TaskAction.REOPEN, user, task),
        )
        assert decisions == (decides, decides), persona
        client.force_login(user)
        page = client.get(task.get_absolute_url())
        assert ('data-testid="action-verify"' in page.text) is decides, persona


@time_machine.travel(NOW, tick=False)
def test_the_overseen_tasks_query_agrees_with_the_rule(people, agency):
    unit_a, unit_b = people["unit_head"].unit, people["other_unit_head"].unit
    section = OfficeFactory(code="STP-HCTP-1", name="Tổ một cửa", parent=unit_a)
    supervised_elsewhere = make_task(people, "in_progress")
    supervised_elsewhere.lead_unit = unit_b
    supervised_elsewhere.supervisor = people["deputy_leader"]
    supervised_elsewhere.save()
    tasks = [
        make_task(people, "in_progress"),
        TaskFactory(agency=agency, lead_unit=unit_b, in_progress=True),
        TaskFactory(agency=agency, lead_unit=section, in_progress=True),
        supervised_elsewhere,
    ]

    for persona, user in people.items():
        overseen = set(
            Task.objects.filter(pk__in=[t.pk for t in tasks])
            .filter(overseen_tasks_q(user))
            .filter(agency__path__startswith=agency.path)
            .values_list("pk", flat=True)
        )
        expected = {task.pk for task in tasks if oversees_task(user, task)}
        assert overseen == expected, persona
    assert [oversees_task(people["deputy_leader"], task) for task in tasks] == [
        True,
        False,
        True,
        True,
    ]
    assert [oversees_task(people["other_deputy"], task) for task in tasks] == [
        False,
        True,
        False,
        True,
    ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("state", ["draft", "assigned", "returned", "in_progress", "submitted"])
@pytest.mark.parametrize("ongoing", [False, True])
def test_the_page_offers_exactly_what_the_rules_allow(people, state, ongoing):
    task = make_task(people, state)
    if ongoing:
        task.deadline, task.ongoing = None, True
        task.save()

    for persona, user in people.items():
        by_rule = {action for action in TASK_ACTIONS if can_act(action, user, task)}
        assert allowed_task_actions(user, task) == by_rule, persona
    # An ongoing task has no deadline to extend, whoever asks.
    head_may_ask = can_act(TaskAction.REQUEST_EXTENSION, people["unit_head"], task)
    assert head_may_ask is (state in ("assigned", "in_progress") and not ongoing)


def test_office_staff_with_an_agency_create_tasks_and_import_alike(people, db):
    detached = UserFactory(username="vanphong_le", unit=None, role=Role.OFFICE)
    users = {**people, "office_without_unit": detached}

    for persona, user in users.items():
        office = is_agency_office(user)
        assert office is (persona in ("office", "province_office", "outsider")), persona
        assert (
            can_create_task(user),
            can_import_results(user),
            can_import_conclusion(user),
        ) == (office, office, office), persona
