"""The pages: upload, preview and confirm; detail, lost points with export, years, peers,
criteria sets, targets."""

import csv
import io
import os
import re
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from tests.assessments.conftest import row_counts, upload_results
from tests.factories.assessments import DOJ_2022, doj_2022_xlsx, sheet_rows, xlsx_bytes
from tracker.lib.uploads import held_uploads_sweep
from tracker.models import Assessment, CriteriaSet, Criterion, Target
from tracker.services.results import results_import
from tracker.services.results_import import ResultRow

D = Decimal


def _testid_text(response, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">(.*?)</', response.text, re.S)
    return " ".join(match.group(1).split())


def _pending_files(media_root) -> list[Path]:
    folder = Path(media_root) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_upload_preview_confirm_saves_the_results(client, office_user, agency, media_root):
    client.force_login(office_user)
    content = doj_2022_xlsx()

    response = upload_results(client, agency, content)
    preview_url = response.url
    assert response.status_code == 302
    assert len(_pending_files(media_root)) == 1
    assert row_counts() == (0, 0, 0, 0)

    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "Tệp hợp lệ: 12 tiêu chí, trong đó 12 tiêu chí chưa có sẽ được tạo" in preview.text
    assert preview.context["plan"].totals.total == D("60.91")
    assert preview.context["plan"].difference == D("0.23")
    assert len(preview.context["plan"].areas) == 8
    assert row_counts() == (0, 0, 0, 0)

    confirmed = client.post(preview_url + "xac-nhan/")
    assessment = Assessment.objects.get()
    assert confirmed.url == reverse("assessments:detail", args=[assessment.pk])
    assert (assessment.published_total, assessment.rank, assessment.rank_change) == (
        D("61.14"),
        16,
        -4,
    )
    assert assessment.source_document == "Quyết định số 1035/QĐ-UBND ngày 16/5/2023"
    assert assessment.scores.count() == len(DOJ_2022)
    assert _pending_files(media_root) == []
    assert assessment.source_file.read() == content

    # Back to the preview, and confirming again: said to be saved already.
    again = client.post(preview_url + "xac-nhan/", follow=True)
    back = client.get(preview_url, follow=True)
    assert again.redirect_chain == [(reverse("assessments:detail", args=[assessment.pk]), 302)]
    assert back.redirect_chain == again.redirect_chain
    assert f"{assessment} đã được lưu trước đó." in again.text
    assert Assessment.objects.count() == 1


def test_preview_lists_every_problem_and_confirm_writes_nothing(
    client, office_user, agency, media_root
):
    rows = [list(row) for row in DOJ_2022]
    rows[0][4] = "abc"
    rows[5][3] = "-2"
    client.force_login(office_user)
    preview_url = upload_results(client, agency, xlsx_bytes(sheet_rows(rows))).url

    preview = client.get(preview_url)
    problems = [str(problem) for problem in preview.context["problems"]]
    assert problems == [
        "Dòng 6, cột “Thẩm định (E)”: “abc” không phải là số.",
        "Dòng 11, cột “Tự đánh giá (D)”: điểm không được âm (-2,00).",
    ]
    assert "Tệp có 2 lỗi, chưa có gì được lưu" in preview.text

    response = client.post(preview_url + "xac-nhan/")
    assert response.url == preview_url
    assert row_counts() == (0, 0, 0, 0)


def test_cancel_deletes_the_uploaded_file(client, office_user, agency, media_root):
    client.force_login(office_user)
    preview_url = upload_results(client, agency, doj_2022_xlsx()).url
    assert "Hủy" in client.get(preview_url).text

    response = client.post(preview_url + "huy/", follow=True)

    assert response.redirect_chain[0][0] == reverse("assessments:list")
    assert [str(m) for m in response.context["messages"]] == [
        "Đã hủy nhập tệp; tệp tải lên đã được xóa."
    ]
    assert _pending_files(media_root) == []
    assert row_counts() == (0, 0, 0, 0)


def test_a_bad_file_is_offered_to_be_cancelled_and_replaced(client, office_user, agency):
    client.force_login(office_user)
    preview_url = upload_results(client, agency, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).url

    preview = client.get(preview_url)

    assert "Hủy và tải tệp khác" in preview.text
    assert "Huỷ" not in preview.text


def test_another_user_cannot_use_someone_elses_preview(client, office_user, agency, outsider):
    client.force_login(office_user)
    preview_url = upload_results(client, agency, doj_2022_xlsx()).url

    client.force_login(outsider)

    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url + "xac-nhan/").status_code == 404
    assert row_counts() == (0, 0, 0, 0)


