"""The published decision's figures: kept on a re-import, within the set's maximum."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.assessments.conftest import row_counts, upload_results
from tests.factories.assessments import doj_2022_xlsx
from tracker.models import Assessment

D = Decimal
PUBLISHED = (D("61.14"), 16, 18, -4)


def _figures(assessment: Assessment) -> tuple:
    assessment.refresh_from_db()
    return (
        assessment.published_total,
        assessment.rank,
        assessment.rank_of,
        assessment.rank_change,
    )


def test_reimport_form_is_prefilled_with_the_published_figures(client, office_user, doj):
    doj.source_document = "Quyết định số 1035/QĐ-UBND"
    doj.save()
    client.force_login(office_user)

    form = client.get(
        reverse("assessments:import"), {"unit": doj.unit_id, "index": "PAR", "year": 2022}
    ).context["form"]

    assert form.initial["published_total"] == D("61.14")
    assert (form.initial["rank"], form.initial["rank_of"], form.initial["rank_change"]) == (
        16,
        18,
        -4,
    )
    assert form.initial["source_document"] == "Quyết định số 1035/QĐ-UBND"


def test_reimport_with_empty_published_fields_keeps_the_stored_ones(client, office_user, doj):
    client.force_login(office_user)
    empty = dict.fromkeys(
        ["published_total", "rank", "rank_of", "rank_change", "published_on", "source_document"],
        "",
    )

    preview = client.get(upload_results(client, doj.unit, doj_2022_xlsx(), **empty).url)
    client.post(preview.request["PATH_INFO"] + "xac-nhan/")

    assert preview.context["plan"].difference == D("0.23")
    assert _figures(doj) == PUBLISHED


def test_reimport_with_a_new_figure_changes_that_one_only(client, office_user, doj):
    client.force_login(office_user)
    empty = dict.fromkeys(["published_total", "rank_of", "rank_change"], "")

    preview = client.get(upload_results(client, doj.unit, doj_2022_xlsx(), rank=15, **empty).url)
    client.post(preview.request["PATH_INFO"] + "xac-nhan/")

    assert _figures(doj) == (D("61.14"), 15, 18, -4)


def test_cli_reimport_without_published_options_keeps_them(doj, tmp_path):
    path = tmp_path / "stp-2022.xlsx"
    path.write_bytes(doj_2022_xlsx())

    call_command("import_results", str(path), unit="STP", year=2022, stdout=StringIO())

    assert _figures(doj) == PUBLISHED


def test_upload_refuses_a_published_total_above_the_set_maximum(client, office_user, agency):
    client.force_login(office_user)

    preview = client.get(
        upload_results(client, agency, doj_2022_xlsx(), published_total="6114").url
    )
    confirmed = client.post(preview.request["PATH_INFO"] + "xac-nhan/")

    assert [str(problem) for problem in preview.context["problems"]] == [
        "Tổng điểm công bố 6114,00 vượt điểm tối đa 74,00 của bộ tiêu chí: "
        "kiểm tra lại dấu phẩy thập phân."
    ]
    assert confirmed.status_code == 302
    assert row_counts() == (0, 0, 0, 0)


def test_edit_refuses_a_published_total_above_the_set_maximum(client, office_user, doj):
    client.force_login(office_user)

    response = client.post(
        reverse("assessments:edit", args=[doj.pk]),
        {"published_total": "74,01", "rank": 16, "rank_of": 18, "rank_change": -4},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["published_total"] == [
        "Tổng điểm công bố 74,01 vượt điểm tối đa 74,00 của bộ tiêu chí: "
        "kiểm tra lại dấu phẩy thập phân."
    ]
    assert _figures(doj) == PUBLISHED


@pytest.mark.parametrize("total", ["74,00", "0"])
def test_edit_accepts_a_total_up_to_the_maximum(client, office_user, doj, total):
    client.force_login(office_user)

    response = client.post(reverse("assessments:edit", args=[doj.pk]), {"published_total": total})

    assert response.status_code == 302
