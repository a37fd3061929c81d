"""Demo organisation: a provincial Department of Justice with its offices,
the other departments it is ranked against, and a district with its communes."""

from tracker.models import Role, Unit, UnitKind, User

DEMO_PASSWORD = "cchc2026"

PROVINCE = ("TINH", "UBND tỉnh Nam Sơn", "UBND tỉnh")
# The province's reform secretariat sets the criteria and follows every agency.
PROVINCE_OFFICE = ("TINH-CCHC", "Tổ giúp việc Ban Chỉ đạo cải cách hành chính tỉnh", "Tổ CCHC tỉnh")

# Eighteen departments: the Department of Justice ranks 16th of 18 in 2022.
DEPARTMENTS = [
    ("STP", "Sở Tư pháp"),
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("SXD", "Sở Xây dựng"),
    ("STNMT", "Sở Tài nguyên và Môi trường"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("TTR", "Thanh tra tỉnh"),
    ("VPUBND", "Văn phòng UBND tỉnh"),
    ("BDT", "Ban Dân tộc"),
]

JUSTICE_OFFICES = [
    ("STP-VP", "Văn phòng Sở", "Văn phòng"),
    ("STP-TTR", "Thanh tra Sở", "Thanh tra"),
    ("STP-XDKT", "Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật", "Phòng XD&KTVB"),
    ("STP-PBGD", "Phòng Phổ biến, giáo dục pháp luật", "Phòng PBGDPL"),
    ("STP-HCTP", "Phòng Hành chính tư pháp", "Phòng HCTP"),
    ("STP-BTTP", "Phòng Bổ trợ tư pháp", "Phòng BTTP"),
    ("STP-TGPL", "Trung tâm Trợ giúp pháp lý nhà nước", "Trung tâm TGPL"),
    ("STP-DGTS", "Trung tâm Dịch vụ đấu giá tài sản", "Trung tâm ĐGTS"),
]

DISTRICT = ("H-TB", "UBND huyện Thanh Bình", "Huyện Thanh Bình")

DISTRICT_OFFICES = [
    ("TB-VP", "Văn phòng HĐND và UBND huyện", "Văn phòng"),
    ("TB-NV", "Phòng Nội vụ", "Phòng NV"),
    ("TB-TP", "Phòng Tư pháp", "Phòng TP"),
    ("TB-VHTT", "Phòng Văn hóa và Thông tin", "Phòng VH-TT"),
    ("TB-GDDT", "Phòng Giáo dục và Đào tạo", "Phòng GD-ĐT"),
    ("TB-TCKH", "Phòng Tài chính - Kế hoạch", "Phòng TC-KH"),
    ("TB-TNMT", "Phòng Tài nguyên và Môi trường", "Phòng TN-MT"),
]

COMMUNES = [
    ("TB-TT", "Thị trấn Thanh Bình"),
    ("TB-AP", "Xã An Phú"),
    ("TB-BM", "Xã Bình Minh"),
    ("TB-DH", "Xã Đông Hòa"),
    ("TB-HL", "Xã Hòa Lạc"),
    ("TB-HD", "Xã Hưng Đạo"),
    ("TB-LS", "Xã Lam Sơn"),
    ("TB-NH", "Xã Nghĩa Hưng"),
    ("TB-PX", "Xã Phú Xuân"),
    ("TB-TTI", "Xã Tân Tiến"),
    ("TB-YB", "Xã Yên Bình"),
]

# Admin access: an agency administrator (is_staff: its agency's units and
# accounts in the Django admin) or the technical superuser, who is nobody's
# working account.
AGENCY_ADMIN = "agency"
SUPERUSER = "superuser"

# username, full name, position, unit code, role, supervised unit codes, admin access
USERS = [
    ("giamdoc", "Trần Quốc Hưng", "Giám đốc Sở", "STP", Role.LEADERSHIP, [], None),
    (
        "phogiamdoc",
        "Lê Thị Thu Hà",
        "Phó Giám đốc Sở",
        "STP",
        Role.LEADERSHIP,
        ["STP-HCTP", "STP-BTTP", "STP-TGPL"],
        None,
    ),
    (
        "vanphong",
        "Nguyễn Thị Mai",
        "Chuyên viên Văn phòng, đầu mối CCHC",
        "STP-VP",
        Role.OFFICE,
        [],
        AGENCY_ADMIN,
    ),
    (
        "truongphong",
        "Phạm Văn Nam",
        "Trưởng phòng Hành chính tư pháp",
        "STP-HCTP",
        Role.UNIT_HEAD,
        [],
        None,
    ),
    (
        "truongphong2",
        "Đỗ Minh Tuấn",
        "Trưởng phòng Phổ biến, giáo dục pháp luật",
        "STP-PBGD",
        Role.UNIT_HEAD,
        [],
        None,
    ),
    (
        "chanhvanphong",
        "Bùi Thị Hồng",
        "Chánh Văn phòng Sở",
        "STP-VP",
        Role.UNIT_HEAD,
        [],
        None,
    ),
    (
        "truongphongxd",
        "Ngô Văn Bình",
        "Trưởng phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật",
        "STP-XDKT",
        Role.UNIT_HEAD,
        [],
        None,
    ),
    (
        "giamdoctgpl",
        "Đinh Thị Thanh",
        "Giám đốc Trung tâm Trợ giúp pháp lý nhà nước",
        "STP-TGPL",
        Role.UNIT_HEAD,
        [],
        None,
    ),
    (
        "chuyenvien",
        "Hoàng Thị Lan",
        "Chuyên viên Phòng Hành chính tư pháp",
        "STP-HCTP",
        Role.STAFF,
        [],
        None,
    ),
    (
        "cchctinh",
        "Lương Văn Phúc",
        "Chuyên viên Tổ giúp việc Ban Chỉ đạo CCHC tỉnh",
        "TINH-CCHC",
        Role.OFFICE,
        [],
        None,
    ),
    (
        "vanphonghuyen",
        "Vũ Đức Thắng",
        "Chuyên viên Văn phòng HĐND và UBND huyện",
        "TB-VP",
        Role.OFFICE,
        [],
        None,
    ),
    ("quantri", "Quản trị hệ thống", "Quản trị kỹ thuật", None, Role.STAFF, [], SUPERUSER),
]


def _unit(code, name, kind, parent=None, short_name="", order=0):
    unit, _created = Unit.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            "short_name": short_name,
            "sort_order": order,
        },
    )
    return unit


