from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories.assessments import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    ScoreFactory,
)
from tracker.models import (
    CriterionResponsibility,
    Task,
    TaskCriterion,
    TaskSource,
    TaskStatus,
)
from tracker.selectors.assessments import deepest_lost_points
from tracker.selectors.generation import Proposal, proposals_from_assessment
from tracker.services.generation import tasks_generate
from tracker.services.responsibilities import (
    responsibilities_copy_previous_year,
    responsibilities_save,
)


def _criterion(criteria_set, code, max_score, parent=None):
    return CriterionFactory(
        criteria_set=criteria_set,
        code=code,
        name=f"Tiêu chí {code}",
        parent=parent,
        max_score=Decimal(max_score),
    )


@pytest.fixture
def last_year_set(agency, unit_b):
    criteria_set = CriteriaSetFactory(year=2021)
    area = _criterion(criteria_set, "2", "6.00")
    CriterionResponsibility.objects.create(agency=agency, criterion=area, unit=unit_b)
    return criteria_set


@pytest.fixture
def assessment(agency, unit_a, last_year_set):
    """Area 1 lost 2 points on criterion 1.1; area 2 (no sub-criteria) lost 1.5."""
    criteria_set = CriteriaSetFactory(year=2022)
    area1 = _criterion(criteria_set, "1", "10.00")
    c11 = _criterion(criteria_set, "1.1", "5.00", area1)
    c12 = _criterion(criteria_set, "1.2", "5.00", area1)
    area2 = _criterion(criteria_set, "2", "6.00")
    area3 = _criterion(criteria_set, "3", "4.00")
    result = AssessmentFactory(unit=agency, criteria_set=criteria_set)
    for criterion, appraised in [
        (area1, "8.00"),
        (c11, "3.00"),
        (c12, "5.00"),
        (area2, "4.50"),
        (area3, "4.00"),
    ]:
        ScoreFactory(assessment=result, criterion=criterion, appraised_score=Decimal(appraised))
    CriterionResponsibility.objects.create(agency=agency, criterion=area1, unit=unit_a)
    return result


def test_lost_point_criteria_are_the_deepest_losing_nodes(assessment):
    rows = deepest_lost_points(assessment=assessment)

    assert [(row.code, row.lost) for row in rows] == [
        ("1.1", Decimal("2.00")),
        ("2", Decimal("1.50")),
    ]


def test_proposals_take_the_unit_from_the_table_or_last_year(assessment, unit_a, unit_b):
    proposals = proposals_from_assessment(assessment=assessment)

    assert [
        (p.criteria[0][0].code, p.lead_unit, p.lead_unit_from_previous_year) for p in proposals
    ] == [("1.1", unit_a, False), ("2", unit_b, True)]
    assert proposals[0].title == "Khắc phục tiêu chí 1.1: Tiêu chí 1.1"
    assert proposals[0].description == "Năm 2022 đạt 3,00/5,00 điểm, bị trừ 2,00 điểm."


def test_generation_from_lost_points_then_nothing_twice(assessment, office_user, unit_a):
    first = tasks_generate(
        agency=assessment.unit,
        proposals=proposals_from_assessment(assessment=assessment),
        user=office_user,
    )

    assert len(first.created) == 2
    task = Task.objects.get(lead_unit=unit_a)
    assert (task.source, task.year, task.agency) == (TaskSource.CRITERION, 2022, assessment.unit)
    assert list(
        TaskCriterion.objects.filter(task=task).values_list("criterion__code", "points_lost")
    ) == [("1.1", Decimal("2.00"))]

    again = tasks_generate(
        agency=assessment.unit,
        proposals=proposals_from_assessment(assessment=assessment),
        user=office_user,
    )

    assert (len(again.created), len(again.already_existing)) == (0, 2)
    assert Task.objects.count() == 2


