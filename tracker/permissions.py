"""Who may do what: the one place views, templates and services ask.

Roles come from the design: leadership and office staff work across their
agency, unit heads and staff within their own unit.
"""

from tracker.models import Role, User


def is_leadership(user: User) -> bool:
    return user.is_authenticated and user.role == Role.LEADERSHIP


def is_office(user: User) -> bool:
    return user.is_authenticated and user.role == Role.OFFICE


def is_unit_head(user: User) -> bool:
    return user.is_authenticated and user.role == Role.UNIT_HEAD


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and user.role == Role.STAFF


def works_across_agency(user: User) -> bool:
    """Leadership and office staff see everything of their agency."""
    return is_leadership(user) or is_office(user)
