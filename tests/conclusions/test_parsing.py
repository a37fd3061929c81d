import time
from datetime import date
from decimal import Decimal

import pytest

from conclusions.models import Assignment, Comparator, DeadlineKind, Recurrence
from conclusions.parsing import (
    ConclusionError,
    ProblemKind,
    propose_conclusion,
    read_docx,
    split_directives,
)
from conclusions.services import conclusion_propose
from tests.factories.conclusions import conclusion_docx, task_table_docx


def _summary(proposal):
    return [
        (
            d.label,
            sorted(unit.code for unit in d.units),
            d.every_office,
            d.every_commune,
            d.deadline.kind,
            d.deadline.due_date,
            d.supervisor.username if d.supervisor else None,
        )
        for d in proposal.directives
    ]


EXPECTED = [
    ("Thứ nhất", ["STP-VP"], False, False, DeadlineKind.DATE, date(2023, 3, 31), "giamdoc"),
    ("Thứ hai", ["STP-HCTP"], False, False, DeadlineKind.MONTH, date(2023, 4, 30), "phogiamdoc"),
    (
        "Thứ ba",
        ["STP-HCTP", "STP-TGPL"],
        False,
        False,
        DeadlineKind.QUARTER,
        date(2023, 6, 30),
        "phogiamdoc",
    ),
    ("Thứ tư", ["STP-PBGD"], True, False, DeadlineKind.RECURRING, date(2023, 12, 31), "giamdoc"),
    ("Thứ năm", ["STP-VP"], False, False, DeadlineKind.ONGOING, None, "giamdoc"),
]


def test_pasted_conclusion_gives_five_directives_with_units_and_deadlines(
    justice_department, conclusion_text
):
    proposal = propose_conclusion(conclusion_text, agency=justice_department)

    assert _summary(proposal) == EXPECTED
    assert [d.deadline.text for d in proposal.directives] == [
        "trước ngày 31/3/2023",
        "xong trước tháng 5/2023",
        "trong quý II/2023",
        "từ 1-2 bài/tháng",
        "thường xuyên",
    ]
    assert proposal.directives[3].deadline.recurrence == Recurrence.MONTHLY
    assert proposal.problems == []


def test_problems_say_what_they_are_about(justice_department, conclusion_text):
    text = (
        conclusion_text.replace("Số: 45/TB-STP\n", "")
        .replace("Quyết định số 215/QĐ-UBND", "Quyết định")
        .replace("giao Phòng Hành chính tư pháp chủ trì", "giao Phòng Kinh tế chủ trì")
    )

    proposal = propose_conclusion(text, agency=justice_department)

    # the header is the person's to fix; a directive unsure of its unit waits
    assert [(p.kind, p.message) for p in proposal.problems] == [
        (ProblemKind.NUMBER, "Không đọc được số thông báo (dòng “Số: …”)."),
    ]
    assert proposal.notes == [
        "Nội dung chỉ đạo 2 (Thứ hai): không tìm thấy đơn vị “Phòng Kinh tế”.",
        "Nội dung chỉ đạo 2 (Thứ hai): được lưu ở trạng thái “Chờ giao đơn vị”; chưa tạo nhiệm "
        "vụ cho đến khi chọn đơn vị.",
    ]
    assert [d.assignment for d in proposal.directives] == [
        Assignment.ASSIGNED,
        Assignment.TO_ASSIGN,
        Assignment.ASSIGNED,
        Assignment.ASSIGNED,
        Assignment.ASSIGNED,
    ]


def test_an_outside_body_beside_a_found_unit_is_a_note_not_a_problem(
    justice_department, conclusion_text
):
    text = conclusion_text.replace(
        "xong trước tháng 5/2023", "báo cáo kết quả về Văn phòng UBND tỉnh, xong trước tháng 5/2023"
    )

    proposal = propose_conclusion(text, agency=justice_department)

    assert proposal.problems == []
    assert proposal.notes == [
        "Nội dung chỉ đạo 2 (Thứ hai): không tìm thấy đơn vị “Văn phòng UBND tỉnh”."
    ]
    assert [unit.code for unit in proposal.directives[1].units] == ["STP-HCTP"]