def test_proposal_without_any_unit_is_reported_not_created(assessment, office_user):
    CriterionResponsibility.objects.all().delete()

    result = tasks_generate(
        agency=assessment.unit,
        proposals=proposals_from_assessment(assessment=assessment),
        user=office_user,
    )

    assert result.created == []
    criteria = assessment.criteria_set.criteria
    assert [p.source_key for p in result.without_unit] == [
        f"criterion:{criteria.get(code='1.1').pk}:assessed:{assessment.unit.pk}",
        f"criterion:{criteria.get(code='2').pk}:assessed:{assessment.unit.pk}",
    ]
    assert Task.objects.count() == 0


def test_copy_previous_year_fills_only_missing_rows(assessment, agency, unit_a, unit_b):
    copied = responsibilities_copy_previous_year(
        agency=agency, criteria_set=assessment.criteria_set
    )

    assert copied == 1
    assert dict(
        CriterionResponsibility.objects.filter(
            criterion__criteria_set=assessment.criteria_set
        ).values_list("criterion__code", "unit__code")
    ) == {"1": unit_a.code, "2": unit_b.code}
    assert (
        responsibilities_copy_previous_year(agency=agency, criteria_set=assessment.criteria_set)
        == 0
    )


@pytest.mark.parametrize("size", [2, 40])
def test_saving_the_responsibility_table_costs_the_same_queries_at_any_size(
    django_assert_max_num_queries, agency, unit_a, unit_b, size
):
    criteria_set = CriteriaSetFactory(year=2023)
    criteria = [_criterion(criteria_set, str(n), "1.00") for n in range(1, size + 1)]
    responsibilities_save(
        agency=agency, criteria_set=criteria_set, units={c.pk: unit_a for c in criteria}
    )
    # Odd codes move to unit B, even ones are cleared.
    changes = {c.pk: unit_b if int(c.code) % 2 else None for c in criteria}

    with django_assert_max_num_queries(6):
        responsibilities_save(agency=agency, criteria_set=criteria_set, units=changes)

    assert dict(CriterionResponsibility.objects.values_list("criterion__code", "unit__code")) == {
        str(n): unit_b.code for n in range(1, size + 1, 2)
    }


def test_generate_tasks_command(assessment, office_user):
    out = StringIO()

    call_command(
        "generate_tasks",
        "--unit",
        "STP",
        "--year",
        "2022",
        "--user",
        "vanphong",
        "--deadline",
        "31/12/2023",
        stdout=out,
    )
    call_command(
        "generate_tasks", "--unit", "STP", "--year", "2022", "--user", "vanphong", stdout=out
    )

    lines = out.getvalue().splitlines()
    assert lines[-1] == (
        "Đã tạo 0 nhiệm vụ dự thảo; 2 đã có từ trước, không tạo lại; "
        "0 chưa có đơn vị chủ trì; 0 không tạo được."
    )
    assert "Đã tạo 2 nhiệm vụ dự thảo" in out.getvalue()
    assert {str(t.deadline) for t in Task.objects.all()} == {"2023-12-31"}
    assert {t.history.get().history_user for t in Task.objects.all()} == {office_user}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "KHONG"], "Không có đơn vị mã 'KHONG'."),
        (["--unit", "STP", "--year", "2019"], "chưa có kết quả PAR năm 2019"),
        (["--unit", "STP", "--conclusion", "99/TB-STP"], "không có thông báo kết luận số"),
        (
            ["--unit", "STP", "--deadline", "31-12-2023"],
            "argument --deadline: cần ngày dạng dd/mm/yyyy",
        ),
        (["--unit", "STP", "--user", "truongphong"], "không phải cán bộ văn phòng"),
        (["--unit", "STP", "--user", "ai-do"], "Không có người dùng 'ai-do'."),
    ],
)
def test_generate_tasks_command_refuses_bad_input(
    assessment, office_user, unit_head, args, message
):
    arguments = {
        "--year": "2022",
        "--user": "vanphong",
        **dict(zip(args[::2], args[1::2], strict=True)),
    }
    flat = [item for pair in arguments.items() for item in pair]

    with pytest.raises(CommandError, match=message):
        call_command("generate_tasks", *flat, stdout=StringIO())

    assert Task.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader", "unit_head", "staff_user"])
