from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conclusions.assignments import occurrence_label
from conclusions.generation import proposals_from_conclusion, short_title
from conclusions.models import Assignment, DeadlineKind, Recurrence
from tests.factories.assessments import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    ScoreFactory,
)
from tests.factories.conclusions import ConclusionFactory, DirectiveFactory
from tracker.models import Task, TaskSource, TaskStatus
from tracker.services.generation import Choice, tasks_generate


@pytest.fixture
def conclusion(agency, unit_a, unit_b, office_unit, deputy_leader):
    notice = ConclusionFactory(number="45/TB-STP", issuing_unit=agency, assessment_year=2022)
    DirectiveFactory(
        conclusion=notice,
        order=1,
        text="Thứ nhất, rà soát quy trình nội bộ TTHC, xong trước ngày 31/3/2023.",
        units=[unit_a, unit_b],
        supervisor=deputy_leader,
    )
    DirectiveFactory(
        conclusion=notice,
        order=2,
        label="Thứ hai",
        text="Thứ hai, mỗi đơn vị có từ 1-2 bài/tháng tuyên truyền về CCHC.",
        every_office=True,
        deadline_text="1-2 bài/tháng",
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.MONTHLY,
        period_start=date(2023, 1, 1),
        due_date=date(2023, 12, 31),
        indicator_text="1-2 bài/tháng",
        indicator_comparator=">=",
        indicator_target=1,
        indicator_unit="bài/tháng",
    )
    DirectiveFactory(
        conclusion=notice,
        order=3,
        label="Thứ ba",
        text="Thứ ba, thường xuyên cập nhật TTHC trên Cổng dịch vụ công.",
        units=[unit_a],
        deadline_text="thường xuyên",
        deadline_kind=DeadlineKind.ONGOING,
        due_date=None,
    )
    return notice


def test_proposals_one_per_directive_unit_and_occurrence(conclusion, unit_a, unit_b):
    proposals = proposals_from_conclusion(conclusion=conclusion)

    by_order = {}
    for proposal in proposals:
        by_order.setdefault(proposal.source_key.split(":")[1], []).append(proposal)
    first, monthly, ongoing = (by_order[str(d.pk)] for d in conclusion.directives.all())
    assert [(p.lead_unit, p.deadline) for p in first] == [
        (unit_a, date(2023, 3, 31)),
        (unit_b, date(2023, 3, 31)),
    ]
    # Three offices under the agency, twelve months each.
    assert len(monthly) == 36
    assert sorted((p.occurrence, p.deadline) for p in monthly if p.lead_unit == unit_a)[:3] == [
        ("2023-01", date(2023, 1, 31)),
        ("2023-02", date(2023, 2, 28)),
        ("2023-03", date(2023, 3, 31)),
    ]
    assert len({p.occurrence for p in monthly if p.lead_unit == unit_a}) == 12
    assert [(p.lead_unit, p.deadline, p.ongoing) for p in ongoing] == [(unit_a, None, True)]


def test_generation_creates_drafts_then_no_duplicates(conclusion, office_user, deputy_leader):
    proposals = proposals_from_conclusion(conclusion=conclusion)

    first = tasks_generate(agency=conclusion.issuing_unit, proposals=proposals, user=office_user)

    assert len(first.created) == 2 + 36 + 1
    assert Task.objects.count() == 39
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.DRAFT}
    task = Task.objects.get(directive__order=1, lead_unit__code="STP-HCTP")
    assert (task.source, task.deadline, task.supervisor, task.year) == (
        TaskSource.DIRECTIVE,
        date(2023, 3, 31),
        deputy_leader,
        2022,
    )
    assert task.history.get().history_user == office_user
    march = Task.objects.get(directive__order=2, lead_unit__code="STP-HCTP", occurrence="2023-03")
    assert march.title == (
        "Thứ hai, mỗi đơn vị có từ 1-2 bài/tháng tuyên truyền về CCHC. (tháng 3/2023)"
    )
    assert (march.deadline, march.indicator_target, march.indicator_unit) == (
        date(2023, 3, 31),
        1,
        "bài/tháng",
    )

    again = tasks_generate(
        agency=conclusion.issuing_unit,
        proposals=proposals_from_conclusion(conclusion=conclusion),
        user=office_user,
    )

    assert again.created == []
    assert len(again.already_existing) == 39
    assert Task.objects.count() == 39


def test_generation_with_choices_overrides_unit_and_deadline(conclusion, office_user, unit_b):
    """A deadline given to an ongoing directive's task makes it a dated task."""
    proposals = proposals_from_conclusion(conclusion=conclusion)
    ongoing = next(p for p in proposals if p.ongoing)

    result = tasks_generate(
        agency=conclusion.issuing_unit,
        proposals=proposals,
        user=office_user,
        choices={ongoing.source_key: Choice(lead_unit=unit_b, deadline=date(2023, 6, 30))},
    )

    assert [(t.lead_unit, t.deadline, t.ongoing) for t in result.created] == [
        (unit_b, date(2023, 6, 30), False)
    ]
    assert Task.objects.count() == 1