def test_pasted_conclusion_header_fields(justice_department, conclusion_text):
    proposal = propose_conclusion(conclusion_text, agency=justice_department)

    assert (proposal.number, proposal.issued_on, proposal.signer, proposal.assessment_year) == (
        "45/TB-STP",
        date(2023, 3, 2),
        "Giám đốc Trần Quốc Hưng",
        2022,
    )
    assert proposal.meeting == (
        "Hội nghị đánh giá kết quả Chỉ số cải cách hành chính năm 2022 của Sở Tư pháp"
    )


def test_pasted_conclusion_recognises_the_indicators(justice_department, conclusion_text):
    proposal = propose_conclusion(conclusion_text, agency=justice_department)

    third, fourth = proposal.directives[2].indicator, proposal.directives[3].indicator
    assert (third.comparator, third.target, third.unit) == (Comparator.ABOVE, Decimal("60"), "%")
    assert third.phrase == "trên 60% tổng hồ sơ được số hóa"
    assert (fourth.target, fourth.unit) == (Decimal("1"), "bài/tháng")
    assert proposal.directives[0].indicator is None


def test_docx_conclusion_reads_header_table_and_paragraphs(justice_department, conclusion_text):
    text = read_docx(conclusion_docx(conclusion_text))

    proposal = propose_conclusion(text, agency=justice_department)

    assert text.startswith("UBND TỈNH NAM SƠN\nSỞ TƯ PHÁP\nSố: 45/TB-STP\nCỘNG HÒA")
    assert (proposal.number, proposal.issued_on) == ("45/TB-STP", date(2023, 3, 2))
    assert _summary(proposal) == EXPECTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Day khong phai tep Word", "Tệp “tb.docx” không phải tệp Word .docx hợp lệ."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "Tệp “tb.docx” là tệp Word cũ (.doc): mở bằng Word, lưu lại dạng .docx rồi tải lên.",
        ),
        (b"PK\x03\x04 broken zip", "Tệp “tb.docx” không phải tệp Word .docx hợp lệ."),
    ],
)
def test_read_docx_refuses_what_is_not_a_docx(data, message):
    with pytest.raises(ConclusionError) as error:
        read_docx(data, filename="tb.docx")

    assert error.value.messages == [message]


def test_empty_text_is_refused(justice_department):
    with pytest.raises(ConclusionError) as error:
        propose_conclusion("  \n\n ", agency=justice_department)

    assert error.value.messages == [
        "Văn bản trống: hãy tải lên tệp .docx hoặc dán nội dung thông báo."
    ]


def test_text_without_directives_is_refused(justice_department):
    with pytest.raises(ConclusionError) as error:
        propose_conclusion(
            "THÔNG BÁO\nKết luận của Giám đốc Sở.\nGIÁM ĐỐC", agency=justice_department
        )

    assert error.value.messages[0].startswith("Không tìm thấy nội dung chỉ đạo nào")


def test_numbered_directives_after_the_conclusion_cue():
    text = (
        "I. KẾT QUẢ\n1. Chỉ số CCHC năm 2022 đạt 61,14 điểm.\n2. Xếp thứ 16/18.\n"
        "Giám đốc Sở kết luận như sau:\n"
        "1. Giao Văn phòng Sở rà soát, hoàn thành trước ngày 31/3/2023.\n"
        "2. Giao Phòng Hành chính tư pháp công khai thủ tục hành chính,\n"
        "xong trước tháng 3/2023.\n"
        "3. Các phòng, đơn vị thực hiện thường xuyên.\n"
        "Trên đây là kết luận của Giám đốc Sở.\nNơi nhận:\n- Như trên;"
    )

    assert split_directives(text) == [
        ("1.", "Giao Văn phòng Sở rà soát, hoàn thành trước ngày 31/3/2023."),
        (
            "2.",
            "Giao Phòng Hành chính tư pháp công khai thủ tục hành chính,\nxong trước tháng 3/2023.",
        ),
        ("3.", "Các phòng, đơn vị thực hiện thường xuyên."),
    ]


