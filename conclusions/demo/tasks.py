"""Demo remediation year: the Department of Justice turns its 2022 losses and
notice 45/TB-STP into tasks and works them through 2023, then a few tasks of
this year's reform plan are under way now.

Everything happens through the same services as on the pages, by the demo
users, at the dates it would have happened (each service is given its `now`),
so history, overdue and done-late show as they would in real use.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conclusions.generation import proposals_from_conclusion
from conclusions.models import Conclusion
from tracker.models import Assessment, CriteriaSet, Role, Task, TaskSource, TaskStatus, Unit, User
from tracker.selectors.generation import proposals_from_assessment
from tracker.services.extensions import extension_decide, extension_request_create
from tracker.services.generation import Choice, tasks_generate
from tracker.services.responsibilities import responsibilities_save
from tracker.services.tasks import comment_add, task_create
from tracker.services.workflow import (
    task_accept,
    task_cancel,
    task_issue,
    task_reassign,
    task_reopen,
    task_report_progress,
    task_return,
    task_submit,
    task_verify,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Who leads each criterion of the 2022 department set: an area's unit covers
# its criteria unless a criterion names its own.
RESPONSIBILITIES = {
    "1": "STP-VP",
    "1.4": "STP-PBGD",
    "2": "STP-XDKT",
    "3": "STP-HCTP",
    "4": "STP-VP",
    "5": "STP-VP",
    "6": "STP-VP",
    "7": "STP-VP",
    "7.2": "STP-HCTP",
    "7.3": "STP-HCTP",
    "8": "STP-VP",
}
# The monthly-articles directive is followed in the demo for two offices only.
MONTHLY_UNITS = {"STP-HCTP", "STP-PBGD"}


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def pdf(title: str) -> SimpleUploadedFile:
    """A small real PDF, named as staff name their reports."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{title}.pdf", body, "application/pdf")


def seed_tasks(units: dict[str, Unit]) -> None:
    """Run once: a second run finds the generated tasks and changes nothing."""
    justice = units["STP"]
    if Task.objects.filter(agency=justice).exists():
        return
    users = {
        user.username: user for user in User.objects.filter(unit__path__startswith=justice.path)
    }
    assessment = Assessment.objects.get(
        unit=justice, criteria_set__index__code="PAR", criteria_set__year=2022
    )
    notice = Conclusion.objects.get(issuing_unit=justice, number="45/TB-STP")
    _replay_2023(justice, units, users, assessment, notice)
    _plan_now(justice, units, users)


