"""Results and conclusions keep who changed what and when, shown to who may see them."""

import logging
from decimal import Decimal

from django.urls import reverse

from tests.factories.assessments import DOJ_2022, sheet_rows, xlsx_bytes
from tests.factories.conclusions import ConclusionFactory, DirectiveFactory
from tracker.models import Score
from tracker.services.results import PublishedResult, results_import_file


def _import(unit, rows, user):
    return results_import_file(
        unit=unit,
        index_code="PAR",
        year=2022,
        content=xlsx_bytes(sheet_rows(rows)),
        filename="ket-qua.xlsx",
        published=PublishedResult(total=Decimal("61.14")),
        user=user,
    )


def test_an_import_records_every_score_with_its_user(agency, office_user):
    assessment = _import(agency, DOJ_2022, office_user)

    created = Score.history.filter(assessment_id=assessment.pk, history_type="+")
    assert created.count() == assessment.scores.count() > 0
    assert set(created.values_list("history_user", flat=True)) == {office_user.pk}
    assert assessment.history.get().history_user == office_user


def test_a_reimport_shows_the_changed_score_on_the_history_page(client, agency, office_user):
    assessment = _import(agency, DOJ_2022, office_user)
    changed = [
        (code, name, maximum, own, "3.50" if code == "3.2" else appraised)
        for code, name, maximum, own, appraised in DOJ_2022
    ]
    _import(agency, changed, office_user)
    client.force_login(office_user)

    response = client.get(reverse("assessments:history", args=[assessment.pk]))

    assert response.status_code == 200
    entries = response.context["history"]
    update = entries[0]
    assert update.subject == "Điểm tiêu chí 3.2"
    assert update.user == office_user
    assert [(c.label, c.old, c.new) for c in update.changes] == [("điểm thẩm định", "3.00", "3.50")]
    assert "Nguyễn Thị Mai" in response.text


def test_the_results_history_is_refused_to_an_outsider_and_logged(
    client, agency, office_user, outsider, caplog
):
    assessment = _import(agency, DOJ_2022, office_user)
    client.force_login(outsider)

    with caplog.at_level(logging.WARNING, logger="security"):
        response = client.get(reverse("assessments:history", args=[assessment.pk]))

    assert response.status_code == 404
    assert [r.getMessage() for r in caplog.records if r.name == "security"][-1:] == [
        f"hidden user=nguoingoai address=127.0.0.1 "
        f"path=/ket-qua/{assessment.pk}/lich-su/ detail=assessment {assessment.pk}"
    ]


def test_a_conclusion_shows_who_changed_a_directive(client, agency, office_user, outsider):
    conclusion = ConclusionFactory(issuing_unit=agency)
    directive = DirectiveFactory(conclusion=conclusion, label="Thứ nhất")
    directive.text = "Rà soát lại toàn bộ thủ tục."
    directive._history_user = office_user
    directive.save()
    client.force_login(office_user)

    response = client.get(reverse("conclusions:history", args=[conclusion.pk]))

    update = response.context["history"][0]
    assert update.subject == "Nội dung Thứ nhất"
    assert update.user == office_user
    assert update.changes[0].new == "Rà soát lại toàn bộ thủ tục."
    client.force_login(outsider)
    assert client.get(reverse("conclusions:history", args=[conclusion.pk])).status_code == 404
