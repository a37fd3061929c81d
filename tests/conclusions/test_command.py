from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conclusions.models import Assignment, Conclusion, Directive
from tests.factories.conclusions import conclusion_docx


def _run(*args):
    out = StringIO()
    call_command("import_conclusion", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def conclusion_txt(tmp_path, conclusion_text):
    path = tmp_path / "45-TB-STP.txt"
    path.write_text(conclusion_text, encoding="utf-8")
    return path


def test_command_dry_run_prints_each_directive_and_saves_nothing(
    justice_department, conclusion_txt
):
    output = _run(str(conclusion_txt), "--unit", "STP", "--dry-run")

    assert "Thông báo số 45/TB-STP ngày 02/03/2023" in output
    assert "Thứ hai: giao Phòng Hành chính tư pháp chủ trì" in output
    assert "  Thời hạn: “xong trước tháng 5/2023” → Tháng: hạn 30/04/2023" in output
    assert "  Đơn vị: Phòng Phổ biến, giáo dục pháp luật, mọi phòng, đơn vị" in output
    assert "  Thời hạn: “từ 1-2 bài/tháng” → Hằng tháng, từ 01/03/2023 đến 31/12/2023" in output
    assert "Chạy thử (--dry-run): chưa lưu gì." in output
    assert Conclusion.objects.count() == 0


def test_command_names_the_commune_group_as_the_pages_do(
    justice_department, tmp_path, conclusion_text
):
    path = tmp_path / "45-TB-STP.txt"
    path.write_text(
        conclusion_text.replace("Thứ năm, giao Văn phòng Sở", "Thứ năm, UBND các xã, thị trấn"),
        encoding="utf-8",
    )

    output = _run(str(path), "--unit", "STP", "--dry-run")

    assert "  Đơn vị: mọi xã, phường, thị trấn" in output


def test_command_imports_a_docx_with_its_file(justice_department, tmp_path, conclusion_text):
    path = tmp_path / "45-TB-STP.docx"
    path.write_bytes(conclusion_docx(conclusion_text))

    output = _run(str(path), "--unit", "STP")

    conclusion = Conclusion.objects.get()
    assert f"Đã lưu {conclusion} (mã {conclusion.pk})." in output
    assert conclusion.directives.count() == 5
    assert conclusion.original_file.read() == path.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tb.docx", b"khong phai docx", "Tệp “tb.docx” không phải tệp Word .docx hợp lệ."),
        ("tb.pdf", b"%PDF", "Tệp “tb.pdf” không phải tệp Word .docx hoặc văn bản .txt."),
        ("tb.txt", b"  \n", "Văn bản trống"),
        ("tb.txt", "Không có ý kết luận nào.".encode(), "Không tìm thấy nội dung chỉ đạo nào"),
    ],
)
def test_command_refuses_bad_files(justice_department, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        _run(str(path), "--unit", "STP")

    assert (Conclusion.objects.count(), Directive.objects.count()) == (0, 0)


def test_command_saves_a_directive_with_an_unknown_unit_waiting_to_be_assigned(
    justice_department, tmp_path, conclusion_text
):
    path = tmp_path / "tb.txt"
    path.write_text(
        conclusion_text.replace(
            "giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì"
        )
    )

    output = _run(str(path), "--unit", "STP")

    assert "Lưu ý: Nội dung chỉ đạo 2 (Thứ hai): không tìm thấy đơn vị “Phòng Kinh tế”." in output
    assert "  Tình trạng: Chờ giao đơn vị" in output
    assert list(Directive.objects.order_by("order").values_list("assignment", flat=True)) == [
        Assignment.ASSIGNED,
        Assignment.TO_ASSIGN,
        Assignment.ASSIGNED,
        Assignment.ASSIGNED,
        Assignment.ASSIGNED,
    ]


def test_command_notes_an_outside_body_and_imports(justice_department, tmp_path, conclusion_text):
    path = tmp_path / "tb.txt"
    path.write_text(
        conclusion_text.replace(
            "tham mưu Giám đốc Sở ban hành Kế hoạch",
            "báo cáo Văn phòng UBND tỉnh; tham mưu Giám đốc Sở ban hành Kế hoạch",
        )
    )

    output = _run(str(path), "--unit", "STP")

    assert (
        "Lưu ý: Nội dung chỉ đạo 1 (Thứ nhất): không tìm thấy đơn vị “Văn phòng UBND tỉnh”."
        in output
    )
    first = Conclusion.objects.get().directives.get(order=1)
    assert list(first.units.values_list("code", flat=True)) == ["STP-VP"]


def test_command_prints_a_numbered_item_by_its_number(justice_department, tmp_path):
    path = tmp_path / "tb.txt"
    path.write_text(
        "Số: 7/TB-STP\nNgày 02 tháng 3 năm 2023\nGiám đốc Sở kết luận như sau:\n"
        "1) Văn phòng Sở rà soát quy chế, xong trước ngày 31/3/2023.\n"
        "2) Phòng Hành chính tư pháp cập nhật thủ tục hành chính trong quý II/2023.\n"
    )

    output = _run(str(path), "--unit", "STP")

    assert "\n1: Văn phòng Sở rà soát quy chế" in output
    labels = Conclusion.objects.get().directives.values_list("label", flat=True)
    assert list(labels) == ["1)", "2)"]


def test_command_refuses_an_unknown_agency_code(db, conclusion_txt):
    with pytest.raises(CommandError, match="Không có đơn vị mã “XYZ”."):
        _run(str(conclusion_txt), "--unit", "XYZ")


def test_command_refuses_a_conclusion_imported_before(justice_department, conclusion_txt):
    _run(str(conclusion_txt), "--unit", "STP")

    with pytest.raises(CommandError, match="Thông báo số 45/TB-STP của Sở Tư pháp đã được nhập"):
        _run(str(conclusion_txt), "--unit", "STP")

    assert Conclusion.objects.count() == 1


def test_command_dry_run_refuses_a_conclusion_imported_before(justice_department, conclusion_txt):
    _run(str(conclusion_txt), "--unit", "STP")

    with pytest.raises(CommandError, match="Thông báo số 45/TB-STP của Sở Tư pháp đã được nhập"):
        _run(str(conclusion_txt), "--unit", "STP", "--dry-run")

    assert Conclusion.objects.count() == 1
