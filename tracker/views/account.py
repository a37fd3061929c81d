"""The user's own account: changing the password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from tracker.models import SecurityEventKind
from tracker.security import record


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new twice, the validators),
    recorded in the security log; the session stays signed in."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(SecurityEventKind.PASSWORD_CHANGED, request=self.request, user=self.request.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response
