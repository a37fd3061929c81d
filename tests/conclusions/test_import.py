"""The import service and the web import: all or nothing."""

import zipfile
from datetime import date
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.models.signals import post_init, post_save
from django.urls import reverse

from conclusions.models import Assignment, Conclusion, DeadlineKind, Directive
from conclusions.parsing import ConclusionError, read_docx
from conclusions.services import (
    ConclusionImportError,
    ConclusionInput,
    DirectiveInput,
    conclusion_import,
    conclusion_propose,
    directive_current_input,
    directive_update,
    proposal_inputs,
)
from tests.factories.conclusions import ConclusionFactory, conclusion_docx
from tests.factories.org import OfficeFactory


def _counts():
    return (Conclusion.objects.count(), Directive.objects.count())


def test_import_saves_the_proposal_with_deadlines_and_indicators(
    justice_department, conclusion_text, office_user
):
    conclusion_input, directives = proposal_inputs(
        conclusion_propose(agency=justice_department, text=conclusion_text)
    )

    conclusion = conclusion_import(
        agency=justice_department,
        conclusion=conclusion_input,
        directives=directives,
        user=office_user,
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
        conclusion_input.source_text,
    )


def _stored(conclusion):
    fields = [f.name for f in Directive._meta.concrete_fields]
    rows = list(conclusion.directives.order_by("order").values(*fields))
    units = [sorted(d.units.values_list("pk", flat=True)) for d in conclusion.directives.all()]
    return rows, units


def test_a_directive_saved_again_as_it_reads_stays_unchanged(justice_department, conclusion_text):
    conclusion_input, directives = proposal_inputs(
        conclusion_propose(agency=justice_department, text=conclusion_text)
    )
    directives[0].manual_due_date = date(2023, 4, 14)
    conclusion = conclusion_import(
        agency=justice_department, conclusion=conclusion_input, directives=directives
    )
    before = _stored(conclusion)

    inputs = [directive_current_input(d) for d in conclusion.directives.all()]
    for directive in conclusion.directives.all():
        directive_update(directive=directive, data=directive_current_input(directive))

    assert [d.manual_due_date for d in inputs] == [date(2023, 4, 14), None, None, None, None]
    assert _stored(conclusion) == before


def _input(unit, **fields):
    data = {"text": "Rà soát các tiêu chí.", "units": [unit], "deadline_text": "sớm"}
    data.update(fields)
    return DirectiveInput(**data)