def test_lettered_directives():
    text = (
        "Giám đốc Sở chỉ đạo như sau:\na) Văn phòng Sở rà soát các tiêu chí.\n"
        "b) Phòng Hành chính tư pháp cập nhật thủ tục.\nGIÁM ĐỐC\nTrần Quốc Hưng"
    )

    assert split_directives(text) == [
        ("a)", "Văn phòng Sở rà soát các tiêu chí."),
        ("b)", "Phòng Hành chính tư pháp cập nhật thủ tục."),
    ]


def test_mot_la_hai_la_directives():
    text = (
        "Giám đốc Sở kết luận:\nMột là, Văn phòng Sở rà soát các tiêu chí.\n"
        "Hai là, Phòng Hành chính tư pháp cập nhật thủ tục; Ba là: các phòng báo cáo."
    )

    assert split_directives(text) == [
        ("Một là", "Văn phòng Sở rà soát các tiêu chí."),
        ("Hai là", "Phòng Hành chính tư pháp cập nhật thủ tục;"),
        ("Ba là", "các phòng báo cáo."),
    ]


def test_word_auto_numbered_paragraphs_are_numbered_directives():
    from io import BytesIO

    from docx import Document

    document = Document()
    for line in ["SỞ TƯ PHÁP", "Số: 90/TB-STP", "Nam Sơn, ngày 10 tháng 5 năm 2024"]:
        document.add_paragraph(line)
    document.add_paragraph("Giám đốc Sở kết luận như sau:")
    document.add_paragraph("Văn phòng Sở tham mưu kế hoạch.", style="List Number")
    document.add_paragraph("Phòng Hành chính tư pháp công khai thủ tục.", style="List Number")
    document.add_paragraph("GIÁM ĐỐC")
    buffer = BytesIO()
    document.save(buffer)

    assert split_directives(read_docx(buffer.getvalue())) == [
        ("1.", "Văn phòng Sở tham mưu kế hoạch."),
        ("2.", "Phòng Hành chính tư pháp công khai thủ tục."),
    ]


def test_deadlines_are_read_against_the_conclusion_date(justice_department):
    text = (
        "SỞ TƯ PHÁP\nSố: 99/TB-STP\nNam Sơn, ngày 20 tháng 12 năm 2023\n"
        "Giám đốc Sở kết luận như sau:\n"
        "Thứ nhất, giao Văn phòng Sở rà soát, hoàn thành trong quý I.\n"
        "Thứ hai, giao Văn phòng Sở báo cáo, trước ngày 31/3.\n"
        "Thứ ba, giao Văn phòng Sở báo cáo hằng tháng.\n"
    )

    proposal = propose_conclusion(text, agency=justice_department)

    assert [
        (d.deadline.period_start, d.deadline.due_date, d.deadline.needs_review)
        for d in proposal.directives
    ] == [
        (date(2024, 1, 1), date(2024, 3, 31), True),
        (None, date(2024, 3, 31), True),
        (date(2023, 12, 1), date(2023, 12, 31), True),
    ]


def test_ordinals_out_of_sequence_are_text_not_directives():
    text = (
        "Thứ nhất, giao Văn phòng Sở rà soát; họp vào thứ hai hằng tuần.\n"
        "Thứ hai, giao Phòng Hành chính tư pháp cập nhật.\nThứ tư, các đơn vị tuyên truyền."
    )

    assert [label for label, _text in split_directives(text)] == ["Thứ nhất", "Thứ hai"]


def test_signer_under_delegation_is_the_deputy():
    text = (
        "Số: 12/TB-STP\nNam Sơn, ngày 5 tháng 4 năm 2023\n"
        "Thứ nhất, giao Văn phòng Sở rà soát.\nThứ hai, giao Văn phòng Sở báo cáo.\n"
        "Nơi nhận:\n- Như trên;\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nLê Thị Thu Hà"
    )
    from conclusions.parsing import read_header

    assert read_header(text)["signer"] == "Phó Giám đốc Lê Thị Thu Hà"


