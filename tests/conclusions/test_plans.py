"""The annual reform plan as a task source: import from a Word table and an
Excel sheet, all or nothing with every bad row named, and generation of one
task per item and lead unit, idempotent."""

from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from conclusions.models import PlanItem, ReformPlan
from conclusions.plan_services import PlanHeader, plan_import, tasks_generate_from_plan
from conclusions.plans import PlanError
from tests.effect.conftest import scored
from tests.factories.conclusions import task_table_docx
from tracker.models import Task, TaskSource, TaskStatus
from tracker.selectors.recoverable import recoverable_points

HEADINGS = [
    "STT",
    "Nội dung",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
]
ROWS = [
    ["I. CẢI CÁCH THỂ CHẾ"],
    [
        "1",
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
        "Phòng Hành chính tư pháp",
        "Văn phòng Sở",
        "Quý II/2024",
        "Báo cáo kết quả rà soát",
    ],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""],
    [
        "2",
        "Tuyên truyền cải cách hành chính trên Trang thông tin điện tử",
        "Phòng Hành chính tư pháp, Phòng Phổ biến, giáo dục pháp luật",
        "",
        "Thường xuyên",
        "Tin, bài",
    ],
    [
        "3",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Văn phòng Sở",
        "Phòng Hành chính tư pháp",
        "trước ngày 30/9/2024",
        "Hồ sơ được số hóa",
    ],
]
HEADER = PlanHeader(number="15/KH-STP", signed_on=date(2024, 1, 15), year=2024)


def plan_docx(rows=ROWS, headings=HEADINGS) -> bytes:
    return task_table_docx(
        ["SỞ TƯ PHÁP", "KẾ HOẠCH", "Cải cách hành chính năm 2024"], headings, rows
    )


