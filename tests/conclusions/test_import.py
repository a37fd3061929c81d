"""The import service and the web import: all or nothing."""

from datetime import date

import pytest
from django.urls import reverse

from conclusions.models import Conclusion, DeadlineKind, Directive
from conclusions.services import (
    ConclusionImportError,
    DirectiveInput,
    NoticeInput,
    conclusion_import,
    conclusion_propose,
    proposal_inputs,
)
from tests.factories.conclusions import ConclusionFactory, notice_docx
from tests.factories.org import OfficeFactory


def _counts():
    return (Conclusion.objects.count(), Directive.objects.count())


def test_import_saves_the_proposal_with_deadlines_and_indicators(
    justice_department, notice, office_user
):
    notice_input, directives = proposal_inputs(
        conclusion_propose(agency=justice_department, text=notice)
    )

    conclusion = conclusion_import(
        agency=justice_department, notice=notice_input, directives=directives, user=office_user
    )

    rows = list(
        conclusion.directives.values_list(
            "order", "label", "deadline_kind", "due_date", "needs_review", "indicator_target"
        )
    )
    assert rows == [
        (1, "Thứ nhất", DeadlineKind.DATE, date(2023, 3, 31), False, None),
        (2, "Thứ hai", DeadlineKind.MONTH, date(2023, 4, 30), False, None),
        (3, "Thứ ba", DeadlineKind.QUARTER, date(2023, 6, 30), False, 60),
        (4, "Thứ tư", DeadlineKind.RECURRING, date(2023, 12, 31), False, 1),
        (5, "Thứ năm", DeadlineKind.ONGOING, None, False, None),
    ]
    assert (conclusion.number, conclusion.created_by, conclusion.source_text) == (
        "45/TB-STP",
        office_user,
        notice_input.source_text,
    )


def _input(unit, **fields):
    data = {"text": "Rà soát các tiêu chí.", "units": [unit], "deadline_text": "sớm"}
    data.update(fields)
    return DirectiveInput(**data)


def test_import_sets_an_unreadable_deadline_by_hand(justice_department, unit_a):
    conclusion = conclusion_import(
        agency=justice_department,
        notice=NoticeInput(number="9/TB-STP", issued_on=date(2023, 3, 2)),
        directives=[
            _input(unit_a, deadline_text="trước Tết"),
            _input(unit_a, deadline_text="trước Tết", manual_due_date=date(2024, 2, 2)),
        ],
    )

    first, second = conclusion.directives.all()
    assert (first.deadline_kind, first.due_date, first.needs_review) == (
        DeadlineKind.UNPARSED,
        None,
        True,
    )
    assert (second.deadline_text, second.deadline_kind, second.due_date, second.needs_review) == (
        "trước Tết",
        DeadlineKind.DATE,
        date(2024, 2, 2),
        False,
    )


def test_import_refuses_everything_wrong_at_once_and_saves_nothing(
    justice_department, unit_a, outsider
):
    ConclusionFactory(issuing_unit=justice_department, number="45/TB-STP")
    foreign = OfficeFactory(code="SYT-X", name="Phòng của Sở khác")
    before = _counts()

    with pytest.raises(ConclusionImportError) as error:
        conclusion_import(
            agency=justice_department,
            notice=NoticeInput(number="45/TB-STP", issued_on=date(2023, 3, 2)),
            directives=[
                _input(unit_a),
                _input(unit_a, units=[], text=" "),
                _input(foreign, supervisor=outsider),
            ],
        )

    assert error.value.messages == [
        "Thông báo số 45/TB-STP của Sở Tư pháp đã được nhập trước đây.",
        "Nội dung chỉ đạo 2: nội dung trống.",
        "Nội dung chỉ đạo 2: chưa chọn đơn vị được giao.",
        "Nội dung chỉ đạo 3: Phòng của Sở khác không thuộc cơ quan ban hành.",
        "Nội dung chỉ đạo 3: Người Ngoài không phải lãnh đạo của cơ quan.",
    ]
    assert _counts() == before