def test_import_sets_an_unreadable_deadline_by_hand(justice_department, unit_a):
    conclusion = conclusion_import(
        agency=justice_department,
        conclusion=ConclusionInput(number="9/TB-STP", issued_on=date(2023, 3, 2)),
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
            conclusion=ConclusionInput(number="45/TB-STP", issued_on=date(2023, 3, 2)),
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


def _stored_files(media):
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


@pytest.fixture
def signal_receiver():
    """Connect a receiver for the test only: it plays the other request or the failing disk."""
    connected = []

    def connect(signal, receiver):
        signal.connect(receiver, sender=Conclusion, weak=False)
        connected.append((signal, receiver))

    yield connect
    for signal, receiver in connected:
        signal.disconnect(receiver, sender=Conclusion)


def test_a_concurrent_import_of_the_same_number_is_refused_and_stores_no_file(
    justice_department, unit_a, media_in_tmp, signal_receiver
):
    def other_request(sender, instance, **kwargs):
        # Another import saves the same number after this one's check, before its insert.
        post_init.disconnect(other_request, sender=Conclusion)
        Conclusion.objects.bulk_create(
            [Conclusion(issuing_unit=justice_department, number="9/TB-STP", issued_on=date.today())]
        )

    signal_receiver(post_init, other_request)

    with pytest.raises(ConclusionImportError) as error:
        conclusion_import(
            agency=justice_department,
            conclusion=ConclusionInput(number="9/TB-STP", issued_on=date(2023, 3, 2)),
            directives=[_input(unit_a)],
            original_file=ContentFile(b"PK-word", name="9-TB-STP.docx"),
        )

    assert error.value.messages == ["Thông báo số 9/TB-STP của Sở Tư pháp đã được nhập trước đây."]
    assert Directive.objects.count() == 0
    assert _stored_files(media_in_tmp) == []


def test_a_failure_after_the_file_is_stored_removes_it(
    justice_department, unit_a, media_in_tmp, signal_receiver
):
    def failing_write(sender, instance, **kwargs):
        if instance.original_file:
            raise DatabaseError("disk full")

    signal_receiver(post_save, failing_write)

    with pytest.raises(DatabaseError):
        conclusion_import(
            agency=justice_department,
            conclusion=ConclusionInput(number="9/TB-STP", issued_on=date(2023, 3, 2)),
            directives=[_input(unit_a)],
            original_file=ContentFile(b"PK-word", name="9-TB-STP.docx"),
        )

    assert _counts() == (0, 0)
    assert _stored_files(media_in_tmp) == []


@pytest.fixture(scope="module")
def zip_bomb():
    """A real conclusion .docx carrying one more member that unpacks to 51 MB of zeros."""
    buffer = BytesIO()
    with (
        zipfile.ZipFile(
            BytesIO(conclusion_docx("Số: 1/TB-STP\n" * 6 + "Thứ nhất, rà soát."))
        ) as docx,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for member in docx.infolist():
            bomb.writestr(member, docx.read(member.filename))
        with bomb.open("word/media/padding.bin", "w") as padding:
            for _chunk in range(51):
                padding.write(bytes(1024 * 1024))
    return buffer.getvalue()


def test_a_docx_that_unpacks_too_large_is_refused_unread(zip_bomb):
    with pytest.raises(ConclusionError) as error:
        read_docx(zip_bomb, filename="tb.docx")

    assert len(zip_bomb) < 1024 * 1024
    assert error.value.messages == [
        "Tệp “tb.docx” khi giải nén lớn hơn 50 MB, quá lớn đối với một thông báo: "
        "hãy lưu lại thông báo không kèm hình ảnh lớn rồi tải lên."
    ]


def test_a_file_without_a_name_is_called_the_upload():
    with pytest.raises(ConclusionError) as error:
        read_docx(b"khong phai docx")

    assert error.value.messages == ["Tệp “tệp tải lên” không phải tệp Word .docx hợp lệ."]


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


def test_zip_bomb_upload_shows_a_message_and_keeps_nothing(office_client, zip_bomb, media_in_tmp):
    before = _counts()

    response = office_client.post(
        reverse("conclusions:import"), {"file": _upload("tb.docx", zip_bomb)}
    )

    assert response.templates[0].name == "conclusions/import/start.html"
    assert "Tệp “tb.docx” khi giải nén lớn hơn 50 MB" in response.text
    assert _counts() == before
    assert _stored_files(media_in_tmp) == []


@pytest.mark.parametrize(
    ("language", "header_note", "unit_note", "waiting_note"),
    [
        (
            "vi",
            "Không đọc được số thông báo (dòng “Số: …”).",
            "Nội dung chỉ đạo 2 (Thứ hai): không tìm thấy đơn vị “Phòng Kinh tế”.",
            "Nội dung chỉ đạo 2 (Thứ hai): được lưu ở trạng thái “Chờ giao đơn vị”; chưa tạo "
            "nhiệm vụ cho đến khi chọn đơn vị.",
        ),
        (
            "en",
            None,
            "Directive 2 (Thứ hai): unit “Phòng Kinh tế” not found.",
            "Directive 2 (Thứ hai): saved as “To be assigned”; no task is made until a unit "
            "is chosen.",
        ),
    ],
)
def test_review_shows_unit_problems_beside_their_directive_in_any_language(
    office_client, conclusion_text, settings, language, header_note, unit_note, waiting_note
):
    office_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = (
        conclusion_text.replace("Số: 45/TB-STP\n", "")
        .replace("Quyết định số 215/QĐ-UBND", "Quyết định")
        .replace("giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì")
    )

    response = office_client.post(reverse("conclusions:import"), {"text": text})

    notes = response.context["conclusion_form"].header_notes
    assert len(notes) == 1
    if header_note:
        assert notes == [header_note]
    assert [row["notes"] for row in response.context["rows"]] == [
        [],
        [unit_note, waiting_note],
        [],
        [],
        [],
    ]


def test_unknown_unit_is_reported_with_the_directive_number(office_client, conclusion_text):
    text = conclusion_text.replace(
        "giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì"
    )
    before = _counts()

    response = office_client.post(reverse("conclusions:import"), {"text": text})

    assert "Nội dung chỉ đạo 2 (Thứ hai): không tìm thấy đơn vị “Phòng Kinh tế”." in response.text
    assert _counts() == before


def test_confirm_keeps_the_directive_with_an_unknown_name_waiting_to_be_assigned(
    office_client, conclusion_text
):
    text = conclusion_text.replace(
        "giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì"
    )
    review = office_client.post(reverse("conclusions:import"), {"text": text})
    data = _form_data(review)

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    assert response.status_code == 302
    waiting = Directive.objects.get(order=2)
    assert (waiting.assignment, list(waiting.units.all())) == (Assignment.TO_ASSIGN, [])
    page = office_client.get(response.url)
    assert "1 nội dung chỉ đạo chờ giao đơn vị" in page.text
    assert page.context["directives"][1].assignment_count == 0


def test_confirm_without_units_and_marked_assigned_saves_nothing(office_client, conclusion_text):
    text = conclusion_text.replace(
        "giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì"
    )
    review = office_client.post(reverse("conclusions:import"), {"text": text})
    data = _form_data(review) | {"form-1-assignment": Assignment.ASSIGNED}
    before = _counts()

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    assert response.status_code == 200
    assert "Chọn ít nhất một đơn vị" in response.text
    assert _counts() == before


def test_review_then_confirm_saves_the_conclusion_with_the_docx(
    office_client, conclusion_text, media_in_tmp
):
    document = conclusion_docx(conclusion_text)
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


@pytest.fixture
def memory_storage(settings):
    """A storage that is not MEDIA_ROOT on disk, and whose files time-machine can age."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_held_upload_goes_through_the_storage(
    office_client, conclusion_text, memory_storage, media_in_tmp
):
    document = conclusion_docx(conclusion_text)
    review = office_client.post(
        reverse("conclusions:import"), {"file": _upload("45-TB-STP.docx", document)}
    )
    _dirs, held = default_storage.listdir("imports")

    response = office_client.post(reverse("conclusions:import_confirm"), _form_data(review))

    conclusion = Conclusion.objects.get()
    assert (len(held), response.status_code) == (1, 302)
    assert conclusion.original_file.read() == document
    assert default_storage.listdir("imports")[1] == []
    assert _stored_files(media_in_tmp) == []


def test_confirm_after_the_sweep_asks_for_the_file_again(
    office_client, conclusion_text, media_in_tmp
):
    review = office_client.post(
        reverse("conclusions:import"),
        {"file": _upload("45-TB-STP.docx", conclusion_docx(conclusion_text))},
    )
    for path in (media_in_tmp / "imports").iterdir():
        path.unlink()

    response = office_client.post(reverse("conclusions:import_confirm"), _form_data(review))

    assert response.status_code == 200
    assert "Tệp đã tải lên không còn trên máy chủ" in response.text
    assert _counts() == (0, 0)


def test_confirm_refuses_a_token_that_is_not_this_sessions_upload(office_client, conclusion_text):
    review = office_client.post(
        reverse("conclusions:import"),
        {"file": _upload("45-TB-STP.docx", conclusion_docx(conclusion_text))},
    )
    data = _form_data(review)
    data["upload_token"] = "../../etc/passwd"
    before = _counts()

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    assert "Tệp đã tải lên không còn trên máy chủ" in response.text
    assert _counts() == before


def test_confirming_twice_leads_to_the_conclusion_saved_the_first_time(
    office_client, conclusion_text
):
    review = office_client.post(
        reverse("conclusions:import"),
        {"file": _upload("45-TB-STP.docx", conclusion_docx(conclusion_text))},
    )
    data = _form_data(review)
    office_client.post(reverse("conclusions:import_confirm"), data)

    again = office_client.post(reverse("conclusions:import_confirm"), data, follow=True)

    conclusion = Conclusion.objects.get()
    assert again.redirect_chain == [(conclusion.get_absolute_url(), 302)]
    assert "Thông báo số 45/TB-STP ngày 02/03/2023 đã được lưu trước đó." in again.text
    assert "không còn trên máy chủ" not in again.text
    assert _counts() == (1, 5)


def test_pasted_conclusion_confirmed_twice_links_to_the_saved_one(office_client, conclusion_text):
    review = office_client.post(reverse("conclusions:import"), {"text": conclusion_text})
    data = _form_data(review)
    office_client.post(reverse("conclusions:import_confirm"), data)

    again = office_client.post(reverse("conclusions:import_confirm"), data)

    conclusion = Conclusion.objects.get()
    assert "đã được nhập trước đây" in again.text
    assert f'href="{conclusion.get_absolute_url()}"' in again.text
    assert _counts() == (1, 5)


# --- correcting the split on the review page: add and remove directives ---------


def test_review_adds_a_missed_directive_and_drops_a_wrong_one(
    office_client, conclusion_text, unit_b
):
    review = office_client.post(reverse("conclusions:import"), {"text": conclusion_text})
    data = _form_data(review)
    data["form-1-DELETE"] = "on"
    data["form-TOTAL_FORMS"] = "6"
    data |= {
        "form-5-text": "Phòng Phổ biến, giáo dục pháp luật tổng hợp ý kiến góp ý.",
        "form-5-units": [str(unit_b.pk)],
        "form-5-deadline_text": "trước ngày 30/6/2023",
    }

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    conclusion = Conclusion.objects.get()
    assert response.url == conclusion.get_absolute_url()
    rows = list(conclusion.directives.values_list("order", "label", "due_date"))
    assert rows == [
        (1, "Thứ nhất", date(2023, 3, 31)),
        (2, "Thứ ba", date(2023, 6, 30)),
        (3, "Thứ tư", date(2023, 12, 31)),
        (4, "Thứ năm", None),
        (5, "", date(2023, 6, 30)),
    ]
    added = conclusion.directives.get(order=5)
    assert added.text == "Phòng Phổ biến, giáo dục pháp luật tổng hợp ý kiến góp ý."
    assert (added.deadline_text, added.deadline_kind) == ("trước ngày 30/6/2023", DeadlineKind.DATE)
    assert list(added.units.all()) == [unit_b]


def test_an_added_directive_left_empty_is_not_saved(office_client, conclusion_text):
    review = office_client.post(reverse("conclusions:import"), {"text": conclusion_text})
    data = _form_data(review) | {"form-TOTAL_FORMS": "6"}

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    assert response.status_code == 302
    assert _counts() == (1, 5)


def test_an_added_directive_without_a_unit_is_refused(office_client, conclusion_text):
    review = office_client.post(reverse("conclusions:import"), {"text": conclusion_text})
    data = _form_data(review) | {"form-TOTAL_FORMS": "6", "form-5-text": "Rà soát quy chế."}

    response = office_client.post(reverse("conclusions:import_confirm"), data)

    assert response.status_code == 200
    assert "Chọn ít nhất một đơn vị" in response.text
    assert 'data-testid="review-directive-6"' in response.text
    assert _counts() == (0, 0)


def test_add_directive_gives_the_next_row_and_raises_the_form_count(office_client):
    response = office_client.get(
        reverse("conclusions:review_directive_add"), {"form-TOTAL_FORMS": "5"}
    )

    assert response.status_code == 200
    assert 'data-testid="review-directive-6"' in response.text
    assert 'name="form-5-text"' in response.text
    assert 'name="form-5-DELETE"' in response.text
    assert (
        '<input type="hidden" name="form-TOTAL_FORMS" value="6" id="id_form-TOTAL_FORMS" '
        'hx-swap-oob="true">' in response.text
    )


@pytest.mark.parametrize("count", ["", "x", "-1", "1000"])
def test_add_directive_refuses_a_bad_form_count(office_client, count):
    response = office_client.get(
        reverse("conclusions:review_directive_add"), {"form-TOTAL_FORMS": count}
    )

    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["unit_head", "leader"])
def test_add_directive_is_refused_to_who_cannot_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("conclusions:review_directive_add"), {"form-TOTAL_FORMS": "5"})

    assert response.status_code == 403


def _form_data(response):
    """What the browser would post back from the review page, unchanged."""
    conclusion_form = response.context["conclusion_form"]
    formset = response.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for name in conclusion_form.fields:
        value = conclusion_form.initial.get(name)
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


def test_the_original_file_downloads_under_its_uploaded_name(
    client, office_user, justice_department, unit_a, media_in_tmp
):
    saved = conclusion_import(
        agency=justice_department,
        conclusion=ConclusionInput(number="9/TB-STP", issued_on=date(2023, 3, 2)),
        directives=[_input(unit_a)],
        original_file=ContentFile(b"PK-word", name="Thông báo kết luận 9.docx"),
    )
    client.force_login(office_user)

    response = client.get(reverse("conclusions:file", args=[saved.pk]))

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Th%C3%B4ng%20b%C3%A1o%20k%E1%BA%BFt%20lu%E1%BA%ADn%209.docx"
    )
    assert b"".join(response.streaming_content) == b"PK-word"