def test_office_of_another_agency_cannot_choose_this_agency(client, outsider, agency, media_root):
    client.force_login(outsider)

    response = upload_results(client, agency, doj_2022_xlsx())

    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert _pending_files(media_root) == []


def test_upload_refuses_a_rank_beyond_the_number_ranked(client, office_user, agency, media_root):
    client.force_login(office_user)

    response = upload_results(client, agency, doj_2022_xlsx(), rank=19)

    assert response.context["form"].errors["rank"] == ["Thứ hạng 19 lớn hơn tổng số 18 đơn vị."]
    assert _pending_files(media_root) == []


def test_edit_shows_the_rank_rule_on_the_field_and_saves_nothing(client, office_user, doj):
    client.force_login(office_user)

    response = client.post(reverse("assessments:edit", args=[doj.pk]), {"rank": 20, "rank_of": 18})

    doj.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"rank": ["Thứ hạng 20 lớn hơn tổng số 18 đơn vị."]}
    assert (doj.rank, doj.rank_of) == (16, 18)


@time_machine.travel(datetime(2023, 12, 31, 17, 30, tzinfo=ZoneInfo("UTC")), tick=False)
def test_upload_offers_last_year_of_the_local_calendar(client, office_user):
    # 17:30 UTC on 31/12/2023 is already 1 January 2024 in Hồ Chí Minh City.
    client.force_login(office_user)

    response = client.get(reverse("assessments:import"))

    assert response.context["form"]["year"].value() == 2023


def test_detail_shows_computed_total_and_flags_the_difference(client, leader, doj):
    client.force_login(leader)

    response = client.get(reverse("assessments:detail", args=[doj.pk]))

    summary = response.context["summary"]
    assert (summary.totals.total, summary.totals.lost, summary.difference) == (
        D("60.91"),
        D("13.09"),
        D("0.23"),
    )
    assert "chênh lệch 0,23 điểm" in response.text
    assert "giảm 4 bậc" in response.text


def test_lost_points_page_sorts_filters_and_exports(client, staff_user, doj):
    client.force_login(staff_user)
    url = reverse("assessments:lost_points", args=[doj.pk])

    page = client.get(url)
    codes = [row.record.code for row in page.context["table"].rows]
    assert codes[:3] == ["7", "3", "8"]

    filtered = client.get(url, {"area": "7", "level": 2})
    assert [row.record.code for row in filtered.context["table"].rows] == ["7.1", "7.2"]

    by_code = client.get(url, {"sort": "code"})
    assert [row.record.code for row in by_code.context["table"].rows][:3] == ["1", "2", "3"]

    exported = client.get(url, {"_export": "csv", "area": "7"})
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][0].startswith("Điểm bị trừ STP 2022 — Lĩnh vực: ")
    lines = lines[1:]
    assert lines[0][:8] == [
        "Mã",
        "Tiêu chí",
        "Lĩnh vực",
        "Cấp",
        "Tối đa",
        "Thẩm định",
        "Bị trừ",
        "Đạt (%)",
    ]
    assert lines[1][:8] == [
        "7",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        "1",
        "13,00",
        "7,23",
        "5,77",
        "55,61",
    ]

    workbook = load_workbook(io.BytesIO(client.get(url, {"_export": "xlsx"}).content))
    assert workbook.active.title == "Điểm bị trừ STP 2022"
    rows = list(workbook.active.iter_rows(values_only=True))[1:]
    assert rows[1][0] == "7"
    assert rows[1][6] == pytest.approx(5.77)
    assert len(rows) == 1 + len(codes)