def test_generation_index_is_for_office_staff(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("generation:index")).status_code == 403


def test_generation_index_lists_the_agency_results(client, assessment, office_user):
    client.force_login(office_user)

    response = client.get(reverse("generation:index"))

    assert list(response.context["assessments"]) == [assessment]


def test_responsibility_page_saves_the_table(client, assessment, office_user, unit_b):
    client.force_login(office_user)
    url = reverse(
        "generation:responsibilities", args=[assessment.unit.pk, assessment.criteria_set.pk]
    )
    rows = client.get(url).context["rows"]
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows))}
    for i, (criterion, _form) in enumerate(rows):
        data[f"form-{i}-criterion_id"] = str(criterion.pk)
        data[f"form-{i}-unit"] = str(unit_b.pk) if criterion.code == "3" else ""

    response = client.post(url, data)

    assert response.status_code == 302
    assert dict(
        CriterionResponsibility.objects.filter(
            criterion__criteria_set=assessment.criteria_set
        ).values_list("criterion__code", "unit__code")
    ) == {"3": unit_b.code}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("leader", 403),
        ("unit_head", 403),
        ("other_unit_head", 403),
        ("staff_user", 403),
        ("outsider", 404),
    ],
)
def test_generation_pages_refuse_everyone_but_the_agency_office(
    client, assessment, persona, status, request
):
    client.force_login(request.getfixturevalue(persona))
    set_args = [assessment.unit.pk, assessment.criteria_set.pk]

    assert (
        client.get(reverse("generation:from_assessment", args=[assessment.pk])).status_code
        == status
    )
    assert client.get(reverse("generation:responsibilities", args=set_args)).status_code == status
    assert (
        client.post(reverse("generation:responsibilities_copy", args=set_args)).status_code
        == status
    )
    assert (
        CriterionResponsibility.objects.filter(
            criterion__criteria_set=assessment.criteria_set
        ).count()
        == 1
    )


def test_lost_points_page_shows_the_remediation_tasks(client, assessment, office_user, unit_a):
    tasks_generate(
        agency=assessment.unit,
        proposals=proposals_from_assessment(assessment=assessment),
        user=office_user,
    )
    client.force_login(office_user)
    url = reverse("assessments:lost_points", args=[assessment.pk])

    table = client.get(url).context["table"]
    export = client.get(url, {"_export": "csv"}).content.decode("utf-8")
    tasks_url = reverse("assessments:lost_points_tasks", args=[assessment.pk])

    counts = {row.record.code: table.remediation_count(row.record) for row in table.rows}
    assert counts["1.1"] == 1
    # An area counts the tasks of the criteria below it.
    assert counts["1"] == counts["1.1"]
    # A criterion's tasks load on demand, the area's including those below it.
    area = client.get(tasks_url, {"ma": "1"})
    assert [task.title for task in area.context["tasks"]] == [
        "Khắc phục tiêu chí 1.1: Tiêu chí 1.1"
    ]
    assert 'data-testid="task-status"' in area.text
    assert [
        task.lead_unit.code for task in client.get(tasks_url, {"ma": "2"}).context["tasks"]
    ] == ["STP-PBGD"]
    assert f"Khắc phục tiêu chí 1.1: Tiêu chí 1.1 ({unit_a}, Dự thảo)" in export


def test_responsibility_page_refuses_a_criterion_of_another_set(
    client, assessment, office_user, last_year_set, unit_b
):
    client.force_login(office_user)
    url = reverse(
        "generation:responsibilities", args=[assessment.unit.pk, assessment.criteria_set.pk]
    )
    foreign = last_year_set.criteria.get(code="2")

    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-criterion_id": str(foreign.pk),
            "form-0-unit": str(unit_b.pk),
        },
        follow=True,
    )

    assert "Bảng phân công gửi lên không khớp" in response.text
    assert CriterionResponsibility.objects.count() == 2