def test_a_table_of_tasks_gives_a_directive_per_row(justice_department):
    document = task_table_docx(
        [
            "SỞ TƯ PHÁP",
            "Số: 60/TB-STP",
            "Nam Sơn, ngày 02 tháng 3 năm 2023",
            "THÔNG BÁO",
            "Giám đốc Sở kết luận như sau:",
        ],
        ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
        [
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["I. Cải cách thủ tục hành chính"],
            [
                "1",
                "Rà soát các tiêu chí bị trừ điểm, báo cáo trước ngày 15/3/2023",
                "Văn phòng Sở",
                "Các phòng, đơn vị",
                "Trước ngày 31/3/2023",
            ],
            [
                "2",
                "Công khai đầy đủ thủ tục hành chính",
                "Phòng Hành chính tư pháp, Trung tâm Trợ giúp pháp lý nhà nước",
                "Văn phòng Sở",
                "Quý II/2023",
            ],
            ["II. Tuyên truyền"],
            ["1", "Đăng tin, bài về cải cách hành chính", "Các phòng, đơn vị thuộc Sở", "", ""],
        ],
    )

    proposal = conclusion_propose(agency=justice_department, data=document, filename="tb.docx")

    assert proposal.number == "60/TB-STP"
    assert [
        (
            d.label,
            d.text.split("\n")[0],
            sorted(unit.code for unit in d.units),
            d.every_office,
            d.deadline.text,
            d.deadline.due_date,
        )
        for d in proposal.directives
    ] == [
        (
            "1.",
            "Rà soát các tiêu chí bị trừ điểm, báo cáo trước ngày 15/3/2023",
            ["STP-VP"],
            False,
            "Trước ngày 31/3/2023",
            date(2023, 3, 31),
        ),
        (
            "2.",
            "Công khai đầy đủ thủ tục hành chính",
            ["STP-HCTP", "STP-TGPL"],
            False,
            "Quý II/2023",
            date(2023, 6, 30),
        ),
        ("3.", "Đăng tin, bài về cải cách hành chính", [], True, "", None),
    ]
    assert proposal.problems == []


# --- notices as offices receive them -----------------------------------------------

SECTIONED = (
    "SỞ TƯ PHÁP\nSố: 12/TB-STP\nNam Sơn, ngày 15 tháng 01 năm 2023\nTHÔNG BÁO\n"
    "Kết luận của Giám đốc Sở tại Hội nghị đánh giá kết quả Chỉ số CCHC năm 2022\n"
    "I. ĐÁNH GIÁ CHUNG\n"
    "1. Năm 2022, Sở đã triển khai nhiều giải pháp nâng cao Chỉ số.\n"
    "2. Một số nhiệm vụ chưa hoàn thành đúng hạn.\n"
    "II. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI\n"
    "1. Giao Văn phòng Sở rà soát các tiêu chí bị trừ điểm, hoàn thành trước ngày 31/3/2023.\n"
    "2. Giao Phòng Hành chính tư pháp đề xuất giải pháp, nhiệm vụ cụ thể, "
    "xong trước tháng 5/2023.\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "1. Các phòng, đơn vị thuộc Sở thực hiện thường xuyên.\n"
    "Văn phòng Sở trân trọng thông báo./.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nLê Thị Thu Hà"
)


def test_sections_restart_their_numbering_and_assessments_are_not_directives():
    directives = split_directives(SECTIONED)

    assert directives == [
        (
            "II.1",
            "Giao Văn phòng Sở rà soát các tiêu chí bị trừ điểm, hoàn thành trước ngày 31/3/2023.",
        ),
        (
            "II.2",
            "Giao Phòng Hành chính tư pháp đề xuất giải pháp, nhiệm vụ cụ thể, xong trước "
            "tháng 5/2023.",
        ),
        ("III.1", "Các phòng, đơn vị thuộc Sở thực hiện thường xuyên."),
    ]


