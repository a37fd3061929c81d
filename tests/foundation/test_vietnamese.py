"""Vietnamese everywhere: pager, file pickers, empty choices, "tệp", file names,
alphabetical order, dates typed with dots or dashes."""

import re
from datetime import date

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.factories.org import UserFactory
from tests.factories.tasks import TaskFactory
from tracker.forms.tasks import TaskForm, UserChoiceField
from tracker.lib.text import vietnamese_sort_key
from tracker.models import Role, User


def test_the_table_pager_is_vietnamese(client, office_user, agency, unit_a):
    for n in range(30):
        TaskFactory(agency=agency, lead_unit=unit_a, title=f"Nhiệm vụ {n}")
    client.force_login(office_user)

    first = client.get(reverse("tasks:board")).text
    second = client.get(reverse("tasks:board"), {"page": 2}).text

    assert "Trang sau" in first and "Trang trước" in second
    assert not re.search(r">\s*(previous|next)\s*<", first + second)


@pytest.mark.parametrize(
    "url_name", ["tasks:create", "tasks:board", "assessments:list", "assessments:import"]
)
def test_empty_choices_read_one_way(client, office_user, url_name):
    client.force_login(office_user)

    text = client.get(reverse(url_name)).text

    assert "---------" not in text
    assert "Tất cả" in text or "— Chọn —" in text


def test_file_pickers_are_labelled_in_vietnamese(client, office_user, unit_head, agency, unit_a):
    task = TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True)
    client.force_login(unit_head)
    detail = client.get(task.get_absolute_url()).text
    client.force_login(office_user)
    upload = client.get(reverse("assessments:import")).text

    assert "Chọn các tệp" in detail and "Chưa chọn tệp nào" in detail
    assert "Chọn tệp" in upload and "data-file-picker" in upload


def test_django_file_messages_say_tep():
    with translation.override("vi"), pytest.raises(forms.ValidationError) as empty:
        forms.FileField().clean(SimpleUploadedFile("minh-chung.pdf", b""))

    assert empty.value.messages == ["Tệp được gửi là rỗng."]


def test_names_sort_in_vietnamese_alphabetical_order():
    names = ["Ưng", "Ân", "Đào", "Anh", "Dương", "Ơn", "Ông", "Ong", "Uy", "Ăn", "Bình"]

    assert sorted(names, key=vietnamese_sort_key) == [
        "Anh", "Ăn", "Ân", "Bình", "Dương", "Đào", "Ong", "Ông", "Ơn", "Uy", "Ưng",
    ]  # fmt: skip
    tones = ["Má", "Mạ", "Ma", "Mà", "Mả", "Mã"]
    assert sorted(tones, key=vietnamese_sort_key) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def test_people_are_offered_in_vietnamese_alphabetical_order(unit_a):
    for name in ("Đặng Văn Hải", "Dương Thị Lan", "Ân Văn Tú", "An Thị Mai"):
        UserFactory(unit=unit_a, full_name=name, role=Role.STAFF)
    field = UserChoiceField(queryset=User.objects.filter(unit=unit_a))

    labels = [label for _value, label in field.choices]

    assert labels == ["— Chọn —", "An Thị Mai", "Ân Văn Tú", "Dương Thị Lan", "Đặng Văn Hải"]


@pytest.mark.parametrize("typed", ["30/6/2027", "30.6.2027", "30-6-2027", "30.06.27", "2027-06-30"])
def test_dates_typed_with_slashes_dots_or_dashes_are_read(agency, unit_a, typed):
    with translation.override("vi"):
        form = TaskForm(
            {
                "title": "Rà soát TTHC",
                "lead_unit": unit_a.pk,
                "deadline": typed,
                "priority": "normal",
            },
            agency=agency,
        )
        assert form.is_valid(), form.errors

    assert form.cleaned_data["deadline"] == date(2027, 6, 30)
