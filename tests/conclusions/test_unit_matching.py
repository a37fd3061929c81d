import time

import pytest

from conclusions.unit_matching import UnitMatcher
from tests.factories.org import UnitFactory
from tracker.models import UnitKind


@pytest.fixture
def district(db):
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    for code, name, short in [
        ("TB-VP", "Văn phòng HĐND và UBND huyện", "Văn phòng"),
        ("TB-NV", "Phòng Nội vụ", ""),
        ("TB-VHTT", "Phòng Văn hóa và Thông tin", "Phòng VH-TT"),
        ("TB-GDDT", "Phòng Giáo dục và Đào tạo", ""),
        ("TB-TCKH", "Phòng Tài chính - Kế hoạch", ""),
    ]:
        UnitFactory(code=code, name=name, short_name=short, kind=UnitKind.OFFICE, parent=district)
    for code, name in [("TB-TT", "Thị trấn Thanh Bình"), ("TB-AP", "Xã An Phú")]:
        UnitFactory(code=code, name=name, kind=UnitKind.COMMUNE, parent=district)
    return district


def _codes(match):
    return sorted(unit.code for unit in match.units)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("giao Phòng Văn hóa chủ trì", ["TB-VHTT"]),
        ("giao Phòng Văn hóa - Thông tin", ["TB-VHTT"]),
        ("giao Phòng VH-TT", ["TB-VHTT"]),
        ("giao Phòng GD-ĐT", ["TB-GDDT"]),
        ("giao Phòng GD&ĐT", ["TB-GDDT"]),
        ("giao Phòng GDĐT", ["TB-GDDT"]),
        ("giao Phòng Giáo dục và Đào tạo", ["TB-GDDT"]),
        ("giao phong giao duc va dao tao", ["TB-GDDT"]),
        ("giao Văn phòng tham mưu", ["TB-VP"]),
        ("giao Văn phòng HĐND và UBND huyện tham mưu", ["TB-VP"]),
        ("giao Phòng Tài chính - Kế hoạch, Phòng TC-KH", ["TB-TCKH"]),
        ("giao Phòng NV", ["TB-NV"]),
        ("giao UBND xã An Phú và Thị trấn Thanh Bình", ["TB-AP", "TB-TT"]),
    ],
)
def test_units_found_by_name_short_name_and_abbreviation(district, text, codes):
    match = UnitMatcher(district).match(text)

    assert (_codes(match), match.problems) == (codes, ())


def test_design_example_gives_two_offices_and_every_commune(district):
    match = UnitMatcher(district).match(
        "Giao Phòng Văn hóa, Phòng GD-ĐT và mỗi xã, thị trấn bảo đảm cấp xã trên 60 % hồ sơ "
        "được số hóa."
    )

    assert (_codes(match), match.every_commune, match.every_office) == (
        ["TB-GDDT", "TB-VHTT"],
        True,
        False,
    )


@pytest.mark.parametrize(
    ("text", "every_office", "every_commune"),
    [
        ("các phòng, đơn vị thuộc UBND huyện tăng cường tuyên truyền", True, False),
        ("mỗi đơn vị có từ 1-2 bài/tháng", True, False),
        ("các phòng chuyên môn rà soát", True, False),
        ("UBND các xã, thị trấn rà soát", False, True),
        ("các xã, phường, thị trấn số hóa hồ sơ", False, True),
        ("Văn phòng chủ trì, phối hợp với các phòng, đơn vị rà soát", False, False),
        ("Văn phòng theo dõi, đôn đốc các phòng, đơn vị thực hiện", False, False),
        ("phối hợp với các đơn vị liên quan", False, False),
        ("Các phòng, đơn vị có liên quan tăng cường tuyên truyền", False, False),
        ("các phòng, ban liên quan phối hợp", False, False),
        ("các phòng chuyên môn liên quan rà soát", False, False),
        ("Văn phòng theo dõi, đôn đốc UBND các xã, thị trấn thực hiện", False, False),
    ],
)
def test_every_office_and_every_commune(district, text, every_office, every_commune):
    match = UnitMatcher(district).match(text)

    assert (match.every_office, match.every_commune) == (every_office, every_commune)


def test_units_listed_after_phoi_hop_support_and_are_not_given_it(district):
    match = UnitMatcher(district).match(
        "giao Phòng Nội vụ chủ trì, phối hợp với Phòng Văn hóa và Thông tin, Phòng GD-ĐT "
        "và Phòng Kinh tế và Hạ tầng rà soát"
    )

    assert (_codes(match), match.problems) == (["TB-NV"], ())


def test_unknown_unit_is_reported_by_name(district):
    match = UnitMatcher(district).match("giao Phòng Kinh tế và Hạ tầng, Phòng Nội vụ thực hiện")

    assert _codes(match) == ["TB-NV"]
    assert [(p.name, p.candidates) for p in match.problems] == [("Phòng Kinh tế và Hạ tầng", ())]
    assert match.problems[0].message("Nội dung chỉ đạo 2 (Thứ hai)") == (
        "Nội dung chỉ đạo 2 (Thứ hai): không tìm thấy đơn vị “Phòng Kinh tế và Hạ tầng”."
    )


def test_other_bodies_are_not_taken_for_the_agency_units(district):
    match = UnitMatcher(district).match("báo cáo Văn phòng UBND tỉnh")

    assert _codes(match) == []
    assert [p.name for p in match.problems] == ["Văn phòng UBND tỉnh"]