def test_the_province_does_not_generate_or_assign_for_a_department(
    client, province_secretariat, assessment
):
    client.force_login(province_secretariat)
    set_args = [assessment.unit.pk, assessment.criteria_set.pk]
    review = reverse("generation:from_assessment", args=[assessment.pk])
    table = reverse("generation:responsibilities", args=set_args)

    assert client.get(review).status_code == 403
    assert (
        client.post(review, {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}).status_code == 403
    )
    assert client.get(table).status_code == 403
    assert client.post(table, {"form-TOTAL_FORMS": "0"}).status_code == 403
    copy = client.post(reverse("generation:responsibilities_copy", args=set_args))
    assert copy.status_code == 403
    assert Task.objects.count() == 0
    assert (
        CriterionResponsibility.objects.filter(
            criterion__criteria_set=assessment.criteria_set
        ).count()
        == 1
    )
    assert list(client.get(reverse("generation:index")).context["assessments"]) == []


def test_the_province_generates_no_task_led_by_a_department_unit(
    province_secretariat, agency, unit_a
):
    province = agency.parent
    proposal = Proposal(
        source_key="plan:1", source=TaskSource.PLAN, title="Việc của Sở", lead_unit=unit_a
    )

    result = tasks_generate(agency=province, proposals=[proposal], user=province_secretariat)

    assert result.created == []
    assert [reason for _proposal, reason in result.refused] == [
        "Đơn vị chủ trì phải là một đơn vị thuộc UBND tỉnh."
    ]
    assert Task.objects.count() == 0


@time_machine.travel(datetime(2026, 7, 10, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_review_shows_overdue_and_done_late_on_tasks_made_before(
    client, assessment, office_user, unit_a, unit_b
):
    tasks_generate(
        agency=assessment.unit,
        proposals=proposals_from_assessment(assessment=assessment),
        user=office_user,
    )
    Task.objects.filter(lead_unit=unit_a).update(
        status=TaskStatus.IN_PROGRESS, deadline=date(2026, 6, 30)
    )
    Task.objects.filter(lead_unit=unit_b).update(
        status=TaskStatus.DONE,
        deadline=date(2026, 6, 30),
        submitted_at=datetime(2026, 7, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        completed_at=datetime(2026, 7, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    client.force_login(office_user)

    response = client.get(reverse("generation:from_assessment", args=[assessment.pk]))

    existing = response.text.split('data-testid="existing"')[1]
    assert existing.count('data-testid="badge-overdue"') == 1
    assert existing.count('data-testid="badge-done-late"') == 1
    assert "Đang thực hiện" in existing and "Hoàn thành" in existing


def test_copy_when_last_year_has_no_table_says_why_and_offers_the_latest_year(
    client, office_user, agency, unit_a, unit_b, last_year_set
):
    # 2021 has a table (the fixture); 2022 has a set but no table; 2023 is this year.
    CriteriaSetFactory(year=2022, index=last_year_set.index, audience=last_year_set.audience)
    this_year = CriteriaSetFactory(
        year=2023, index=last_year_set.index, audience=last_year_set.audience
    )
    _criterion(this_year, "2", "6.00")
    page_url = reverse("generation:responsibilities", args=[agency.pk, this_year.pk])
    copy_url = reverse("generation:responsibilities_copy", args=[agency.pk, this_year.pk])
    client.force_login(office_user)

    page = client.get(page_url)
    refused = client.post(copy_url, follow=True)

    assert page.context["latest_source"] == last_year_set
    assert "Chép từ năm 2021" in page.text
    assert (
        "Năm 2022 chưa có bảng phân công theo tiêu chí nên không có gì để chép. "
        "Năm gần nhất có bảng phân công là 2021"
    ) in refused.text
    assert not CriterionResponsibility.objects.filter(criterion__criteria_set=this_year).exists()

    copied = client.post(copy_url, {"from": last_year_set.pk}, follow=True)

    assert "Đã chép 1 dòng phân công từ năm 2021." in copied.text
    assert dict(
        CriterionResponsibility.objects.filter(criterion__criteria_set=this_year).values_list(
            "criterion__code", "unit__code"
        )
    ) == {"2": unit_b.code}
