"""Demo PAR Index results: the Department of Justice 2021–2023 (2022 exactly as
published: 61.14 / 74.00, 16th of 18, down 4), the other departments' 2022
totals, the district Thanh Bình 2022 and its eleven communes, and targets the
Department registered for 2023 by letter 795/STP-VP.

Everything goes through the same services as a real import, so running it
twice changes nothing.
"""

from datetime import date
from decimal import Decimal

from tracker.models import CriteriaSet, Unit
from tracker.services.criteria_sets import criteria_set_copy, index_get_or_create
from tracker.services.results import PublishedResult, results_import
from tracker.services.results_import import ResultRow
from tracker.services.targets import targets_register

D = Decimal
INDEX = "PAR"

# Department set (max 74.00): area -> criteria (code, name, max, appraised 2021, 2022, 2023).
# The 2022 column adds up to the published areas: 5.75, 6.50, 13.00, 7.00,
# 11.50, 7.50, 7.23, 2.43 (60.91 in all; the decision printed 61.14).
DEPARTMENT_CRITERIA = [
    (
        "1",
        "Công tác chỉ đạo điều hành",
        [
            ("1.1", "Kế hoạch cải cách hành chính năm", "1.00", "1.00", "1.00", "1.00"),
            ("1.2", "Báo cáo cải cách hành chính định kỳ", "1.00", "1.00", "0.75", "1.00"),
            ("1.3", "Kiểm tra công tác cải cách hành chính", "1.00", "0.75", "0.75", "1.00"),
            ("1.4", "Công tác tuyên truyền cải cách hành chính", "1.00", "0.75", "0.75", "1.00"),
            (
                "1.5",
                "Sáng kiến, giải pháp mới trong cải cách hành chính",
                "1.50",
                "1.00",
                "1.50",
                "1.50",
            ),
            ("1.6", "Thực hiện nhiệm vụ UBND tỉnh giao", "1.00", "1.00", "1.00", "1.00"),
        ],
    ),
    (
        "2",
        "Cải cách thể chế",
        [
            (
                "2.1",
                "Xây dựng và ban hành văn bản quy phạm pháp luật",
                "2.00",
                "2.00",
                "2.00",
                "2.00",
            ),
            (
                "2.2",
                "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
                "1.50",
                "1.25",
                "1.50",
                "1.50",
            ),
            ("2.3", "Theo dõi thi hành pháp luật", "1.25", "1.00", "1.00", "1.25"),
            ("2.4", "Kiểm tra, xử lý văn bản quy phạm pháp luật", "2.00", "2.00", "2.00", "2.00"),
        ],
    ),
    (
        "3",
        "Cải cách thủ tục hành chính",
        [
            ("3.1", "Rà soát, đánh giá thủ tục hành chính", "2.00", "1.50", "1.50", "2.00"),
            ("3.2", "Công khai TTHC trên Cổng dịch vụ công", "2.50", "2.50", "2.50", "2.50"),
            ("3.3", "Thực hiện cơ chế một cửa, một cửa liên thông", "4.00", "3.50", "3.25", "3.75"),
            ("3.4", "Tỷ lệ hồ sơ giải quyết đúng hạn", "4.00", "3.50", "3.00", "3.50"),
            ("3.5", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", "2.25", "2.00", "1.75", "2.00"),
            ("3.6", "Số hóa hồ sơ, kết quả giải quyết TTHC", "2.00", "1.25", "1.00", "1.50"),
        ],
    ),
    (
        "4",
        "Cải cách tổ chức bộ máy hành chính",
        [
            ("4.1", "Sắp xếp, kiện toàn tổ chức bộ máy", "3.00", "3.00", "3.00", "3.00"),
            ("4.2", "Quản lý biên chế", "2.00", "2.00", "2.00", "2.00"),
            ("4.3", "Thực hiện phân cấp quản lý", "2.00", "1.50", "2.00", "2.00"),
        ],
    ),
    (
        "5",
        "Xây dựng và nâng cao chất lượng đội ngũ CBCCVC",
        [
            ("5.1", "Vị trí việc làm và cơ cấu ngạch công chức", "3.00", "3.00", "3.00", "3.00"),
            ("5.2", "Tuyển dụng, bổ nhiệm", "2.50", "2.50", "2.50", "2.50"),
            ("5.3", "Đào tạo, bồi dưỡng", "3.00", "2.50", "3.00", "3.00"),
            ("5.4", "Chấp hành kỷ luật, kỷ cương hành chính", "3.00", "3.00", "3.00", "3.00"),
        ],
    ),
    (
        "6",
        "Cải cách tài chính công",
        [
            ("6.1", "Quản lý, sử dụng ngân sách", "3.00", "3.00", "3.00", "3.00"),
            ("6.2", "Cơ chế tự chủ của đơn vị sự nghiệp công lập", "2.50", "2.25", "2.50", "2.50"),
            ("6.3", "Quản lý, sử dụng tài sản công", "2.00", "2.00", "2.00", "2.00"),
        ],
    ),
    (
        "7",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        [
            ("7.1", "Hạ tầng, nền tảng số", "2.00", "1.50", "1.50", "1.75"),
            ("7.2", "Cung cấp dịch vụ công trực tuyến toàn trình", "3.00", "1.75", "1.23", "2.25"),
            ("7.3", "Tỷ lệ hồ sơ TTHC xử lý trực tuyến", "3.00", "1.75", "1.50", "2.00"),
            ("7.4", "Gửi, nhận văn bản điện tử, sử dụng chữ ký số", "2.00", "1.75", "1.75", "2.00"),
            ("7.5", "Chuyển đổi số, dữ liệu số", "3.00", "1.00", "1.25", "1.75"),
        ],
    ),
    (
        "8",
        "Đo lường sự hài lòng của người dân, tổ chức",
        [
            ("8.1", "Mức độ hài lòng về giải quyết TTHC (SIPAS)", "3.00", "1.90", "1.46", "2.10"),
            (
                "8.2",
                "Đánh giá của đại biểu HĐND, lãnh đạo các cơ quan",
                "2.00",
                "1.12",
                "0.97",
                "1.45",
            ),
        ],
    ),
]
JUSTICE_YEARS = {
    2021: PublishedResult(
        total=D("61.52"),
        rank=12,
        rank_of=18,
        rank_change=None,
        published_on=date(2022, 4, 15),
        source_document="Quyết định số 812/QĐ-UBND ngày 15/4/2022 của UBND tỉnh Nam Sơn",
    ),
    2022: PublishedResult(
        total=D("61.14"),
        rank=16,
        rank_of=18,
        rank_change=-4,
        published_on=date(2023, 5, 16),
        source_document="Quyết định số 1035/QĐ-UBND ngày 16/5/2023 của UBND tỉnh Nam Sơn",
    ),
    2023: PublishedResult(
        total=D("67.80"),
        rank=9,
        rank_of=18,
        rank_change=7,
        published_on=date(2024, 5, 10),
        source_document="Quyết định số 968/QĐ-UBND ngày 10/5/2024 của UBND tỉnh Nam Sơn",
    ),
}
YEAR_COLUMN = {2021: 0, 2022: 1, 2023: 2}

# The other departments' published 2022 totals (STP: 61.14, 16th).
DEPARTMENT_TOTALS_2022 = [
    ("SNV", "68.45"),
    ("STC", "67.90"),
    ("SKHDT", "67.12"),
    ("SCT", "66.80"),
    ("SNNPTNT", "66.25"),
    ("SGTVT", "65.70"),
    ("SXD", "65.31"),
    ("STNMT", "64.88"),
    ("STTTT", "64.50"),
    ("SLDTBXH", "64.02"),
    ("SVHTTDL", "63.77"),
    ("SKHCN", "63.10"),
    ("SGDDT", "62.65"),
    ("SYT", "62.08"),
    ("TTR", "61.60"),
    ("VPUBND", "58.90"),
    ("BDT", "56.35"),
]
# How a peer's lost points spread over the eight areas (e-government loses most).
PEER_LOSS_SHARES = ["0.08", "0.04", "0.25", "0.04", "0.06", "0.03", "0.33", "0.17"]

# District set (max 75.00): code, name, max, appraised 2022 (64.24 in all).
DISTRICT_AREAS = [
    ("1", "Công tác chỉ đạo điều hành", "7.00", "6.25"),
    ("2", "Cải cách thể chế", "6.00", "5.50"),
    ("3", "Cải cách thủ tục hành chính", "16.00", "13.25"),
    ("4", "Cải cách tổ chức bộ máy hành chính", "7.00", "6.50"),
    ("5", "Xây dựng và nâng cao chất lượng đội ngũ CBCCVC", "9.00", "8.25"),
    ("6", "Cải cách tài chính công", "7.00", "6.50"),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "12.00", "8.49"),
    ("8", "Đo lường sự hài lòng của người dân, tổ chức", "11.00", "9.50"),
]
DISTRICT_2022 = PublishedResult(
    total=D("64.24"),
    rank=7,
    rank_of=10,
    rank_change=2,
    published_on=date(2023, 5, 16),
    source_document="Quyết định số 1035/QĐ-UBND ngày 16/5/2023 của UBND tỉnh Nam Sơn",
)

