"""Rules on an assessment's own fields: the rank within the number ranked, the publication line."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tracker.models import Assessment
from tracker.services.results import PublishedResult

RANK_BEYOND = "Thứ hạng 19 lớn hơn tổng số 18 đơn vị."


def test_one_rank_rule_for_the_model_the_import_and_the_correction():
    with pytest.raises(ValidationError) as on_model:
        Assessment(rank=19, rank_of=18).clean()
    with pytest.raises(ValidationError) as on_correction:
        PublishedResult(rank=19, rank_of=18).validate()

    assert on_model.value.message_dict == {"rank": [RANK_BEYOND]}
    assert on_correction.value.message_dict == {"rank": [RANK_BEYOND]}
    assert [str(p) for p in PublishedResult(rank=19, rank_of=18).problems()] == [RANK_BEYOND]
    assert PublishedResult(rank=18, rank_of=18).problems() == []


@pytest.mark.parametrize(
    ("document", "published_on", "shown"),
    [
        (
            "Quyết định số 968/QĐ-UBND ngày 10/5/2024 của UBND tỉnh Nam Sơn",
            date(2024, 5, 10),
            "Quyết định số 968/QĐ-UBND ngày 10/05/2024 của UBND tỉnh Nam Sơn",
        ),
        (
            "Quyết định số 968/QĐ-UBND ngày 10-05-2024",
            date(2024, 5, 10),
            "Quyết định số 968/QĐ-UBND ngày 10/05/2024",
        ),
        (
            "Quyết định số 968/QĐ-UBND",
            date(2024, 5, 10),
            "Quyết định số 968/QĐ-UBND ngày 10/05/2024",
        ),
        # Signed on one day, published on another: both dates are facts.
        (
            "Quyết định số 968/QĐ-UBND ngày 8/5/2024",
            date(2024, 5, 10),
            "Quyết định số 968/QĐ-UBND ngày 8/5/2024, công bố ngày 10/05/2024",
        ),
        ("", date(2024, 5, 10), "Công bố ngày 10/05/2024"),
        (
            "Quyết định số 968/QĐ-UBND ngày 10/5/2024",
            None,
            "Quyết định số 968/QĐ-UBND ngày 10/5/2024",
        ),
        ("", None, ""),
    ],
)
def test_publication_names_its_date_once_as_dd_mm_yyyy(document, published_on, shown):
    assessment = Assessment(source_document=document, published_on=published_on)

    assert assessment.publication_display == shown
