"""Indices, their criteria per year, and the scores an assessed unit received."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker.lib.formats import vn_date
from tracker.models.org import Unit, UnitKind

SCORE = {"max_digits": 7, "decimal_places": 2}


class Index(models.Model):
    """An index the agency is scored on: PAR Index, SIPAS, PAPI, PCI, DDCI."""

    code = models.CharField(_("mã chỉ số"), max_length=16, unique=True)
    name = models.CharField(_("tên chỉ số"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class CriteriaSet(models.Model):
    """The criteria of one index for one year and one kind of assessed unit.

    Departments, districts and communes are scored on different sets (their
    maxima differ), so the audience is part of what identifies a set.
    """

    index = models.ForeignKey(
        Index, verbose_name=_("chỉ số"), on_delete=models.PROTECT, related_name="criteria_sets"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    audience = models.CharField(
        _("đối tượng đánh giá"),
        max_length=16,
        choices=UnitKind.choices,
        default=UnitKind.DEPARTMENT,
    )
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255, blank=True)
    source_document = models.CharField(
        _("văn bản ban hành"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Quyết định số 1234/QĐ-UBND ngày 15/3/2022"),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )

    # Who changed what and when, shown to whoever may see the object.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["index", "-year", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["index", "year", "audience"], name="criteria_set_unique_year"
            ),
        ]

    def __str__(self):
        return self.name or f"{self.index.code} {self.year} ({self.get_audience_display()})"

    def max_total(self) -> Decimal | None:
        """The most a unit can score: its areas' maxima added up; None without criteria."""
        return self.criteria.filter(level=1).aggregate(total=models.Sum("max_score"))["total"]


class Criterion(models.Model):
    """A node of the criteria tree: area (level 1), criterion, sub-criterion.

    The same criterion in two years is the one with the same code.
    """

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tiêu chí cha"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("mã tiêu chí"), max_length=32)
    name = models.TextField(_("tên tiêu chí"))
    max_score = models.DecimalField(
        _("điểm tối đa"), **SCORE, validators=[MinValueValidator(Decimal("0"))]
    )
    level = models.PositiveSmallIntegerField(_("cấp"), default=1, editable=False)
    sort_key = models.CharField(max_length=64, editable=False, db_index=True, default="")

    # Who changed what and when, shown to whoever may see the object.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        self.set_tree_fields()
        super().save(*args, **kwargs)

    def set_tree_fields(self):
        """Derive level and sort key from the code; bulk_create skips save(), so call it there."""
        self.level = self.code.count(".") + 1
        self.sort_key = criterion_sort_key(self.code)

    @property
    def area_code(self) -> str:
        return self.code.split(".", 1)[0]


def points_lost(max_score: Decimal, score: Decimal) -> Decimal:
    """The one place a criterion's lost points are subtracted (see
    `tracker.selectors.assessments.effective_lost` for a whole tree)."""
    return max_score - score


def criterion_sort_key(code: str) -> str:
    """'1.10.2' sorts after '1.9': pad each part so text order is tree order."""
    return ".".join(part.zfill(4) for part in code.split("."))


def criterion_parent_code(code: str) -> str | None:
    """'1.2.3' sits under '1.2'; an area ('1') has no parent."""
    return code.rsplit(".", 1)[0] if "." in code else None


# A date as people type it in a document's title: 10/5/2024, 10/05/2024, 10-5-2024.
TYPED_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


def validate_rank(rank: int | None, rank_of: int | None) -> None:
    """A published rank lies within the number ranked (16 of 18, never 19 of 18).

    The one place of this rule: the model, the import and the forms all ask it.
    Raises ValidationError on the field "rank".
    """
    if rank and rank_of and rank > rank_of:
        raise ValidationError(
            {
                "rank": ValidationError(
                    _("Thứ hạng %(rank)s lớn hơn tổng số %(of)s đơn vị."),
                    code="rank_beyond_total",
                    params={"rank": rank, "of": rank_of},
                )
            }
        )


