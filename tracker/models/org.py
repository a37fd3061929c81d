"""The organisation: units in a tree and the people who work in them."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Huyện, thị xã, thành phố")
    OFFICE = "office", _("Phòng, ban, đơn vị trực thuộc")
    COMMUNE = "commune", _("Xã, phường, thị trấn")


# Which kinds a unit of each kind may sit under (None: at the top).
ALLOWED_PARENTS = {
    UnitKind.PROVINCE: {None},
    UnitKind.DEPARTMENT: {None, UnitKind.PROVINCE},
    UnitKind.DISTRICT: {None, UnitKind.PROVINCE},
    UnitKind.OFFICE: {UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT},
    UnitKind.COMMUNE: {UnitKind.DISTRICT},
}
# An agency that is appraised on its own and owns the tasks below it.
AGENCY_KINDS = {UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT}


def path_segment(unit) -> str:
    return f"{unit.sort_order:04d}{unit.pk:08d}"


def path_ids(path: str) -> list[int]:
    """The primary keys along a path, from the top down."""
    return [int(segment[4:]) for segment in path.strip("/").split("/") if segment]


class Unit(models.Model):
    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path, one fixed-width segment per level (sort order, then
    # primary key: "/0000" "00000001/0002" "00000004/"), so a whole subtree is
    # one indexed prefix filter and ordering by it lists the tree in order, on
    # SQLite and PostgreSQL alike whatever the collation.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        old_path = self.path
        self.__dict__.pop("agency", None)
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent_id else '/'}{path_segment(self)}/"
        if new_path != old_path:
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                for child in self.children.all():
                    child.save()

    def clean(self):
        parent_kind = self.parent.kind if self.parent_id else None
        if self.kind and parent_kind not in ALLOWED_PARENTS[self.kind]:
            raise ValidationError(
                {
                    "parent": _("Đơn vị loại “%(kind)s” không thể trực thuộc “%(parent)s”.")
                    % {"kind": self.get_kind_display(), "parent": self.parent or _("(không có)")}
                }
            )
        if self.pk and self.parent_id and self.pk in path_ids(self.parent.path):
            raise ValidationError({"parent": _("Đơn vị không thể trực thuộc chính nó.")})

    def is_within(self, other: "Unit") -> bool:
        """This unit is `other` or sits somewhere below it."""
        return self.path.startswith(other.path)

    def subtree(self):
        """This unit and every unit below it."""
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = path_ids(self.path)[:-1]
        return sorted(Unit.objects.filter(pk__in=ids), key=lambda unit: len(unit.path))

    @cached_property
    def agency(self):
        """The appraised agency a unit belongs to: itself, or its nearest such ancestor.

        Worked out once per instance (a page and each generated task ask it
        again); `save` forgets it, since a new parent or kind can change it."""
        if self.kind in AGENCY_KINDS:
            return self
        for unit in reversed(self.ancestors()):
            if unit.kind in AGENCY_KINDS:
                return unit
        return self


class Role(models.TextChoices):
    LEADERSHIP = "leadership", _("Lãnh đạo")
    OFFICE = "office", _("Văn phòng, đầu mối CCHC")
    UNIT_HEAD = "unit_head", _("Trưởng đơn vị")
    STAFF = "staff", _("Chuyên viên")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.STAFF)
    supervised_units = models.ManyToManyField(
        Unit,
        verbose_name=_("đơn vị phụ trách"),
        blank=True,
        related_name="supervisors",
        help_text=_("Các đơn vị lãnh đạo này trực tiếp chỉ đạo, theo dõi."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["full_name", "username"]

    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self):
        return self.get_full_name()

    def clean(self):
        super().clean()
        if not self.unit_id and not self.is_superuser:
            raise ValidationError({"unit": _("Người dùng phải thuộc một đơn vị.")})