def test_name_shared_by_two_units_is_ambiguous(district):
    UnitFactory(
        code="TB-VHTTDL",
        name="Phòng Văn hóa, Thể thao",
        kind=UnitKind.OFFICE,
        parent=district,
    )

    match = UnitMatcher(district).match("giao Phòng Văn hóa thực hiện")

    assert _codes(match) == []
    assert [(p.name, sorted(u.code for u in p.candidates)) for p in match.problems] == [
        ("Phòng Văn hóa", ["TB-VHTT", "TB-VHTTDL"])
    ]
    assert match.problems[0].message("Nội dung chỉ đạo 1 (Thứ nhất)") == (
        "Nội dung chỉ đạo 1 (Thứ nhất): “Phòng Văn hóa” khớp với nhiều đơn vị "
        "(Phòng Văn hóa và Thông tin, Phòng Văn hóa, Thể thao)."
    )


@pytest.mark.parametrize(
    "text",
    [
        "giao Phòng Văn hóa, Phòng GD-ĐT và mỗi xã, thị trấn thực hiện, mỗi đơn vị có từ "
        "1-2 bài/tháng",
        "giao Phòng Văn hóa và Thông tin, Phòng Giáo dục và Đào tạo, mỗi đơn vị đăng ít nhất "
        "02 tin, bài/tháng",
    ],
)
def test_moi_don_vi_after_named_units_means_each_of_them(district, text):
    match = UnitMatcher(district).match(text)

    assert (_codes(match), match.every_office) == (["TB-GDDT", "TB-VHTT"], False)


def test_moi_don_vi_in_a_later_sentence_is_every_office(district):
    match = UnitMatcher(district).match("Giao Phòng Nội vụ tổng hợp. Mỗi đơn vị đăng 02 bài/tháng")

    assert (_codes(match), match.every_office) == (["TB-NV"], True)


def test_units_in_charge_beside_phong_ban_lien_quan(district):
    match = UnitMatcher(district).match(
        "Thứ nhất, giao Văn phòng chủ trì, các phòng, ban liên quan phối hợp rà soát"
    )

    assert (_codes(match), match.every_office) == (["TB-VP"], False)


def test_units_followed_up_through_ubnd_are_not_given_it(district):
    match = UnitMatcher(district).match(
        "giao Văn phòng HĐND và UBND huyện thường xuyên theo dõi, đôn đốc các phòng, ban "
        "chuyên môn và UBND các xã, thị trấn thực hiện"
    )

    assert (_codes(match), match.every_office, match.every_commune) == (["TB-VP"], False, False)


def test_unknown_unit_name_is_reported_whole(district):
    match = UnitMatcher(district).match(
        "giao Phòng Quản lý xử lý vi phạm hành chính chủ trì thực hiện"
    )

    assert [p.name for p in match.problems] == ["Phòng Quản lý xử lý vi phạm hành chính"]


@pytest.fixture
def province(db):
    province = UnitFactory(code="T-NS", name="UBND tỉnh Nam Sơn", kind=UnitKind.PROVINCE)
    for code, name in [("SXD", "Sở Xây dựng"), ("SNV", "Sở Nội vụ")]:
        UnitFactory(code=code, name=name, kind=UnitKind.DEPARTMENT, parent=province)
    return province


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # "số" (digital) folds like "Sở": the words as written decide
        ("Đẩy mạnh chuyển đổi số, xây dựng chính quyền số.", []),
        ("Giao Sở Xây dựng chủ trì.", ["SXD"]),
        ("giao so xay dung chu tri", ["SXD"]),
        ("Giao SỞ XÂY DỰNG chủ trì.", ["SXD"]),
    ],
)
def test_aliases_match_with_their_diacritics_first(province, text, codes):
    assert _codes(UnitMatcher(province).match(text)) == codes


@pytest.mark.parametrize(
    "text",
    [
        "Đề nghị các đơn vị sự nghiệp công lập thực hiện.",
        "Kiến nghị các Bộ, cơ quan liên quan sửa đổi quy định.",
        "Phối hợp với các cơ quan của tỉnh.",
    ],
)
def test_outside_bodies_are_not_every_office(district, text):
    match = UnitMatcher(district).match(text)

    assert (_codes(match), match.every_office) == ([], False)


def test_levels_and_the_leadership_are_recognised(district):
    communes = UnitMatcher(district).match("UBND cấp xã rà soát thủ tục.")
    district_level = UnitMatcher(district).match("UBND cấp huyện rà soát.")
    leaders = UnitMatcher(district).match("Các đồng chí Lãnh đạo UBND huyện chỉ đạo.")

    assert (communes.every_commune, communes.levels) == (True, ())
    assert (district_level.every_office, district_level.levels) == (False, ("cấp huyện",))
    assert leaders.leadership is True


@pytest.mark.parametrize(
    "text",
    [
        "1" * 200_000,
        " " * 200_000,
        "Phòng " + "Aa " * 60_000,
        "các phòng, ban" * 10_000,
        # the gap between two units, once quadratic (20,000 spaces took 15 s)
        "phối hợp với Phòng Nội vụ và" + " " * 200_000 + "x Phòng Văn hóa",
        "phối hợp với Phòng Nội vụ" + " và ," * 40_000 + "x Phòng Văn hóa",
        # every head word starting a name that runs to the end, once quadratic
        "Phòng " * 30_000,
        "Phòng Nội vụ " * 15_000,
    ],
    ids=[
        "digits",
        "spaces",
        "a long capitalised name",
        "a long list",
        "a long gap",
        "a long list gap",
        "head words",
        "known names",
    ],
)
def test_unit_matching_cannot_be_stalled(district, text):
    matcher = UnitMatcher(district)
    started = time.perf_counter()

    matcher.match(text)

    # a safety bound, not a performance claim
    assert time.perf_counter() - started < 2