def _replay_2023(justice, units, users, assessment, notice):
    office = users["vanphong"]
    now = at(date(2023, 3, 3))
    seed_responsibilities(justice, units, assessment.criteria_set)
    tasks_generate(
        now=now,
        agency=justice,
        proposals=proposals_from_assessment(assessment=assessment, deadline=date(2023, 6, 30)),
        user=office,
    )
    proposals = proposals_from_conclusion(conclusion=notice)
    tasks_generate(
        now=now,
        agency=justice,
        proposals=proposals,
        user=office,
        choices={
            p.source_key: Choice(lead_unit=p.lead_unit, deadline=p.deadline)
            for p in proposals
            if not p.occurrence
            or (p.lead_unit.code in MONTHLY_UNITS and p.deadline >= date(2023, 3, 31))
        },
    )
    drafts = list(Task.objects.filter(agency=justice).order_by("pk"))
    # Two criterion tasks stay drafts: the office is still discussing them.
    kept_as_drafts = [t for t in drafts if t.source == TaskSource.CRITERION][-2:]
    for task in drafts:
        if task not in kept_as_drafts and (task.deadline or task.ongoing):
            task_issue(now=now, task=task, user=office)

    heads = {u.unit.code: u for u in users.values() if u.role == Role.UNIT_HEAD}
    staff = users["chuyenvien"]
    issued = list(
        Task.objects.filter(agency=justice, status=TaskStatus.ASSIGNED)
        .select_related("lead_unit")
        .order_by("deadline", "pk")
    )
    returned = next(t for t in issued if t.lead_unit.code == "STP-PBGD" and not t.occurrence)
    now = at(date(2023, 3, 6))
    task_return(
        now=now,
        task=returned,
        user=heads["STP-PBGD"],
        reason="Nội dung này thuộc chức năng tham mưu của Văn phòng Sở.",
    )
    for task in issued:
        head = heads.get(task.lead_unit.code)
        if task == returned or head is None:
            continue
        assignee = staff if task.lead_unit.code == "STP-HCTP" else None
        task_accept(now=now, task=task, user=head, assignee=assignee)
    now = at(date(2023, 3, 8))
    task_reassign(
        now=now,
        task=returned,
        user=office,
        lead_unit=units["STP-VP"],
        deadline=returned.deadline,
    )
    task_accept(now=now, task=returned, user=heads["STP-VP"])

    working = list(
        Task.objects.filter(agency=justice, status=TaskStatus.IN_PROGRESS)
        .select_related("lead_unit")
        .order_by("deadline", "pk")
    )
    dated = [t for t in working if t.deadline and not t.occurrence]
    monthly = [t for t in working if t.occurrence]
    on_time, late, extended, open_overdue = dated[::4], dated[1::4], dated[2:3], dated[3::4]

    now = at(date(2023, 4, 20))
    for task in on_time + late:
        reporter = staff if task.assignee_id == staff.pk else heads[task.lead_unit.code]
        task_report_progress(
            now=now,
            task=task,
            user=reporter,
            percent_complete=50,
            note="Đã rà soát, xác định nguyên nhân bị trừ điểm; đang hoàn thiện dự thảo.",
            files=[pdf("Báo cáo tiến độ khắc phục")],
        )
    for task in extended:
        now = at(date(2023, 6, 20))
        request = extension_request_create(
            now=now,
            task=task,
            user=heads[task.lead_unit.code],
            proposed_deadline=date(2023, 9, 30),
            reason="Chờ Sở Thông tin và Truyền thông nâng cấp Cổng dịch vụ công.",
        )
        now = at(date(2023, 6, 22))
        extension_decide(
            now=now,
            extension=request,
            user=users["phogiamdoc"],
            approve=True,
            note="Đồng ý gia hạn; Văn phòng theo dõi.",
        )
    reopened = on_time[0] if on_time else None
    for task, day in [(t, t.deadline - timedelta(days=5)) for t in on_time] + [
        (t, t.deadline + timedelta(days=12)) for t in late
    ]:
        head = heads[task.lead_unit.code]
        now = at(day)
        task_submit(
            now=now,
            task=task,
            user=head,
            note="Đã hoàn thành; gửi kèm sản phẩm.",
            files=[pdf("Báo cáo kết quả khắc phục")],
        )
        if task == reopened:
            now = at(day + timedelta(days=1))
            task_reopen(
                now=now,
                task=task,
                user=users["giamdoc"],
                reason="Bổ sung số liệu so sánh với năm 2021 trong báo cáo.",
            )
            day += timedelta(days=3)
            now = at(day)
            task_submit(
                now=now,
                task=task,
                user=head,
                note="Đã bổ sung số liệu so sánh theo ý kiến của Giám đốc Sở.",
                files=[pdf("Báo cáo kết quả khắc phục (bổ sung)")],
            )
        now = at(day + timedelta(days=2))
        task_verify(now=now, task=task, user=office)

    for task in monthly:
        if task.deadline > date(2023, 10, 31):
            continue
        day = task.deadline - timedelta(days=3)
        if task.occurrence.endswith(("-06", "-09")):
            day = task.deadline + timedelta(days=6)
        now = at(day)
        task_submit(
            now=now,
            task=task,
            user=heads[task.lead_unit.code],
            note="Đã đăng 2 bài trên Trang thông tin điện tử của Sở.",
            files=[pdf(f"Tin bài tháng {task.occurrence}")],
        )
        now = at(day + timedelta(days=1))
        task_verify(now=now, task=task, user=office)

    if open_overdue:
        now = at(date(2023, 7, 5))
        task_cancel(
            now=now,
            task=open_overdue[-1],
            user=office,
            reason="Trùng nội dung với nhiệm vụ rà soát quy trình nội bộ.",
        )


