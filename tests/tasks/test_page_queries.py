"""The task page reads a fixed number of queries: however long the task's
history, and however many progress reports, files and comments it carries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.assessments import CriterionFactory
from tests.factories.org import OfficeFactory
from tests.factories.tasks import pdf_upload
from tracker.services.extensions import extension_request_create
from tracker.services.tasks import comment_add, task_create, task_update
from tracker.services.workflow import task_accept, task_issue, task_report_progress

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.frozen(datetime(2026, 3, 2, 9, tzinfo=VN))
# History rows the task's life writes besides the edits: created, issued,
# accepted, two progress reports.
LIFE_ROWS = 5


@pytest.fixture
def busy_task(office_user, unit_head, staff_user, leader, unit_a, unit_b):
    """A task with `entries` history rows: edited (title, supporting units,
    priority, criteria, deadline in turn) until the rows its life writes make
    up the count, then issued, accepted and carried: two progress reports with
    two files each, an extension request waiting, three comments."""
    unit_c = OfficeFactory(parent=unit_a.parent)
    first, second = CriterionFactory.create_batch(2)

    def make(entries: int):
        task = task_create(
            user=office_user,
            title="Công khai TTHC",
            lead_unit=unit_a,
            supporting_units=[unit_b],
            criteria=[first],
            supervisor=leader,
            deadline=date(2026, 6, 30),
        )
        for number in range(entries - LIFE_ROWS):
            change = [
                {"title": f"Công khai TTHC, lần {number}"},
                {"supporting_units": [unit_b, unit_c] if number % 2 else [unit_c]},
                {"priority": "normal" if number // 5 % 2 else "high"},
                {"criteria": [first, second] if number % 2 else [second]},
                {"deadline": date(2026, 6, 1 + number % 28)},
            ][number % 5]
            task = task_update(task=task, user=office_user, **change)
        task = task_issue(task=task, user=office_user)
        task = task_accept(task=task, user=unit_head, assignee=staff_user)
        for percent in (30, 60):
            task_report_progress(
                task=task,
                user=staff_user,
                percent_complete=percent,
                note=f"Đạt {percent}%",
                files=[pdf_upload(), pdf_upload()],
            )
            task.refresh_from_db()
        extension_request_create(
            task=task, user=unit_head, proposed_deadline=date(2026, 8, 31), reason="Chờ phần mềm"
        )
        for author in (office_user, unit_head, leader):
            comment_add(task=task, user=author, text="Đề nghị đẩy nhanh tiến độ")
        assert task.history.count() == entries
        return task

    return make


def page_queries(client, task) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(task.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response.text


# The office sees the cancel form, the unit head progress and submission,
# the leader the decision on the extension request.
@pytest.mark.parametrize("viewer", ["office_user", "unit_head", "leader"])
def test_task_page_queries_do_not_grow_with_the_history(client, request, viewer, busy_task):
    short, long = busy_task(5), busy_task(50)
    client.force_login(request.getfixturevalue(viewer))

    short_count, short_page = page_queries(client, short)
    long_count, long_page = page_queries(client, long)

    assert long_count == short_count
    # Session and user; the task, its supporting units, the viewer's unit and
    # agency; extension requests; the history (rows, links, unit names,
    # people, criteria); the criteria and their shares (links, tasks sharing);
    # progress reports and their files; comments; reminders (policy, days
    # off, reminders); the unit head's staff to assign.
    assert long_count <= 22
    assert short_page.count('data-testid="history-user"') == 5
    assert long_page.count('data-testid="history-user"') == 50
    assert long_page.count('data-testid="progress-update"') == 2
    assert long_page.count('data-testid="evidence-link"') == 4
    assert long_page.count('data-testid="comment"') == 3


def test_a_task_without_criteria_reads_its_links_once(client, office_user, unit_a):
    task = task_create(user=office_user, title="Rà soát TTHC", lead_unit=unit_a)
    client.force_login(office_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(task.get_absolute_url())

    assert "Không gắn với tiêu chí nào." in response.text
    assert 'data-testid="task-criteria"' not in response.text
    # The shares read every link of the task: none, so no list of criteria to read.
    link_reads = [q for q in queries.captured_queries if 'FROM "tracker_taskcriterion"' in q["sql"]]
    assert len(link_reads) == 1