def test_review_page_creates_selected_drafts(client, conclusion, office_user, unit_a):
    client.force_login(office_user)
    url = reverse("conclusions:generate", args=[conclusion.pk])
    page = client.get(url)
    rows = page.context["rows"]
    assert len(rows) == 39

    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-source_key": rows[0][0].source_key,
        "form-0-selected": "on",
        "form-0-lead_unit": str(unit_a.pk),
        "form-0-deadline": "15/03/2023",
        "form-1-source_key": rows[1][0].source_key,
        "form-1-lead_unit": str(unit_a.pk),
        "form-1-deadline": "",
        "deadline": "",
    }
    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "Đã tạo 1 nhiệm vụ dự thảo" in response.text
    task = Task.objects.get()
    assert (task.source_key, task.lead_unit, task.deadline) == (
        rows[0][0].source_key,
        unit_a,
        date(2023, 3, 15),
    )
    assert len(response.context["existing"]) == 1


def test_review_page_requires_a_unit_for_selected_rows(client, conclusion, office_user):
    client.force_login(office_user)
    url = reverse("conclusions:generate", args=[conclusion.pk])
    key = client.get(url).context["rows"][0][0].source_key

    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-source_key": key,
            "form-0-selected": "on",
            "form-0-lead_unit": "",
            "deadline": "",
        },
    )

    assert response.status_code == 200
    assert "Chọn đơn vị chủ trì" in response.text
    assert Task.objects.count() == 0


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
def test_review_page_refuses_everyone_but_the_agency_office(
    client, conclusion, persona, status, request
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("conclusions:generate", args=[conclusion.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("2023-03", "tháng 3/2023"),
        ("2023-12", "tháng 12/2023"),
        ("2023-Q2", "quý II/2023"),
        ("2023-H1", "6 tháng đầu năm 2023"),
        ("2023-H2", "6 tháng cuối năm 2023"),
        ("2023", "năm 2023"),
    ],
)
def test_occurrence_label(key, label):
    assert occurrence_label(key) == label


def test_short_title_capitalises_and_cuts_at_a_word():
    text = "giao Văn phòng Sở chủ trì, " + "rà soát toàn bộ các tiêu chí bị trừ điểm " * 10

    title = short_title(text)

    assert title.startswith("Giao Văn phòng Sở chủ trì, rà soát")
    assert title.endswith("…")
    assert len(title) <= 161
    # Cut between words: what precedes "…" is followed by a space in the text.
    kept = title[:-1]
    assert text[len(kept)] == " "


def test_review_page_says_so_when_no_row_was_ticked(client, conclusion, office_user, unit_a):
    client.force_login(office_user)
    url = reverse("conclusions:generate", args=[conclusion.pk])
    rows = client.get(url).context["rows"]

    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-source_key": rows[0][0].source_key,
        "form-0-lead_unit": str(unit_a.pk),
        "form-0-deadline": "",
        "deadline": "",
    }
    response = client.post(url, data, follow=True)

    assert "Chưa chọn nhiệm vụ nào" in response.text
    assert "Đã tạo" not in response.text
    assert not Task.objects.exists()


def test_a_directive_waiting_to_be_assigned_gets_no_task_and_is_named(
    client, conclusion, office_user
):
    waiting = DirectiveFactory(
        conclusion=conclusion,
        order=4,
        label="Thứ tư",
        text="Thứ tư, tiếp tục đẩy mạnh cải cách hành chính.",
        assignment=Assignment.TO_ASSIGN,
    )
    client.force_login(office_user)

    response = client.get(reverse("conclusions:generate", args=[conclusion.pk]))

    assert not any(
        p.source_key.startswith(f"directive:{waiting.pk}:")
        for p in proposals_from_conclusion(conclusion=conclusion)
    )
    assert response.context["waiting"] == [waiting]
    assert "chờ giao đơn vị" in response.text


@time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_review_page_warns_about_past_deadlines_before_and_after_creating(
    client, conclusion, office_user, unit_a
):
    client.force_login(office_user)
    url = reverse("conclusions:generate", args=[conclusion.pk])

    page = client.get(url)
    rows = page.context["rows"]
    created = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-source_key": rows[0][0].source_key,
            "form-0-selected": "on",
            "form-0-lead_unit": str(unit_a.pk),
            "form-0-deadline": "",
            "deadline": "",
        },
        follow=True,
    )

    dated = [proposal for proposal, _form in rows if not proposal.ongoing]
    assert len(page.context["past_deadline"]) == len(dated) > 0
    assert "nhiệm vụ đề xuất có hạn đã qua (trước 01/09/2026)" in page.text
    assert "1 nhiệm vụ vừa tạo có hạn đã qua nên chưa giao được" in created.text


def test_assessment_review_links_to_the_responsibility_table_when_rows_lack_a_unit(
    client, office_user, agency
):
    criteria_set = CriteriaSetFactory(year=2022)
    assessment = AssessmentFactory(unit=agency, criteria_set=criteria_set)
    criterion = CriterionFactory(criteria_set=criteria_set, code="1", max_score=Decimal("5"))
    ScoreFactory(assessment=assessment, criterion=criterion, appraised_score=Decimal("3"))
    client.force_login(office_user)

    page = client.get(reverse("generation:from_assessment", args=[assessment.pk]))

    table_url = reverse("generation:responsibilities", args=[agency.pk, criteria_set.pk])
    assert len(page.context["without_unit"]) == 1
    assert f'<a href="{table_url}">Mở bảng phân công theo tiêu chí</a>' in page.text