def validate_published_total(total: Decimal | None, max_total: Decimal | None) -> None:
    """A published total lies between 0 and the set's maximum (61,14 of 74, never 6114).

    Asked by the model, the import and the forms, like validate_rank. Raises
    ValidationError on the field "published_total".
    """
    if total is None:
        return
    if total < 0:
        raise ValidationError(
            {"published_total": ValidationError(_("Tổng điểm công bố không được âm."))}
        )
    if max_total is not None and total > max_total:
        raise ValidationError(
            {
                "published_total": ValidationError(
                    _(
                        "Tổng điểm công bố %(total)s vượt điểm tối đa %(max)s của bộ tiêu chí: "
                        "kiểm tra lại dấu phẩy thập phân."
                    ),
                    code="published_total_above_max",
                    params={"total": number_format(total, 2), "max": number_format(max_total, 2)},
                )
            }
        )


class Assessment(models.Model):
    """One unit's result on one index for one year."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị được đánh giá"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    published_total = models.DecimalField(
        _("tổng điểm công bố"),
        **SCORE,
        null=True,
        blank=True,
        help_text=_(
            "Như trong văn bản công bố; hệ thống tự tính tổng riêng và cảnh báo chênh lệch."
        ),
    )
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("trên tổng số"), null=True, blank=True)
    rank_change = models.SmallIntegerField(
        _("thay đổi thứ hạng"),
        null=True,
        blank=True,
        help_text=_("Số bậc tăng (dương) hoặc giảm (âm) so với năm trước."),
    )
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    source_document = models.CharField(_("văn bản công bố"), max_length=255, blank=True)
    source_file = models.FileField(_("tệp kết quả"), upload_to="assessments/%Y/", blank=True)
    # The name the file had when uploaded: storage keeps a safe variant
    # ("Kết_quả_2022_x7Yz.xlsx"), the download hands back the original.
    source_file_name = models.CharField(_("tên tệp kết quả"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    # Who changed what and when, shown to whoever may see the object.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả chấm điểm")
        verbose_name_plural = _("kết quả chấm điểm")
        ordering = ["-criteria_set__year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "criteria_set"], name="assessment_unique"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.criteria_set.index.code} {self.criteria_set.year}"

    @property
    def rank_display(self) -> str:
        """16/18, as published."""
        if not self.rank:
            return ""
        return f"{self.rank}/{self.rank_of}" if self.rank_of else str(self.rank)

    @property
    def rank_change_display(self) -> str:
        if self.rank_change is None:
            return ""
        if self.rank_change > 0:
            return _("tăng %(n)s bậc") % {"n": self.rank_change}
        if self.rank_change < 0:
            return _("giảm %(n)s bậc") % {"n": -self.rank_change}
        return str(_("giữ nguyên"))

    @property
    def publication_display(self) -> str:
        """The publishing document with its date once, as dd/mm/yyyy.

        Titles usually carry the date already ("… ngày 10/5/2024 …"): that date
        is rewritten as 10/05/2024 rather than repeated after the title.
        """
        document = self.source_document.strip()
        if self.published_on is None:
            return document
        day = vn_date(self.published_on)
        if not document:
            return _("Công bố ngày %(date)s") % {"date": day}
        published = (self.published_on.day, self.published_on.month, self.published_on.year)
        dates = [tuple(map(int, match.groups())) for match in TYPED_DATE.finditer(document)]
        if not dates:
            return _("%(document)s ngày %(date)s") % {"document": document, "date": day}
        if published not in dates:
            # Signed on one day, published on another: both are facts.
            return _("%(document)s, công bố ngày %(date)s") % {"document": document, "date": day}
        return TYPED_DATE.sub(
            lambda match: day if tuple(map(int, match.groups())) == published else match[0],
            document,
        )

    def clean(self):
        errors = {}
        try:
            validate_rank(self.rank, self.rank_of)
        except ValidationError as error:
            errors.update(error.error_dict)
        if self.criteria_set_id:
            try:
                validate_published_total(self.published_total, self.criteria_set.max_total())
            except ValidationError as error:
                errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)


class Score(models.Model):
    """The self-assessed and appraised score of one criterion in one assessment."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("kết quả chấm điểm"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="scores"
    )
    self_score = models.DecimalField(
        _("điểm tự đánh giá"),
        **SCORE,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    appraised_score = models.DecimalField(
        _("điểm thẩm định"),
        **SCORE,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.TextField(_("ghi chú"), blank=True)

    # Who changed what and when, shown to whoever may see the object.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment", "criterion__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_unique"),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.appraised_score}/{self.criterion.max_score}"

    def clean(self):
        """The import's rules for a score typed by hand (the admin): a criterion of
        the assessment's own set, scores within the criterion's maximum."""
        # The admin adds scores to an assessment not saved yet: it is set, its id not.
        assessment = getattr(self, "assessment", None)
        if assessment is None or not assessment.criteria_set_id or not self.criterion_id:
            return
        criterion = self.criterion
        if criterion.criteria_set_id != assessment.criteria_set_id:
            raise ValidationError(
                {
                    "criterion": _(
                        "Tiêu chí %(code)s thuộc bộ tiêu chí %(set)s, không phải bộ tiêu chí "
                        "của kết quả này (%(own)s)."
                    )
                    % {
                        "code": criterion.code,
                        "set": criterion.criteria_set,
                        "own": assessment.criteria_set,
                    }
                }
            )
        errors = {
            name: _("Điểm %(score)s vượt điểm tối đa %(max)s của tiêu chí %(code)s.")
            % {
                "score": number_format(score, 2),
                "max": number_format(criterion.max_score, 2),
                "code": criterion.code,
            }
            for name, score in (
                ("self_score", self.self_score),
                ("appraised_score", self.appraised_score),
            )
            if score is not None and score > criterion.max_score
        }
        if errors:
            raise ValidationError(errors)

    @property
    def lost(self) -> Decimal | None:
        if self.appraised_score is None:
            return None
        return points_lost(self.criterion.max_score, self.appraised_score)


class Target(models.Model):
    """A score a unit registered to reach on a criterion (đăng ký điểm số)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="targets"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="targets"
    )
    target_score = models.DecimalField(
        _("điểm đăng ký"), **SCORE, validators=[MinValueValidator(Decimal("0"))]
    )
    letter_number = models.CharField(
        _("số văn bản đăng ký"), max_length=64, blank=True, help_text=_("Ví dụ: 795/STP-VP")
    )
    letter_date = models.DateField(_("ngày văn bản"), null=True, blank=True)

    # Who changed what and when, shown to whoever may see the object.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm đăng ký")
        verbose_name_plural = _("điểm đăng ký")
        ordering = ["unit", "criterion__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "criterion"], name="target_unique"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.criterion.code}: {self.target_score}"

    def clean(self):
        if (
            self.criterion_id
            and self.target_score is not None
            and self.target_score > self.criterion.max_score
        ):
            raise ValidationError(
                {"target_score": _("Điểm đăng ký vượt điểm tối đa của tiêu chí.")}
            )


class CriterionMapping(models.Model):
    """A criterion of one year's set that continues as a differently coded
    criterion of a later set (renamed, renumbered, moved to another area): the
    effect of remediation compares a criterion with its mapped successor
    instead of the same code."""

    from_criterion = models.OneToOneField(
        Criterion,
        verbose_name=_("tiêu chí năm trước"),
        on_delete=models.CASCADE,
        related_name="mapping",
    )
    to_criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("tiêu chí tương ứng năm sau"),
        on_delete=models.CASCADE,
        related_name="mapped_from",
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tiêu chí tương ứng giữa hai năm")
        verbose_name_plural = _("tiêu chí tương ứng giữa hai năm")
        ordering = ["from_criterion__criteria_set", "from_criterion__sort_key"]

    def __str__(self):
        return f"{self.from_criterion.code} → {self.to_criterion.code}"

    def clean(self):
        """Both criteria of one index and audience, the successor in a later year."""
        if not (self.from_criterion_id and self.to_criterion_id):
            return
        before, after = self.from_criterion.criteria_set, self.to_criterion.criteria_set
        if (
            before.index_id != after.index_id
            or before.audience != after.audience
            or after.year <= before.year
        ):
            raise ValidationError(
                {
                    "to_criterion": _(
                        "Tiêu chí tương ứng phải thuộc bộ tiêu chí của cùng chỉ số, cùng đối "
                        "tượng, năm sau %(year)s."
                    )
                    % {"year": before.year}
                }
            )
