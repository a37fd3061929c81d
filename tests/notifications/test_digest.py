"""One e-mail per person per day: reminders grouped overdue first, the four buckets counted."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from conclusions.models import Conclusion, Directive
from notifications.services import reminders_send
from tests.factories.assessments import CriterionFactory
from tests.factories.tasks import TaskFactory
from tracker.models import TaskCriterion

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def test_digest_groups_a_day_of_reminders(agency, unit_a, unit_head):
    late = TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        in_progress=True,
        deadline=date(2026, 6, 30),
        title="Số hóa hồ sơ TTHC",
    )
    TaskCriterion.objects.create(
        task=late, criterion=CriterionFactory(code="3.2"), points_lost=Decimal("1.00")
    )
    soon = TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        in_progress=True,
        deadline=date(2026, 7, 8),
        title="Cập nhật quy chế",
    )
    TaskFactory(agency=agency, lead_unit=unit_a, done=True, deadline=date(2026, 6, 30))
    TaskFactory(agency=agency, lead_unit=unit_a, done=True, deadline=date(2026, 6, 10))

    reminders_send(now=datetime(2026, 7, 3, 8, tzinfo=VN))

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "[CCHC] Nhắc việc ngày 03/07/2026: 2 nhiệm vụ cần chú ý"
    # The figures module's bucket names, as on the dashboards and in the reports.
    assert body.index("== Chưa hoàn thành, quá hạn ==") < body.index(
        "== Chưa hoàn thành, còn trong hạn =="
    )
    assert "30/06/2026 (quá hạn 3 ngày)" in body
    assert "tiêu chí 3.2 (bị trừ 1,00 điểm)" in body
    assert "08/07/2026 (còn 5 ngày)" in body
    assert soon.title in body
    for line in (
        "- Chưa hoàn thành, quá hạn: 1",
        "- Chưa hoàn thành, còn trong hạn: 1",
        "- Hoàn thành quá hạn: 1",
        "- Hoàn thành đúng hạn: 1",
    ):
        assert line in body
    html = mail.outbox[0].alternatives[0][0]
    assert "quá hạn 3 ngày" in html and f"/nhiem-vu/{late.pk}/" in html


def test_digest_names_the_conclusion(agency, unit_a, unit_head, office_unit):
    conclusion = Conclusion.objects.create(
        number="45/TB-STP", issued_on=date(2026, 3, 1), issuing_unit=agency
    )
    directive = Directive.objects.create(conclusion=conclusion, order=1, text="Thứ nhất")
    TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        in_progress=True,
        deadline=date(2026, 6, 30),
        directive=directive,
    )
    reminders_send(now=datetime(2026, 6, 30, 8, tzinfo=VN))
    assert "Thông báo kết luận số 45/TB-STP" in mail.outbox[0].body
