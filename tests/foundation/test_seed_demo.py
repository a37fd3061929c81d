from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tracker.demo.org import DEMO_PASSWORD, USERS
from tracker.models import CriteriaSet, Unit, User
from tracker.permissions import can_manage_criteria_set


def _snapshot():
    return (
        list(Unit.objects.values_list("code", "name", "kind", "parent__code", "path")),
        list(User.objects.values_list("username", "unit__code", "role", "password")),
    )


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()

    call_command("seed_demo", stdout=StringIO())

    assert _snapshot() == first
    assert Unit.objects.get(code="STP").children.count() == 8
    assert Unit.objects.get(code="H-TB").children.filter(kind="commune").count() == 11


def test_seed_demo_logins_reach_home(client, db):
    call_command("seed_demo", stdout=StringIO())

    for username, full_name, *_rest in USERS:
        # Through the login page: django-axes checks every sign-in against its request.
        login = client.post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        assert login.status_code == 302, username
        response = client.get("/")
        assert response.status_code == 200
        assert full_name in response.text
        client.logout()


def test_seed_demo_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="không chạy khi DEBUG tắt"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.exists()


def test_seed_demo_province_secretariat_manages_the_criteria_sets(db):
    call_command("seed_demo", stdout=StringIO())
    department_set = CriteriaSet.objects.get(index__code="PAR", year=2022, audience="department")

    assert can_manage_criteria_set(User.objects.get(username="cchctinh"), department_set)
    assert not can_manage_criteria_set(User.objects.get(username="vanphong"), department_set)