def test_a_sectioned_docx_notice_reads_its_header_signer_and_directives(justice_department):
    from tests.factories.conclusions import conclusion_docx

    data = conclusion_docx(
        "SỞ TƯ PHÁP\nSố: 12/TB-STP\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Nam Sơn, ngày 15 tháng 01 năm 2023\n" + SECTIONED.split("\n", 3)[3]
    )

    proposal = conclusion_propose(agency=justice_department, data=data, filename="tb.docx")

    assert (proposal.number, proposal.issued_on, proposal.signer) == (
        "12/TB-STP",
        date(2023, 1, 15),
        "Phó Giám đốc Lê Thị Thu Hà",
    )
    assert [
        (d.label, sorted(u.code for u in d.units), d.every_office, d.deadline.kind)
        for d in proposal.directives
    ] == [
        ("II.1", ["STP-VP"], False, DeadlineKind.DATE),
        ("II.2", ["STP-HCTP"], False, DeadlineKind.MONTH),
        ("III.1", [], True, DeadlineKind.ONGOING),
    ]
    assert proposal.problems == [] and proposal.warnings == []


def test_sub_items_of_a_directive_section_are_directives_with_the_lead_s_units(
    justice_department,
):
    text = (
        "Số: 14/TB-STP\nNam Sơn, ngày 15 tháng 01 năm 2023\n"
        "I. KẾT QUẢ\n1. Đạt 61,14 điểm.\n"
        "II. NHIỆM VỤ TRỌNG TÂM\n"
        "1. Giao Văn phòng Sở:\n"
        "a) Rà soát các tiêu chí bị trừ điểm, xong trước ngày 31/3/2023.\n"
        "b) Phòng Hành chính tư pháp công khai thủ tục, trong quý II/2023.\n"
        "2. Các phòng, đơn vị tuyên truyền thường xuyên.\n"
        "Nơi nhận:\n- Như trên;"
    )

    proposal = propose_conclusion(text, agency=justice_department)

    assert [
        (d.label, d.text, sorted(u.code for u in d.units), d.every_office)
        for d in proposal.directives
    ] == [
        (
            "II.1.a",
            "Rà soát các tiêu chí bị trừ điểm, xong trước ngày 31/3/2023.",
            ["STP-VP"],
            False,
        ),
        (
            "II.1.b",
            "Phòng Hành chính tư pháp công khai thủ tục, trong quý II/2023.",
            ["STP-HCTP"],
            False,
        ),
        ("II.2", "Các phòng, đơn vị tuyên truyền thường xuyên.", [], True),
    ]


def test_words_inside_an_item_are_not_the_cue():
    text = (
        "Số: 3/TB-STP\n"
        "1. Văn phòng Sở tham mưu các giải pháp nâng cao Chỉ số.\n"
        "2. Phòng Hành chính tư pháp thực hiện nhiệm vụ được giao.\n"
        "3. Các phòng, đơn vị tuyên truyền.\n"
        "Nơi nhận:\n- Như trên;"
    )

    assert [label for label, _body in split_directives(text)] == ["1.", "2.", "3."]


def test_numbered_items_before_the_cue_are_flagged_not_dropped_silently():
    from conclusions.parsing import read_structure

    text = (
        "1. Giao Văn phòng Sở rà soát.\n2. Giao Phòng Hành chính tư pháp công khai.\n"
        "Giám đốc Sở kết luận như sau:\n"
        "1. Các phòng, đơn vị thực hiện.\n2. Văn phòng Sở tổng hợp.\n"
    )

    structure = read_structure(text)

    assert [label for label, _body in structure.directives] == ["1.", "2."]
    assert structure.warnings == [
        "Có các ý đánh số 1., 2. … đứng trước câu “kết luận như sau”: các ý này không được "
        "đọc là nội dung chỉ đạo. Nếu đó là nội dung chỉ đạo, hãy thêm chúng."
    ]


def test_a_section_neither_assessment_nor_directives_is_flagged():
    from conclusions.parsing import read_structure

    text = (
        "I. THÀNH PHẦN\n1. Giám đốc Sở.\n"
        "II. ĐIỀU CẦN LƯU Ý\n1. Văn phòng Sở rà soát.\n"
        "III. NHIỆM VỤ\n1. Phòng Hành chính tư pháp công khai thủ tục.\n"
    )

    structure = read_structure(text)

    assert structure.directives == [("III.1", "Phòng Hành chính tư pháp công khai thủ tục.")]
    assert structure.warnings == [
        "Mục “II. ĐIỀU CẦN LƯU Ý”: không rõ là phần đánh giá hay phần chỉ đạo, nên chưa "
        "đọc là nội dung chỉ đạo. Nếu có nội dung chỉ đạo, hãy thêm."
    ]