# --- the web import with bad input: a message, nothing saved ---------------------


@pytest.fixture
def office_client(client, office_user, justice_department):
    client.force_login(office_user)
    return client


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (
            {"file": ("tb.docx", b"khong phai docx")},
            "Tệp “tb.docx” không phải tệp Word .docx hợp lệ.",
        ),
        ({"file": ("tb.pdf", b"%PDF-1.4")}, "Tệp “tb.pdf” không phải tệp Word .docx."),
        ({"text": "   "}, "Hãy chọn tệp .docx của thông báo hoặc dán nội dung thông báo."),
        (
            {"text": "THÔNG BÁO\nKết luận của Giám đốc Sở.\nGIÁM ĐỐC"},
            "Không tìm thấy nội dung chỉ đạo nào",
        ),
    ],
)
def test_bad_upload_or_text_shows_a_message_and_saves_nothing(office_client, post, message):
    before = _counts()
    data = {key: _upload(*value) if key == "file" else value for key, value in post.items()}

    response = office_client.post(reverse("conclusions:import"), data)

    assert response.status_code == 200
    assert message in response.text
    assert response.templates[0].name == "conclusions/import/start.html"
    assert _counts() == before


def test_unknown_unit_is_reported_with_the_directive_number(office_client, notice):
    text = notice.replace("giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì")
    before = _counts()

    response = office_client.post(reverse("conclusions:import"), {"text": text})

    assert "Nội dung chỉ đạo 2 (Thứ hai): không tìm thấy đơn vị “Phòng Kinh tế”." in response.text
    assert _counts() == before


def test_confirm_without_units_for_the_unknown_name_saves_nothing(office_client, notice):
    text = notice.replace("giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì")
    review = office_client.post(reverse("conclusions:import"), {"text": text})
    data = _form_data(review)
    before = _counts()

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    assert response.status_code == 200
    assert "Chọn ít nhất một đơn vị" in response.text
    assert _counts() == before


def test_review_then_confirm_saves_the_notice_with_the_docx(office_client, notice, media_in_tmp):
    document = notice_docx(notice)
    review = office_client.post(
        reverse("conclusions:import"), {"file": _upload("45-TB-STP.docx", document)}
    )
    data = _form_data(review)
    data["form-1-deadline_text"] = "xong trước tháng 4/2023"
    assert len(list((media_in_tmp / "imports").iterdir())) == 1

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    conclusion = Conclusion.objects.get()
    assert response.status_code == 302
    assert response.url == conclusion.get_absolute_url()
    assert conclusion.original_file.name.endswith(".docx")
    assert conclusion.original_file.read() == document
    second = conclusion.directives.get(order=2)
    assert (second.deadline_text, second.due_date) == ("xong trước tháng 4/2023", date(2023, 3, 31))
    assert list(conclusion.directives.values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    assert list((media_in_tmp / "imports").iterdir()) == []


def test_confirm_refuses_a_token_that_is_not_this_sessions_upload(office_client, notice):
    review = office_client.post(
        reverse("conclusions:import"), {"file": _upload("45-TB-STP.docx", notice_docx(notice))}
    )
    data = _form_data(review)
    data["upload_token"] = "../../etc/passwd"
    before = _counts()

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    assert "Tệp đã tải lên không còn trên máy chủ" in response.text
    assert _counts() == before


def _form_data(response):
    """What the browser would post back from the review page, unchanged."""
    notice_form = response.context["notice_form"]
    formset = response.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for name in notice_form.fields:
        value = notice_form.initial.get(name)
        data[name] = (
            value.isoformat() if isinstance(value, date) else ("" if value is None else value)
        )
    for form in formset:
        for name in form.fields:
            value = form.initial.get(name)
            key = form.add_prefix(name)
            if name == "units":
                data[key] = [str(pk) for pk in value or []]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = value
    return data