def seed_responsibilities(justice: Unit, units: dict, criteria_set: CriteriaSet) -> None:
    criteria = {c.code: c.pk for c in criteria_set.criteria.filter(code__in=RESPONSIBILITIES)}
    responsibilities_save(
        agency=justice,
        criteria_set=criteria_set,
        units={criteria[code]: units[unit] for code, unit in RESPONSIBILITIES.items()},
    )


def _plan_now(justice, units, users):
    """This year's reform plan: work under way today, for every screen to show."""
    office = users["vanphong"]
    today = timezone.localdate()
    year_end = date(today.year, 12, 31)
    waiting = task_create(
        user=office,
        title="Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực chứng thực",
        lead_unit=units["STP-HCTP"],
        year=today.year,
        source=TaskSource.PLAN,
        source_key=f"demo:plan-{today.year}-1",
        expected_output="Báo cáo rà soát và phương án đơn giản hóa trình UBND tỉnh",
        deadline=year_end,
        supervisor=users["phogiamdoc"],
        issue=True,
    )
    comment_add(
        task=waiting,
        user=office,
        text="Đề nghị Phòng tiếp nhận và phân công chuyên viên trong tuần.",
    )
    running = task_create(
        user=office,
        title="Số hóa hồ sơ lý lịch tư pháp giai đoạn 2020-2022",
        lead_unit=units["STP-HCTP"],
        supporting_units=[units["STP-VP"]],
        year=today.year,
        source=TaskSource.PLAN,
        source_key=f"demo:plan-{today.year}-2",
        deadline=year_end,
        indicator_name="Tỷ lệ hồ sơ được số hóa",
        indicator_target=60,
        indicator_unit="%",
        issue=True,
    )
    task_accept(task=running, user=users["truongphong"], assignee=users["chuyenvien"])
    task_report_progress(
        task=running,
        user=users["chuyenvien"],
        percent_complete=40,
        indicator_value=35,
        note="Đã số hóa 35% hồ sơ; đang thuê dịch vụ scan.",
        files=[pdf("Tiến độ số hóa hồ sơ LLTP")],
    )
    extension_request_create(
        task=running,
        user=users["truongphong"],
        proposed_deadline=date(today.year + 1, 3, 31),
        reason="Khối lượng hồ sơ lớn hơn dự kiến; chờ bố trí kinh phí.",
    )
    contest = task_create(
        user=office,
        title="Tổ chức cuộc thi tìm hiểu pháp luật về cải cách hành chính",
        lead_unit=units["STP-PBGD"],
        year=today.year,
        source=TaskSource.PLAN,
        source_key=f"demo:plan-{today.year}-3",
        deadline=year_end,
        issue=True,
    )
    task_accept(task=contest, user=users["truongphong2"])
    task_submit(
        task=contest,
        user=users["truongphong2"],
        note="Đã tổ chức cuộc thi; gửi báo cáo tổng kết và quyết định khen thưởng.",
        files=[pdf("Báo cáo tổng kết cuộc thi")],
    )
    misrouted = task_create(
        user=office,
        title="Cập nhật quy chế làm việc của Sở theo quy định mới",
        lead_unit=units["STP-XDKT"],
        year=today.year,
        source=TaskSource.PLAN,
        source_key=f"demo:plan-{today.year}-4",
        deadline=year_end,
        issue=True,
    )
    task_return(
        task=misrouted,
        user=users["truongphongxd"],
        reason="Quy chế làm việc do Văn phòng Sở tham mưu, đề nghị giao lại.",
    )
