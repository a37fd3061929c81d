"""One label, one number: every "Tỷ lệ (%)" says whether it is computed or published."""

import re

import pytest
from django.urls import reverse

BARE = re.compile(r"Tỷ lệ \(%\)\s*<")
COMPUTED = "Tỷ lệ (%) – hệ thống tính"
PUBLISHED = "Tỷ lệ (%) – theo tổng công bố"


@pytest.mark.parametrize(
    ("page", "labels"),
    [
        ("list", [COMPUTED]),
        ("detail", [COMPUTED, PUBLISHED]),
        ("unit", [PUBLISHED]),
        ("peers", [PUBLISHED, COMPUTED]),
    ],
)
def test_percentages_are_labelled_computed_or_published_with_the_truncation_note(
    client, office_user, doj, page, labels
):
    client.force_login(office_user)
    url = {
        "list": reverse("assessments:list"),
        "detail": reverse("assessments:detail", args=[doj.pk]),
        "unit": reverse("assessments:unit", args=["STP"]),
        "peers": reverse("assessments:peers") + "?index=PAR&year=2022&audience=department",
    }[page]

    response = client.get(url)

    assert response.status_code == 200
    text = response.text
    assert not BARE.search(text)
    for label in labels:
        assert label in text
    assert "không phải 78,93 %" in text
