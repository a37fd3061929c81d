"""Remediation tasks and everything recorded on them."""

from functools import cached_property

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker.lib.formats import vn_date
from tracker.models.assessments import Assessment, Criterion
from tracker.models.org import Unit


class CriterionResponsibility(models.Model):
    """Which unit of an agency leads the work on a criterion, per year.

    Office staff keep this table; a new year's table starts as a copy of the
    previous one, matched by criterion code.
    """

    agency = models.ForeignKey(
        Unit, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("tiêu chí"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="criterion_responsibilities",
    )

    class Meta:
        verbose_name = _("phân công theo tiêu chí")
        verbose_name_plural = _("phân công theo tiêu chí")
        ordering = ["agency", "criterion__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "criterion"], name="criterion_responsibility_unique"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code} → {self.unit}"


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ASSIGNED = "assigned", _("Đã giao")
    RETURNED = "returned", _("Bị trả lại")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    SUBMITTED = "submitted", _("Chờ xác nhận hoàn thành")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_STATUSES = (
    TaskStatus.DRAFT,
    TaskStatus.ASSIGNED,
    TaskStatus.RETURNED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.SUBMITTED,
)


# Why the deadline of an issued task is not editable: said on the edit form
# and in the service's refusal alike.
DEADLINE_LOCKED_MESSAGE = _(
    "Nhiệm vụ đã giao: hạn hoàn thành chỉ thay đổi khi lãnh đạo đồng ý đề "
    "nghị gia hạn của đơn vị chủ trì."
)


def board_closed_last() -> models.Case:
    """0 for work still to do, 1 for done and cancelled: the first key of the
    board's order. The board's order and its index (`task_board_order`) are
    built from this one expression, so PostgreSQL matches them."""
    return models.Case(
        models.When(status__in=(TaskStatus.DONE, TaskStatus.CANCELLED), then=models.Value(1)),
        default=models.Value(0),
        output_field=models.IntegerField(),
    )


class TaskAction(models.TextChoices):
    """What someone does to a task: permission rules, services and the history
    (its change reason) name actions by these codes."""

    CREATE = "create", _("Tạo nhiệm vụ")
    UPDATE = "update", _("Sửa nhiệm vụ")
    ISSUE = "issue", _("Giao nhiệm vụ")
    ACCEPT = "accept", _("Tiếp nhận")
    RETURN = "return", _("Trả lại")
    REASSIGN = "reassign", _("Giao lại")
    ASSIGN_STAFF = "assign_staff", _("Phân công người thực hiện")
    REPORT_PROGRESS = "report_progress", _("Cập nhật tiến độ")
    SUBMIT = "submit", _("Báo cáo hoàn thành")
    VERIFY = "verify", _("Xác nhận hoàn thành")
    REOPEN = "reopen", _("Yêu cầu làm lại")
    CANCEL = "cancel", _("Hủy nhiệm vụ")
    CARRY_OVER = "carry_over", _("Chuyển sang năm sau")
    REQUEST_EXTENSION = "request_extension", _("Đề nghị gia hạn")
    DECIDE_EXTENSION = "decide_extension", _("Quyết định gia hạn")
    COMMENT = "comment", _("Cho ý kiến")


class TaskSource(models.TextChoices):
    CRITERION = "criterion", _("Tiêu chí bị trừ điểm")
    DIRECTIVE = "directive", _("Thông báo kết luận")
    PLAN = "plan", _("Kế hoạch CCHC năm")
    OTHER = "other", _("Khác")


class Priority(models.TextChoices):
    HIGH = "high", _("Cao")
    NORMAL = "normal", _("Bình thường")
    LOW = "low", _("Thấp")


# What office staff may edit on a task (the task form's fields and what
# task_update accepts); everything else moves only through workflow actions.
TASK_EDITABLE_FIELDS = (
    "title",
    "description",
    "expected_output",
    "year",
    "lead_unit",
    "supporting_units",
    "supervisor",
    "deadline",
    "ongoing",
    "priority",
    "indicator_name",
    "indicator_target",
    "indicator_unit",
    "criteria",
)


class TaskCriterion(models.Model):
    """A criterion a task remediates, in the assessment where it lost points,
    with the points it lost when the task was made."""

    task = models.ForeignKey("Task", on_delete=models.CASCADE, related_name="task_criteria")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    # The result being remedied: for a commune's criterion, the commune's, even
    # though its district's office owns the task.
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("kết quả được khắc phục"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_criteria",
    )
    points_lost = models.DecimalField(
        _("điểm bị trừ"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("tiêu chí của nhiệm vụ")
        verbose_name_plural = _("tiêu chí của nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "criterion"], name="task_criterion_unique"),
        ]

    def __str__(self):
        return f"{self.task} – {self.criterion.code}"


class Task(models.Model):
    agency = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="agency_tasks",
        help_text=_("Cơ quan sở hữu nhiệm vụ; văn phòng và lãnh đạo của cơ quan này theo dõi."),
    )
    year = models.PositiveSmallIntegerField(
        _("năm kết quả khắc phục"), null=True, blank=True, db_index=True
    )
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    expected_output = models.TextField(_("sản phẩm đầu ra"), blank=True)
    source = models.CharField(
        _("nguồn"), max_length=16, choices=TaskSource.choices, default=TaskSource.OTHER
    )
    # What generated the task ("criterion:12:unit:7", "directive:3:unit:7:2023-03"):
    # generating again finds the task it made before instead of a duplicate.
    source_key = models.CharField(max_length=120, blank=True, editable=False)
    criteria = models.ManyToManyField(
        Criterion,
        verbose_name=_("tiêu chí khắc phục"),
        through=TaskCriterion,
        blank=True,
        related_name="tasks",
    )
    directive = models.ForeignKey(
        "conclusions.Directive",
        verbose_name=_("nội dung chỉ đạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    occurrence = models.CharField(_("kỳ"), max_length=16, blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="supported_tasks"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo phụ trách"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tasks",
    )
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    original_deadline = models.DateField(
        _("hạn ban đầu"),
        null=True,
        blank=True,
        help_text=_("Hạn khi giao; giữ nguyên khi được gia hạn."),
    )
    ongoing = models.BooleanField(
        _("thường xuyên"), default=False, help_text=_("Không có hạn; rà soát hằng quý.")
    )
    priority = models.CharField(
        _("mức ưu tiên"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.DRAFT
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    indicator_name = models.CharField(_("chỉ tiêu"), max_length=255, blank=True)
    indicator_target = models.DecimalField(
        _("giá trị chỉ tiêu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    indicator_current = models.DecimalField(
        _("giá trị hiện tại"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    indicator_unit = models.CharField(_("đơn vị tính"), max_length=32, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    reopen_reason = models.TextField(_("lý do yêu cầu làm lại"), blank=True)
    issued_at = models.DateTimeField(_("ngày giao"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    completed_at = models.DateTimeField(_("ngày xác nhận hoàn thành"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("ngày hủy"), null=True, blank=True)
    carried_over_from = models.PositiveSmallIntegerField(
        _("chuyển tiếp từ năm"),
        null=True,
        blank=True,
        help_text=_("Năm mà văn phòng khép lại khi chuyển nhiệm vụ sang năm sau với hạn mới."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)
    # Optimistic lock: every write bumps it, and a write made from a stale
    # version is refused instead of silently overwriting someone else's.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(
        verbose_name=_("lịch sử nhiệm vụ"),
        excluded_fields=["updated_at", "version"],
        m2m_fields=[supporting_units, criteria],
    )

    class Meta:
        verbose_name = _("nhiệm vụ khắc phục")
        verbose_name_plural = _("nhiệm vụ khắc phục")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_key"],
                condition=~models.Q(source_key=""),
                name="task_unique_source",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "deadline"], name="task_agency_status_dl"),
            models.Index(fields=["lead_unit", "status", "deadline"], name="task_unit_status_dl"),
            # Overdue and due-soon counts by unit read this index alone.
            models.Index(
                fields=["status", "deadline"],
                include=["lead_unit", "agency", "submitted_at"],
                name="task_status_deadline_cover",
            ),
            # Open tasks by deadline: the most overdue, what falls due this
            # week (`selectors.tasks.overdue_q` names these statuses).
            models.Index(
                fields=["deadline", "id"],
                include=["status", "lead_unit", "agency", "submitted_at"],
                condition=models.Q(status__in=["assigned", "returned", "in_progress", "submitted"]),
                name="task_open_deadline",
            ),
            # The deadline board's order (TaskTable.order_deadline): without it
            # page 1 sorts every task of the agency.
            models.Index(
                board_closed_last(),
                models.F("deadline").asc(nulls_last=True),
                models.F("id").asc(),
                name="task_board_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tasks:detail", args=[self.pk])

    @property
    def full_title(self) -> str:
        """The title, or, for one cut short from its directive's text ("…"),
        the whole text: exports and reports carry what was directed."""
        stem, mark, rest = self.title.partition("…")
        text = " ".join(self.description.split())
        if mark and stem and text[: len(stem)].lower() == stem.lower():
            return text[:1].upper() + text[1:] + rest
        return self.title

    @property
    def deadline_editable(self) -> bool:
        """The office sets the deadline (or marks the task ongoing) while drafting;
        once issued, only leadership's approval of an extension request moves it,
        so that the deadline in force always has a decision behind it."""
        return self.status == TaskStatus.DRAFT

    @cached_property
    def pending_extension(self) -> "ExtensionRequest | None":
        """The extension request waiting for leadership's decision (one at a
        time). Read once per instance: a request sent or decided later shows
        on the task as fetched again."""
        return self.extension_requests.filter(status=ExtensionStatus.PENDING).first()

    def is_overdue(self, today=None) -> bool:
        """Deadline passed and not done. Drafts and cancelled tasks are not
        late, and neither is a task submitted on time that waits for
        verification; one submitted after the deadline stays overdue until
        it is verified."""
        if self.deadline is None or self.status in (
            TaskStatus.DRAFT,
            TaskStatus.DONE,
            TaskStatus.CANCELLED,
        ):
            return False
        # The unit finishes when it submits, not when the office verifies.
        if (
            self.status == TaskStatus.SUBMITTED
            and self.submitted_at is not None
            and timezone.localdate(self.submitted_at) <= self.deadline
        ):
            return False
        return self.deadline < (today or timezone.localdate())

    @property
    def is_done_late(self) -> bool:
        """Done, and the final submission came after the deadline in force.

        A done task without a recorded submission (entered outside the
        workflow) is judged by its verification instead.
        """
        if self.status != TaskStatus.DONE or self.deadline is None:
            return False
        finished = self.submitted_at or self.completed_at
        if finished is None:
            return False
        return timezone.localdate(finished) > self.deadline


class ProgressKind(models.TextChoices):
    PROGRESS = "progress", _("Cập nhật tiến độ")
    SUBMISSION = "submission", _("Báo cáo hoàn thành")


class ProgressUpdate(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=ProgressKind.choices, default=ProgressKind.PROGRESS
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    indicator_value = models.DecimalField(
        _("giá trị chỉ tiêu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A task's latest update, for every task of a report at once: without
            # it PostgreSQL walks the created_at index per task.
            models.Index(fields=["task", "-created_at"], name="progress_task_latest"),
        ]

    def __str__(self):
        return f"{self.task} – {self.percent_complete}%"


def evidence_path(instance, filename):
    # Stored under a random name: the original Vietnamese name is kept in the
    # row and given back on download, never trusted as a path.
    return f"evidence/{instance.task_id}/{instance.stored_name}"


class Evidence(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="evidence"
    )
    progress_update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("cập nhật tiến độ"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255)
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Comment(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.text[:60]}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã đồng ý")
    REFUSED = "refused", _("Không đồng ý")


class ExtensionRequest(models.Model):
    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="extension_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do"))
    current_deadline = models.DateField(_("hạn hiện tại"), null=True, blank=True)
    proposed_deadline = models.DateField(_("hạn đề nghị"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến của lãnh đạo"), blank=True)
    created_at = models.DateTimeField(_("thời điểm đề nghị"), default=timezone.now)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One request waits for leadership at a time: a second one while the
            # first is undecided would make the decision ambiguous.
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(status="pending"),
                name="extension_one_pending_per_task",
            ),
        ]

    def __str__(self):
        return f"{self.task}: {vn_date(self.proposed_deadline)}"
