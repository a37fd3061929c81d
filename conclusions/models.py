"""Conclusions (Thông báo kết luận) and the directives they give."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker.lib.formats import vn_date
from tracker.models import Criterion, Index, Unit


class Conclusion(models.Model):
    number = models.CharField(_("số thông báo"), max_length=64, help_text=_("Ví dụ: 45/TB-STP"))
    issued_on = models.DateField(_("ngày ban hành"))
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="conclusions",
    )
    signer = models.CharField(
        _("người ký"), max_length=255, blank=True, help_text=_("Ví dụ: Giám đốc Trần Quốc Hưng")
    )
    meeting = models.TextField(
        _("cuộc họp"),
        blank=True,
        help_text=_(
            "Cuộc họp được kết luận, ví dụ: Hội nghị đánh giá kết quả Chỉ số CCHC năm 2022"
        ),
    )
    assessment_year = models.PositiveSmallIntegerField(
        _("năm kết quả chấm điểm"), null=True, blank=True
    )
    index = models.ForeignKey(
        Index,
        verbose_name=_("chỉ số"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conclusions",
    )
    original_file = models.FileField(_("tệp gốc"), upload_to="conclusions/%Y/", blank=True)
    # As uploaded; storage keeps a safe variant of the name.
    original_file_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    source_text = models.TextField(_("nội dung văn bản"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)

    # Who changed what and when, shown to whoever may see the object.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "number"], name="conclusion_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["issuing_unit", "-issued_on"], name="conclusion_agency_date"),
        ]

    def __str__(self):
        return _("Thông báo số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": vn_date(self.issued_on),
        }

    def get_absolute_url(self):
        return reverse("conclusions:detail", args=[self.pk])


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("Sáu tháng")
    YEAR = "year", _("Năm")
    RECURRING = "recurring", _("Định kỳ")
    ONGOING = "ongoing", _("Thường xuyên")
    NONE = "none", _("Không nêu thời hạn")
    UNPARSED = "unparsed", _("Chưa đọc được – cần nhập tay")


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("Sáu tháng một lần")
    YEARLY = "yearly", _("Hằng năm")


class Assignment(models.TextChoices):
    """Whether a directive is given to units yet."""

    ASSIGNED = "assigned", _("Đã giao đơn vị")
    # The words name no unit the reader is sure of ("các cơ quan liên quan",
    # nobody at all): kept, shown, and no task is made until a person picks.
    TO_ASSIGN = "to_assign", _("Chờ giao đơn vị")
    # Addressed to the leadership itself: for information, no task.
    INFORMATION = "information", _("Để biết, không giao nhiệm vụ")


class Comparator(models.TextChoices):
    ABOVE = ">", _("trên")
    AT_LEAST = ">=", _("không dưới")
    BELOW = "<", _("dưới")
    AT_MOST = "<=", _("không quá")


class Directive(models.Model):
    """One directive of a conclusion ("Thứ nhất, …"), given to one or many units."""

    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("thông báo kết luận"),
        on_delete=models.CASCADE,
        related_name="directives",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    label = models.CharField(_("nhãn"), max_length=32, blank=True, help_text=_("Ví dụ: Thứ nhất"))
    text = models.TextField(_("nội dung chỉ đạo"))
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị được giao"), blank=True, related_name="directives"
    )
    every_office = models.BooleanField(
        _("giao mọi phòng, đơn vị"),
        default=False,
        help_text=_("Mỗi phòng, đơn vị trực thuộc cơ quan ban hành."),
    )
    every_commune = models.BooleanField(
        _("giao mọi xã, phường, thị trấn"),
        default=False,
        help_text=_("Mỗi xã, phường, thị trấn trực thuộc cơ quan ban hành."),
    )
    assignment = models.CharField(
        _("tình trạng giao việc"),
        max_length=16,
        choices=Assignment.choices,
        default=Assignment.ASSIGNED,
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo phụ trách"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_directives",
    )

    # The deadline as written, and what it was read as. A phrase the parser
    # cannot read keeps its words and waits for a person (needs_review).
    deadline_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=255, blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    recurrence = models.CharField(
        _("chu kỳ"), max_length=16, choices=Recurrence.choices, blank=True
    )
    recurrence_day = models.PositiveSmallIntegerField(
        _("ngày hạn trong kỳ"),
        null=True,
        blank=True,
        help_text=_(
            "Ví dụ: 20 với “trước ngày 20 hằng tháng”; với hằng tuần: thứ trong tuần "
            "(1 là thứ Hai); để trống: ngày cuối kỳ."
        ),
    )
    recurrence_month = models.PositiveSmallIntegerField(
        _("tháng hạn trong năm"),
        null=True,
        blank=True,
        help_text=_("Với hạn hằng năm: ví dụ 11 với “trước ngày 25 tháng 11 hằng năm”."),
    )
    needs_review = models.BooleanField(_("cần kiểm tra thời hạn"), default=False)

    # A measurable target inside the text ("trên 60% hồ sơ được số hóa").
    indicator_text = models.CharField(_("chỉ tiêu"), max_length=255, blank=True)
    indicator_comparator = models.CharField(
        _("so sánh"), max_length=2, choices=Comparator.choices, blank=True
    )
    indicator_target = models.DecimalField(
        _("giá trị chỉ tiêu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    indicator_unit = models.CharField(_("đơn vị tính"), max_length=32, blank=True)

    # Who changed what and when, shown to whoever may see the object.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung chỉ đạo")
        verbose_name_plural = _("nội dung chỉ đạo")
        ordering = ["conclusion", "order"]
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "order"], name="directive_unique_order"),
        ]

    def __str__(self):
        return f"{self.label or self.order}: {self.text[:80]}"

    @property
    def deadline(self):
        """The stored reading as a ParsedDeadline (for describing it)."""
        from conclusions.deadlines import ParsedDeadline

        return ParsedDeadline(
            text=self.deadline_text,
            kind=DeadlineKind(self.deadline_kind),
            period_start=self.period_start,
            due_date=self.due_date,
            recurrence=self.recurrence,
            needs_review=self.needs_review,
            recurrence_day=self.recurrence_day,
            recurrence_month=self.recurrence_month,
        )


class ReformPlan(models.Model):
    """An agency's annual reform plan (Kế hoạch CCHC năm): its key tasks for the year."""

    agency = models.ForeignKey(
        Unit, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="reform_plans"
    )
    number = models.CharField(_("số kế hoạch"), max_length=64, help_text=_("Ví dụ: 12/KH-STP"))
    signed_on = models.DateField(_("ngày ban hành"))
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    original_file = models.FileField(_("tệp gốc"), upload_to="plans/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch CCHC năm")
        verbose_name_plural = _("kế hoạch CCHC năm")
        ordering = ["-year", "-signed_on"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="reform_plan_unique_number"),
        ]

    def __str__(self):
        return _("Kế hoạch số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": vn_date(self.signed_on),
        }

    def get_absolute_url(self):
        return reverse("conclusions:plan_detail", args=[self.pk])


class PlanItem(models.Model):
    """One task of the plan's table, with its lead and supporting units."""

    plan = models.ForeignKey(
        ReformPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    number = models.CharField(_("STT"), max_length=16, blank=True)
    area = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    text = models.TextField(_("nội dung"))
    lead_text = models.CharField(_("đơn vị chủ trì (như trong văn bản)"), max_length=500)
    lead_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị chủ trì"), related_name="led_plan_items"
    )
    support_text = models.CharField(
        _("đơn vị phối hợp (như trong văn bản)"), max_length=500, blank=True
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="supported_plan_items"
    )
    time_frame = models.CharField(_("thời gian hoàn thành"), max_length=255, blank=True)
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    ongoing = models.BooleanField(_("thường xuyên"), default=False)
    expected_output = models.TextField(_("sản phẩm"), blank=True)
    criteria = models.ManyToManyField(
        Criterion, verbose_name=_("tiêu chí liên quan"), blank=True, related_name="plan_items"
    )

    class Meta:
        verbose_name = _("nhiệm vụ trong kế hoạch")
        verbose_name_plural = _("nhiệm vụ trong kế hoạch")
        ordering = ["plan", "position"]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}" if self.number else self.text[:80]