def plan_xlsx(rows, headings=HEADINGS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024"])
    sheet.append([])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def units(agency, office_unit, unit_a, unit_b):
    return {"vp": office_unit, "a": unit_a, "b": unit_b}


def test_plan_import_from_word_reads_areas_units_and_deadlines(units, agency, office_user):
    plan = plan_import(
        agency=agency, user=office_user, header=HEADER, data=plan_docx(), filename="kh.docx"
    )

    items = list(plan.items.all())
    assert [(item.number, item.area, item.deadline, item.ongoing) for item in items] == [
        ("1", "I. CẢI CÁCH THỂ CHẾ", date(2024, 6, 30), False),
        ("2", "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, True),
        ("3", "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH", date(2024, 9, 30), False),
    ]
    assert [{unit.code for unit in item.lead_units.all()} for item in items] == [
        {"STP-HCTP"},
        {"STP-HCTP", "STP-PBGD"},
        {"STP-VP"},
    ]
    assert [unit.code for unit in items[0].supporting_units.all()] == ["STP-VP"]
    assert items[0].expected_output == "Báo cáo kết quả rà soát"
    assert plan.original_file.name.endswith(".docx")


def test_plan_generation_makes_one_task_per_item_and_unit_once(units, agency, office_user):
    plan = plan_import(
        agency=agency, user=office_user, header=HEADER, data=plan_docx(), filename="kh.docx"
    )

    first = tasks_generate_from_plan(plan=plan, user=office_user)
    again = tasks_generate_from_plan(plan=plan, user=office_user)

    assert (len(first.created), len(again.created), len(again.already_existing)) == (4, 0, 4)
    tasks = Task.objects.filter(source=TaskSource.PLAN).order_by("source_key")
    assert {(task.lead_unit.code, task.deadline, task.ongoing) for task in tasks} == {
        ("STP-HCTP", date(2024, 6, 30), False),
        ("STP-HCTP", None, True),
        ("STP-PBGD", None, True),
        ("STP-VP", date(2024, 9, 30), False),
    }
    review = tasks.get(lead_unit=units["a"], deadline=date(2024, 6, 30))
    assert (review.status, review.year, review.expected_output) == (
        TaskStatus.DRAFT,
        2024,
        "Báo cáo kết quả rà soát",
    )
    assert list(review.supporting_units.all()) == [units["vp"]]
    assert review.history.count() == 1


def test_plan_import_from_excel_refuses_bad_rows_naming_each(units, agency, office_user):
    rows = [
        ["1", "Rà soát văn bản", "Phòng Hành chính tư pháp", "", "Quý II/2024", ""],
        ["2", "Tuyên truyền", "", "", "Quý III/2024", ""],
        ["3", "Số hóa hồ sơ", "Phòng Tài chính", "", "Quý III/2024", ""],
        ["4", "Kiểm tra CCHC", "Văn phòng Sở", "", "khi có yêu cầu", ""],
    ]

    with pytest.raises(PlanError) as error:
        plan_import(
            agency=agency,
            user=office_user,
            header=HEADER,
            data=plan_xlsx(rows),
            filename="kh.xlsx",
        )

    # Excel rows: title, blank, headings, then the tasks from row 4.
    assert error.value.messages == [
        "Dòng 5 (STT 2): thiếu đơn vị chủ trì.",
        "Dòng 6 (STT 3): không tìm thấy đơn vị “Phòng Tài chính”.",
        "Dòng 7 (STT 4): không đọc được thời gian hoàn thành “khi có yêu cầu” (ghi như "
        "30/6/2024, tháng 6/2024, quý II/2024, năm 2024 hoặc Thường xuyên).",
    ]
    assert ReformPlan.objects.count() == PlanItem.objects.count() == 0


def test_plan_import_from_excel_saves_a_good_sheet(units, agency, office_user):
    rows = [["1", "Rà soát văn bản", "Phòng Hành chính tư pháp", "", "tháng 6/2024", "Báo cáo"]]

    plan = plan_import(
        agency=agency, user=office_user, header=HEADER, data=plan_xlsx(rows), filename="kh.xlsx"
    )

    assert [(item.text, item.deadline) for item in plan.items.all()] == [
        ("Rà soát văn bản", date(2024, 6, 30))
    ]


def test_plan_items_link_criteria_and_their_tasks_carry_recoverable_points(
    units, agency, office_user
):
    scored(agency, 2023, [("1", "Lĩnh vực", "4.00", None), ("1.1", "A", "2.00", "1.25")])
    headings = [*HEADINGS, "Tiêu chí"]
    rows = [
        ["1", "Rà soát văn bản", "Phòng Hành chính tư pháp", "", "Quý II/2024", "", "1.1"],
        ["2", "Kiểm tra", "Văn phòng Sở", "", "Quý II/2024", "", "9.9"],
    ]
    with pytest.raises(PlanError) as error:
        plan_import(
            agency=agency,
            user=office_user,
            header=HEADER,
            data=plan_docx(rows, headings),
            filename="kh.docx",
        )
    assert error.value.messages == [
        "Dòng 3 (STT 2): không có tiêu chí mã 9.9 trong PAR 2023 (Sở, ban, ngành)."
    ]

    plan = plan_import(
        agency=agency,
        user=office_user,
        header=HEADER,
        data=plan_docx(rows[:1], headings),
        filename="kh.docx",
    )
    task = tasks_generate_from_plan(plan=plan, user=office_user).created[0]

    assert recoverable_points(task_ids=[task.pk]) == {task.pk: Decimal("0.75")}


def test_plan_number_imported_twice_is_refused(units, agency, office_user):
    plan_import(agency=agency, user=office_user, header=HEADER, data=plan_docx(), filename="a.docx")

    with pytest.raises(PlanError) as error:
        plan_import(
            agency=agency, user=office_user, header=HEADER, data=plan_docx(), filename="a.docx"
        )

    assert error.value.messages == ["Kế hoạch số 15/KH-STP của Sở Tư pháp đã được nhập."]


def _upload(client, data, name):
    return client.post(
        reverse("conclusions:plan_import"),
        {
            "number": "15/KH-STP",
            "signed_on": "15/01/2024",
            "year": "2024",
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_plan_pages_upload_review_confirm_and_generate(client, units, agency, office_user):
    client.force_login(office_user)

    review = _upload(client, plan_docx(), "Kế hoạch CCHC 2024.docx")
    assert review.status_code == 200
    assert len(review.context["rows"]) == 3
    assert ReformPlan.objects.count() == 0
    confirm = review.context["confirm"]
    data = {name: field.value() for name, field in ((f.name, f) for f in confirm)}
    data["signed_on"] = "15/01/2024"
    saved = client.post(reverse("conclusions:plan_import_confirm"), data)

    plan = ReformPlan.objects.get()
    assert saved.url == plan.get_absolute_url()
    assert plan.items.count() == 3
    client.post(reverse("conclusions:plan_generate", args=[plan.pk]))
    assert Task.objects.filter(source=TaskSource.PLAN).count() == 4


def test_plan_upload_with_bad_rows_shows_them_and_offers_no_save(client, units, office_user):
    client.force_login(office_user)
    rows = [["1", "Tuyên truyền", "", "", "Quý III/2024", ""]]

    response = _upload(client, plan_xlsx(rows), "kh.xlsx")

    assert response.status_code == 400
    assert response.context["confirm"] is None
    assert "Dòng 4 (STT 1): thiếu đơn vị chủ trì." in response.content.decode()


def test_plan_pages_refuse_outsiders_and_unit_heads(
    client, units, agency, office_user, unit_head, outsider
):
    plan = plan_import(
        agency=agency, user=office_user, header=HEADER, data=plan_docx(), filename="kh.docx"
    )
    client.force_login(unit_head)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("conclusions:plan_import")).status_code == 403
    assert client.post(reverse("conclusions:plan_generate", args=[plan.pk])).status_code == 403

    client.force_login(outsider)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.post(reverse("conclusions:plan_generate", args=[plan.pk])).status_code == 404
    assert Task.objects.count() == 0


@pytest.mark.parametrize("count", [1, 12])
def test_plan_page_queries_do_not_grow_with_items(
    client, units, agency, office_user, django_assert_max_num_queries, count
):
    rows = [
        [str(n), f"Nhiệm vụ {n}", "Phòng Hành chính tư pháp", "Văn phòng Sở", "Quý II/2024", ""]
        for n in range(1, count + 1)
    ]
    plan = plan_import(
        agency=agency, user=office_user, header=HEADER, data=plan_docx(rows), filename="kh.docx"
    )
    tasks_generate_from_plan(plan=plan, user=office_user)
    client.force_login(office_user)

    with django_assert_max_num_queries(14):
        response = client.get(plan.get_absolute_url())

    assert len(response.context["rows"]) == count


def test_import_plan_command_names_bad_rows_and_saves_nothing(tmp_path, units, office_user):
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(plan_xlsx([["1", "Tuyên truyền", "", "", "Quý III/2024", ""]]))

    with pytest.raises(CommandError) as error:
        call_command(
            "import_plan",
            str(path),
            unit="STP",
            number="15/KH-STP",
            signed_on="15/01/2024",
            year=2024,
            user="vanphong",
            stdout=StringIO(),
        )

    assert str(error.value) == "Dòng 4 (STT 1): thiếu đơn vị chủ trì."
    assert not ReformPlan.objects.exists()


def test_import_plan_command_saves_and_generates(tmp_path, units, office_user):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(plan_docx())
    out = StringIO()

    call_command(
        "import_plan",
        str(path),
        unit="STP",
        number="15/KH-STP",
        signed_on="15/01/2024",
        year=2024,
        user="vanphong",
        generate=True,
        stdout=out,
    )

    assert ReformPlan.objects.get().items.count() == 3
    assert Task.objects.filter(source=TaskSource.PLAN).count() == 4
    assert "Đã lập 4 nhiệm vụ dự thảo." in out.getvalue()