def seed_organisation() -> dict[str, Unit]:
    code, name, short = PROVINCE
    province = _unit(code, name, UnitKind.PROVINCE, short_name=short)
    code, name, short = PROVINCE_OFFICE
    _unit(code, name, UnitKind.OFFICE, province, short)
    for order, (code, name) in enumerate(DEPARTMENTS):
        _unit(code, name, UnitKind.DEPARTMENT, province, order=order)
    justice = Unit.objects.get(code="STP")
    for order, (code, name, short) in enumerate(JUSTICE_OFFICES):
        _unit(code, name, UnitKind.OFFICE, justice, short, order)
    code, name, short = DISTRICT
    district = _unit(code, name, UnitKind.DISTRICT, province, short, len(DEPARTMENTS))
    for order, (code, name, short) in enumerate(DISTRICT_OFFICES):
        _unit(code, name, UnitKind.OFFICE, district, short, order)
    for order, (code, name) in enumerate(COMMUNES):
        _unit(code, name, UnitKind.COMMUNE, district, order=order)
    return {unit.code: unit for unit in Unit.objects.all()}


def seed_users(units: dict[str, Unit]) -> list[User]:
    users = []
    for username, full_name, position, unit_code, role, supervised, admin in USERS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "position": position,
                "unit": units[unit_code] if unit_code else None,
                "role": role,
                "email": f"{username}@namson.gov.vn",
                "is_staff": bool(admin),
                "is_superuser": admin == SUPERUSER,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.supervised_units.set([units[code] for code in supervised])
        users.append(user)
    return users