def test_list_filters_by_year_and_shows_computed_totals(client, office_user, doj):
    client.force_login(office_user)

    response = client.get(reverse("assessments:list"), {"year": 2022})
    other_year = client.get(reverse("assessments:list"), {"year": 2021})

    assert [row.record.pk for row in response.context["table"].rows] == [doj.pk]
    assert "60,91" in response.text
    assert list(other_year.context["table"].rows) == []
    exported = client.get(reverse("assessments:list"), {"_export": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "2022;PAR;Sở Tư pháp;61,14;60,91;74,00;82,31;0,23;16/18;giảm 4 bậc" in exported


def test_list_shows_ranks_as_published_and_sorts_them_as_numbers(client, office_user, doj):
    row = [ResultRow("1", "Công tác chỉ đạo điều hành", D("6.50"), None, D("5"))]
    for year, rank in ((2021, 10), (2023, 2)):
        other_year = results_import(unit=doj.unit, index_code="PAR", year=year, rows=row)
        other_year.rank, other_year.rank_of, other_year.rank_change = rank, 18, 0
        other_year.save()
    client.force_login(office_user)

    response = client.get(reverse("assessments:list"), {"sort": "rank"})

    table = response.context["table"]
    assert [(row.get_cell("rank"), row.get_cell("rank_change")) for row in table.rows] == [
        ("2/18", "giữ nguyên"),
        ("10/18", "giữ nguyên"),
        ("16/18", "giảm 4 bậc"),
    ]


def test_list_exports_the_publication_date_as_dd_mm_yyyy(client, office_user, doj):
    doj.published_on = date(2024, 5, 10)
    doj.save()
    client.force_login(office_user)
    url = reverse("assessments:list")

    exported = client.get(url, {"_export": "csv"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported), delimiter=";"))[1:]
    workbook = load_workbook(io.BytesIO(client.get(url, {"_export": "xlsx"}).content))
    rows = list(workbook.active.iter_rows())[1:]

    column = lines[0].index("Ngày công bố")
    assert lines[1][column] == "10/05/2024"
    assert rows[1][column].value == datetime(2024, 5, 10)
    assert rows[1][column].number_format == "dd/mm/yyyy"


def test_detail_names_the_publication_date_once(client, leader, doj):
    doj.published_on = date(2024, 5, 10)
    doj.source_document = "Quyết định số 968/QĐ-UBND ngày 10/5/2024 của UBND tỉnh Nam Sơn"
    doj.save()
    client.force_login(leader)

    response = client.get(reverse("assessments:detail", args=[doj.pk]))

    publication = _testid_text(response, "publication")
    assert publication == "Quyết định số 968/QĐ-UBND ngày 10/05/2024 của UBND tỉnh Nam Sơn"
    assert "10/5/2024" not in response.text


def test_unit_years_page_and_chart(client, leader, doj):
    client.force_login(leader)

    page = client.get(reverse("assessments:unit", args=["STP"]))
    chart = client.get(reverse("assessments:unit_chart", args=["STP"]))

    assert [r.assessment.pk for r in page.context["history"].years] == [doj.pk]
    assert chart["Content-Type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_peers_page_is_open_to_any_signed_in_user(client, outsider, doj):
    client.force_login(outsider)

    response = client.get(
        reverse("assessments:peers"), {"index": "PAR", "year": 2022, "audience": "department"}
    )

    assert response.status_code == 200
    assert [row.assessment.pk for row in response.context["ranking"].rows] == [doj.pk]
    # The outsider sees the ranking but gets no link into another agency's results.
    assert reverse("assessments:detail", args=[doj.pk]) not in response.text


def test_peers_page_opens_on_the_latest_year_with_two_units_ranked(
    client, leader, doj, other_agency
):
    row = [ResultRow("1", "Công tác chỉ đạo điều hành", D("6.50"), None, D("5"))]
    results_import(unit=other_agency, index_code="PAR", year=2022, rows=row)
    results_import(unit=doj.unit, index_code="PAR", year=2023, rows=row)
    client.force_login(leader)

    response = client.get(reverse("assessments:peers"))

    assert response.context["criteria_set"].year == 2022
    assert len(response.context["ranking"].rows) == 2


def test_peers_page_groups_only_by_a_parent_of_the_units_ranked(
    client, leader, doj, province_secretariat, other_agency
):
    client.force_login(leader)
    chosen = {"index": "PAR", "year": 2022, "audience": "department"}

    grouped = client.get(reverse("assessments:peers"), {**chosen, "parent": "TINH"})
    # A real unit, but none of the units ranked on the set sits under it.
    stray = client.get(reverse("assessments:peers"), {**chosen, "parent": other_agency.code})

    assert [row.assessment.pk for row in grouped.context["ranking"].rows] == [doj.pk]
    assert stray.status_code == 200
    assert "ranking" not in stray.context
    assert stray.context["form"].has_error("parent", "invalid_choice")
    assert "Chưa có bộ tiêu chí hoặc kết quả cho lựa chọn này." in stray.text


def test_unit_page_names_the_index_asked_for(client, leader, doj):
    client.force_login(leader)

    response = client.get(reverse("assessments:unit", args=["STP"]), {"index": "sipas"})

    assert _testid_text(response, "unit-results-title") == (
        "Sở Tư pháp: kết quả qua các năm (SIPAS)"
    )
    assert '<option value="SIPAS" title="' in response.text
    assert "Chưa có kết quả nào của đơn vị trên chỉ số này." in response.text


def test_criteria_set_copy_page(client, office_user, doj):
    client.force_login(office_user)
    source = doj.criteria_set

    response = client.post(
        reverse("assessments:criteria_set_copy", args=[source.pk]), {"year": 2023}
    )

    copy = CriteriaSet.objects.get(year=2023)
    assert response.url == reverse("assessments:criteria_set", args=[copy.pk])
    assert copy.criteria.count() == source.criteria.count()
    again = client.post(reverse("assessments:criteria_set_copy", args=[source.pk]), {"year": 2023})
    assert again.status_code == 400
    assert "Đã có bộ tiêu chí PAR năm 2023 cho Sở, ban, ngành." in again.text
    assert again.context["can_manage"] is True


def test_targets_edit_registers_with_the_letter(client, office_user, doj):
    client.force_login(office_user)
    ids = dict(doj.criteria_set.criteria.values_list("code", "pk"))
    url = reverse("assessments:targets_edit", args=["STP", 2022])

    response = client.post(
        url,
        {
            "letter_number": "795/STP-VP",
            "letter_date": "12/06/2022",
            f"criterion_{ids['7']}": "9,50",
            f"criterion_{ids['7.1']}": "2.5",
        },
    )

    assert response.url == reverse("assessments:targets", args=["STP", 2022]) + "?index=PAR"
    assert set(Target.objects.values_list("criterion__code", "target_score", "letter_number")) == {
        ("7", D("9.50"), "795/STP-VP"),
        ("7.1", D("2.50"), "795/STP-VP"),
    }
    page = client.get(response.url)
    rows = {row.node.code: row for row in page.context["rows"]}
    assert rows["7"].gap == D("-2.27")
    assert "Văn bản đăng ký: 795/STP-VP ngày 12/06/2022" in " ".join(page.text.split())


def test_targets_edit_refuses_a_score_above_the_maximum(client, office_user, doj):
    client.force_login(office_user)
    criterion = doj.criteria_set.criteria.get(code="8")

    response = client.post(
        reverse("assessments:targets_edit", args=["STP", 2022]),
        {
            "letter_number": "795/STP-VP",
            "letter_date": "12/06/2022",
            f"criterion_{criterion.pk}": "6",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors[f"criterion_{criterion.pk}"] == [
        "Điểm đăng ký không được vượt điểm tối đa 5,00."
    ]
    assert not Target.objects.exists()


def test_targets_edit_shows_a_refusal_of_the_service_on_the_form(client, office_user, doj):
    """Someone lowers a criterion's maximum between the form's check and the save."""
    client.force_login(office_user)
    criterion = doj.criteria_set.criteria.get(code="8")
    lowered = False

    def lower_the_maximum_first(execute, sql, params, many, context):
        nonlocal lowered
        # The service's look-up of the posted criteria: the form has passed by then.
        if not lowered and 'FROM "tracker_criterion"' in sql and " IN (" in sql:
            lowered = True
            Criterion.objects.filter(pk=criterion.pk).update(max_score=D("3"))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(lower_the_maximum_first):
        response = client.post(
            reverse("assessments:targets_edit", args=["STP", 2022]),
            {
                "letter_number": "795/STP-VP",
                "letter_date": "12/06/2022",
                f"criterion_{criterion.pk}": "4",
            },
        )

    assert lowered
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Tiêu chí 8: điểm đăng ký 4,00 phải từ 0 đến 3,00."
    ]
    assert not Target.objects.exists()


def test_edit_published_figures(client, office_user, doj):
    client.force_login(office_user)

    response = client.post(
        reverse("assessments:edit", args=[doj.pk]),
        {"published_total": "61,14", "rank": 15, "rank_of": 18, "rank_change": -3},
    )

    doj.refresh_from_db()
    assert response.url == reverse("assessments:detail", args=[doj.pk])
    assert (doj.rank, doj.rank_change, doj.published_on) == (15, -3, None)


def test_source_file_download(client, unit_head, doj):
    client.force_login(unit_head)

    response = client.get(reverse("assessments:source_file", args=[doj.pk]))

    assert b"".join(response.streaming_content) == doj.source_file.read()
    assert "stp-2022" in response["Content-Disposition"]


def test_peers_page_with_a_year_that_is_not_a_number(client, leader, doj):
    client.force_login(leader)

    response = client.get(reverse("assessments:peers"), {"year": "hai nghìn"})

    assert response.status_code == 200
    assert response.context["criteria_set"] is None


def test_unit_pages_before_anything_was_imported(client, leader):
    client.force_login(leader)

    years = client.get(reverse("assessments:unit", args=["STP"]))
    targets = client.get(reverse("assessments:targets", args=["STP", 2023]))

    assert "Chưa có kết quả nào của đơn vị trên chỉ số này." in years.text
    assert "Chưa có bộ tiêu chí PAR năm 2023 cho loại đơn vị này." in targets.text
    assert (
        client.get(reverse("assessments:unit", args=["STP"]), {"index": "XYZ"}).status_code == 404
    )


def test_a_preview_whose_file_was_swept_away_asks_to_upload_again(
    client, office_user, agency, media_root
):
    client.force_login(office_user)
    preview_url = upload_results(client, agency, doj_2022_xlsx()).url
    for path in _pending_files(media_root):
        path.unlink()

    preview = client.get(preview_url)
    confirmed = client.post(preview_url + "xac-nhan/")

    assert [str(p) for p in preview.context["problems"]] == [
        "Tệp tải lên đã quá hạn giữ (một ngày): hãy tải lên lại."
    ]
    assert confirmed.url == preview_url
    assert row_counts() == (0, 0, 0, 0)


def test_files_abandoned_at_the_preview_for_a_day_go_with_the_nightly_sweep(
    client, office_user, agency, media_root
):
    folder = Path(media_root) / "imports"
    folder.mkdir(parents=True)
    abandoned, recent = folder / "cu.xlsx", folder / "moi.xlsx"
    for path in (abandoned, recent):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(abandoned, (two_days_ago, two_days_ago))
    client.force_login(office_user)

    upload_results(client, agency, doj_2022_xlsx())
    held_uploads_sweep()

    remaining = [path.name for path in _pending_files(media_root)]
    assert "cu.xlsx" not in remaining
    assert "moi.xlsx" in remaining
    assert len(remaining) == 2