# Commune set (max 70.00) and each commune's 2022 area scores. Averages:
# 55.25 (78.92 %), best 60.09, worst 51.55; Cải cách thể chế 5.75/6.00,
# Cải cách tài chính công 7.45/8.00, Cải cách TTHC và cơ chế một cửa 17.30/21.00.
COMMUNE_AREAS = [
    ("1", "Công tác chỉ đạo điều hành", "7.00"),
    ("2", "Cải cách thể chế", "6.00"),
    ("3", "Cải cách TTHC và cơ chế một cửa", "21.00"),
    ("4", "Cải cách tổ chức bộ máy hành chính", "5.00"),
    ("5", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức", "8.00"),
    ("6", "Cải cách tài chính công", "8.00"),
    ("7", "Xây dựng chính quyền điện tử, chính quyền số", "8.00"),
    ("8", "Đo lường sự hài lòng của người dân, tổ chức", "7.00"),
]
COMMUNE_SCORES_2022 = {
    "TB-TT": ("5.75", "6.00", "20.00", "3.50", "6.00", "8.00", "6.25", "4.59"),
    "TB-AP": ("5.50", "5.75", "17.00", "3.25", "5.50", "7.50", "6.00", "4.60"),
    "TB-BM": ("4.75", "6.00", "19.25", "3.50", "6.00", "7.75", "5.50", "5.65"),
    "TB-DH": ("5.25", "5.25", "15.25", "3.00", "5.50", "7.25", "5.75", "4.30"),
    "TB-HL": ("5.25", "5.75", "18.00", "3.50", "6.25", "7.75", "5.25", "5.05"),
    "TB-HD": ("4.75", "6.00", "16.55", "3.50", "5.25", "7.25", "6.00", "4.40"),
    "TB-LS": ("5.00", "5.75", "16.00", "3.25", "6.00", "7.00", "5.00", "4.86"),
    "TB-NH": ("5.25", "5.75", "18.25", "3.75", "5.50", "7.50", "6.50", "4.75"),
    "TB-PX": ("4.75", "6.00", "17.75", "4.00", "5.25", "7.45", "5.75", "4.95"),
    "TB-TTI": ("4.50", "5.50", "15.50", "3.75", "5.00", "7.00", "5.50", "5.00"),
    "TB-YB": ("4.50", "5.50", "16.75", "3.50", "6.00", "7.50", "5.25", "5.35"),
}
COMMUNE_SOURCE = "Quyết định số 356/QĐ-UBND ngày 20/3/2023 của UBND huyện Thanh Bình"

# Targets the Department registered for 2023, by letter 795/STP-VP.
TARGET_LETTER = ("795/STP-VP", date(2023, 6, 12))
TARGETS_2023 = [
    ("3.3", "3.75"),
    ("3.4", "3.50"),
    ("3.6", "1.75"),
    ("7", "11.00"),
    ("7.2", "2.50"),
    ("7.3", "2.25"),
    ("7.5", "2.00"),
    ("8.1", "2.25"),
    ("8.2", "1.50"),
]


def _self_score(max_score: Decimal, appraised: Decimal) -> Decimal:
    """Units grade themselves higher than the council: full marks unless they
    clearly fell short, then half-way between the council's score and full."""
    lost = max_score - appraised
    return max_score if lost <= D("0.50") else appraised + (lost / 2).quantize(D("0.01"))


def justice_rows(year: int) -> list[ResultRow]:
    """The Department's result sheet for a year: areas and their criteria."""
    column = YEAR_COLUMN[year]
    rows = []
    for code, name, criteria in DEPARTMENT_CRITERIA:
        children = []
        for child_code, child_name, max_score, *appraised in criteria:
            max_score, score = D(max_score), D(appraised[column])
            children.append(
                ResultRow(child_code, child_name, max_score, _self_score(max_score, score), score)
            )
        rows.append(
            ResultRow(
                code,
                name,
                sum((row.max_score for row in children), D(0)),
                sum((row.self_score for row in children), D(0)),
                sum((row.appraised_score for row in children), D(0)),
            )
        )
        rows.extend(children)
    return rows


def _peer_rows(total: Decimal) -> list[ResultRow]:
    areas = [row for row in justice_rows(2022) if row.level == 1]
    lost = sum((row.max_score for row in areas), D(0)) - total
    shares = [(lost * D(share)).quantize(D("0.01")) for share in PEER_LOSS_SHARES]
    shares[-1] = lost - sum(shares[:-1], D(0))
    return [
        ResultRow(row.code, row.name, row.max_score, None, row.max_score - share)
        for row, share in zip(areas, shares, strict=True)
    ]


def _area_rows(areas, scores) -> list[ResultRow]:
    return [
        ResultRow(code, name, D(max_score), None, D(score))
        for (code, name, max_score), score in zip(areas, scores, strict=True)
    ]


def seed_assessments(units: dict[str, Unit]) -> None:
    index = index_get_or_create(code=INDEX)
    justice = units["STP"]
    for year in (2021, 2022):
        results_import(
            unit=justice,
            index_code=INDEX,
            year=year,
            rows=justice_rows(year),
            published=JUSTICE_YEARS[year],
        )
    # 2023's criteria were copied from 2022's, as the office does each year.
    source = CriteriaSet.objects.get(index=index, year=2022, audience=justice.kind)
    if not CriteriaSet.objects.filter(index=index, year=2023, audience=justice.kind).exists():
        criteria_set_copy(source=source, year=2023)
    results_import(
        unit=justice,
        index_code=INDEX,
        year=2023,
        rows=justice_rows(2023),
        published=JUSTICE_YEARS[2023],
    )

    ranked = sorted([*DEPARTMENT_TOTALS_2022, ("STP", "61.14")], key=lambda item: -D(item[1]))
    for rank, (code, total) in enumerate(ranked, start=1):
        if code == "STP":
            continue
        results_import(
            unit=units[code],
            index_code=INDEX,
            year=2022,
            rows=_peer_rows(D(total)),
            published=PublishedResult(
                total=D(total),
                rank=rank,
                rank_of=len(ranked),
                published_on=JUSTICE_YEARS[2022].published_on,
                source_document=JUSTICE_YEARS[2022].source_document,
            ),
        )

    results_import(
        unit=units["H-TB"],
        index_code=INDEX,
        year=2022,
        rows=_area_rows(
            [area[:3] for area in DISTRICT_AREAS], [area[3] for area in DISTRICT_AREAS]
        ),
        published=DISTRICT_2022,
    )
    communes = sorted(
        COMMUNE_SCORES_2022.items(), key=lambda item: -sum(D(score) for score in item[1])
    )
    for rank, (code, scores) in enumerate(communes, start=1):
        rows = _area_rows(COMMUNE_AREAS, scores)
        results_import(
            unit=units[code],
            index_code=INDEX,
            year=2022,
            rows=rows,
            published=PublishedResult(
                total=sum((row.appraised_score for row in rows), D(0)),
                rank=rank,
                rank_of=len(communes),
                published_on=date(2023, 3, 20),
                source_document=COMMUNE_SOURCE,
            ),
        )

    criteria_2023 = CriteriaSet.objects.get(index=index, year=2023, audience=justice.kind)
    ids = dict(criteria_2023.criteria.values_list("code", "pk"))
    number, day = TARGET_LETTER
    targets_register(
        unit=justice,
        criteria_set=criteria_2023,
        scores={ids[code]: D(score) for code, score in TARGETS_2023},
        letter_number=number,
        letter_date=day,
    )