def _docx(blocks) -> bytes:
    """A Word file of paragraphs (str) and tables (list of rows)."""
    from io import BytesIO

    from docx import Document

    document = Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for row, values in zip(table.rows, block, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_task_table_inside_a_directive_gives_a_directive_per_row(justice_department):
    data = _docx(
        [
            [["SỞ TƯ PHÁP\nSố: 20/TB-STP", "Nam Sơn, ngày 02 tháng 3 năm 2023"]],
            "Giám đốc Sở kết luận như sau:",
            "1. Giao Văn phòng Sở rà soát các tiêu chí, hoàn thành trước ngày 31/3/2023.",
            "2. Giao các phòng, đơn vị thực hiện các nhiệm vụ như bảng sau:",
            [
                ["STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"],
                ["1", "Công khai thủ tục hành chính", "Phòng Hành chính tư pháp", "Quý II/2023"],
                ["2", "Tuyên truyền pháp luật", "Phòng Phổ biến, giáo dục pháp luật", "hằng tháng"],
            ],
            "3. Văn phòng Sở theo dõi, tổng hợp thường xuyên.",
            "Văn phòng Sở trân trọng thông báo./.",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
        ]
    )

    proposal = conclusion_propose(agency=justice_department, data=data, filename="tb.docx")

    assert proposal.number == "20/TB-STP"
    assert [
        (d.label, d.text.split("\n")[0], sorted(u.code for u in d.units), d.deadline.text)
        for d in proposal.directives
    ] == [
        (
            "1.",
            "Giao Văn phòng Sở rà soát các tiêu chí, hoàn thành trước ngày 31/3/2023.",
            ["STP-VP"],
            "trước ngày 31/3/2023",
        ),
        ("2.1", "Công khai thủ tục hành chính", ["STP-HCTP"], "Quý II/2023"),
        ("2.2", "Tuyên truyền pháp luật", ["STP-PBGD"], "hằng tháng"),
        ("3.", "Văn phòng Sở theo dõi, tổng hợp thường xuyên.", ["STP-VP"], "thường xuyên"),
    ]


@pytest.mark.parametrize(
    ("head", "number", "issued_on"),
    [
        ("Số: 12/TB-UBND, ngày 15/01/2023", "12/TB-UBND", date(2023, 1, 15)),
        ("Số: 220/CĐ-TTg\nHà Nội, ngày 05 tháng 3 năm 2023", "220/CĐ-TTg", date(2023, 3, 5)),
        ("Số:45/TB-VPCP\nHà Nội, ngày 5 tháng 4 năm 2023", "45/TB-VPCP", date(2023, 4, 5)),
    ],
)
def test_header_number_and_date_as_written(head, number, issued_on):
    from conclusions.parsing import read_header

    header = read_header(f"UBND HUYỆN THANH BÌNH\n{head}\nTHÔNG BÁO\n1. Giao Phòng Nội vụ.")

    assert (header["number"], header["issued_on"]) == (number, issued_on)


def test_header_table_number_in_its_own_cell_is_read(justice_department):
    data = _docx(
        [
            [
                ["UBND TỈNH NAM SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["SỞ TƯ PHÁP", "Độc lập - Tự do - Hạnh phúc"],
                ["Số: 7/TB-STP", "Nam Sơn, ngày 9 tháng 2 năm 2023"],
            ],
            "Thứ nhất, giao Văn phòng Sở rà soát.",
            "Thứ hai, giao Phòng Hành chính tư pháp công khai thủ tục.",
        ]
    )

    proposal = conclusion_propose(agency=justice_department, data=data, filename="tb.docx")

    assert (proposal.number, proposal.issued_on) == ("7/TB-STP", date(2023, 2, 9))


@pytest.mark.parametrize(
    ("block", "signer"),
    [
        ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nLê Thị Thu Hà", "Phó Giám đốc Lê Thị Thu Hà"),
        ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nNguyễn Văn An", "Chủ tịch Nguyễn Văn An"),
        ("KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nTrần Văn Bình", "Phó Chủ nhiệm Trần Văn Bình"),
    ],
)
def test_signer_blocks_are_read_and_end_the_directives(block, signer):
    from conclusions.parsing import read_header

    text = (
        "Số: 12/TB-STP\nNam Sơn, ngày 5 tháng 4 năm 2023\n"
        "Thứ nhất, giao Văn phòng Sở rà soát.\nThứ hai, giao Văn phòng Sở báo cáo.\n" + block
    )

    assert read_header(text)["signer"] == signer
    assert split_directives(text)[-1] == ("Thứ hai", "giao Văn phòng Sở báo cáo.")


def test_directives_to_everyone_a_level_the_leadership_or_nobody(justice_department):
    text = (
        "Số: 30/TB-STP\nNam Sơn, ngày 02 tháng 3 năm 2023\nGiám đốc Sở kết luận như sau:\n"
        "1. Các đơn vị thực hiện nghiêm Kế hoạch, trong quý II/2023.\n"
        "2. UBND cấp huyện rà soát thủ tục hành chính.\n"
        "3. Các đồng chí Lãnh đạo Sở theo dõi, chỉ đạo.\n"
        "4. Tiếp tục đẩy mạnh cải cách hành chính.\n"
        "5. Kiến nghị các Bộ, cơ quan liên quan sửa đổi quy định.\n"
        "Nơi nhận:\n- Như trên;"
    )

    proposal = propose_conclusion(text, agency=justice_department)

    assert [(d.every_office, d.assignment) for d in proposal.directives] == [
        (True, Assignment.ASSIGNED),
        (False, Assignment.TO_ASSIGN),
        (False, Assignment.TO_ASSIGN),
        (False, Assignment.TO_ASSIGN),
        (False, Assignment.TO_ASSIGN),
    ]
    # nothing refuses the notice; every waiting directive says why
    assert proposal.problems == []
    assert proposal.notes[0] == (
        "Nội dung chỉ đạo 2 (2.): giao “cấp huyện”, cơ quan ban hành không có đơn vị cấp này."
    )
    assert (
        "Nội dung chỉ đạo 3 (3.): giao lãnh đạo cơ quan; nếu chỉ để biết, chọn “Để biết, "
        "không giao nhiệm vụ”." in proposal.notes
    )
    assert "Nội dung chỉ đạo 4 (4.): không nêu đơn vị được giao." in proposal.notes


def test_structure_readers_cannot_be_stalled():
    import time

    from conclusions.parsing import read_header, read_structure

    for text in (
        "1" * 200_000,
        "1. a\n" * 40_000,
        "I. A\n" * 40_000,
        " " * 200_000,
        "nhiệm vụ " * 20_000,
        "Số: 1/" + "a" * 200_000,
    ):
        started = time.process_time()
        read_structure(text)
        read_header(text)
        # a safety bound, not a performance claim
        assert time.process_time() - started < 2


def test_text_far_longer_than_a_notice_is_refused_at_once(justice_department):
    started = time.process_time()
    with pytest.raises(ConclusionError) as error:
        propose_conclusion("Thứ nhất, giao Văn phòng Sở. " * 20_000, agency=justice_department)

    assert error.value.messages == [
        "Văn bản dài hơn 300.000 ký tự, quá dài đối với một thông báo: hãy kiểm tra lại nội dung."
    ]
    # a safety bound, not a performance claim
    assert time.process_time() - started < 2


def test_a_task_table_of_too_many_rows_is_refused():
    from io import BytesIO

    from docx import Document

    document = Document()
    table = document.add_table(rows=2_002, cols=3)
    for cell, heading in zip(table.rows[0].cells, ["STT", "Nội dung", "Thời hạn"], strict=True):
        cell.text = heading
    buffer = BytesIO()
    document.save(buffer)

    with pytest.raises(ConclusionError) as error:
        read_docx(buffer.getvalue())

    assert error.value.messages == [
        "Bảng trong tệp có hơn 2.000 dòng, quá nhiều đối với một thông báo: hãy kiểm tra lại tệp."
    ]
