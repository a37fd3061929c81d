from django.urls import path

from tracker.views import effect, year_end
from tracker.views import tasks as views

app_name = "tasks"

urlpatterns = [
    path("", views.my_unit_tasks, name="my_unit"),
    path("theo-doi-thoi-han/", views.deadline_board, name="board"),
    path("diem-co-the-go/", effect.points_at_stake_page, name="stake"),
    path("khep-lai-nam/<int:year>/", year_end.year_close_page, name="year_close"),
    path("tao-moi/", views.task_create, name="create"),
    path("dat-han-du-thao/", views.drafts_set_deadline, name="drafts_deadline"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/sua/", views.task_edit, name="edit"),
    path("<int:pk>/lich-su/", views.task_history, name="history"),
    path("<int:pk>/giao/", views.task_issue, name="issue"),
    path("<int:pk>/tiep-nhan/", views.task_accept, name="accept"),
    path("<int:pk>/tra-lai/", views.task_return, name="return"),
    path("<int:pk>/giao-lai/", views.task_reassign, name="reassign"),
    path("<int:pk>/phan-cong/", views.task_assign_staff, name="assign_staff"),
    path("<int:pk>/tien-do/", views.task_report_progress, name="report_progress"),
    path("<int:pk>/bao-cao-hoan-thanh/", views.task_submit, name="submit"),
    path("<int:pk>/xac-nhan/", views.task_verify, name="verify"),
    path("<int:pk>/lam-lai/", views.task_reopen, name="reopen"),
    path("<int:pk>/huy/", views.task_cancel, name="cancel"),
    path("<int:pk>/gia-han/", views.extension_request_create, name="request_extension"),
    path("gia-han/<int:pk>/quyet-dinh/", views.extension_decide, name="decide_extension"),
    path("<int:pk>/y-kien/", views.comment_add, name="comment"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
