"""Who a reminder goes to, as the organisation stands at the moment of the sweep."""

from collections import defaultdict
from collections.abc import Callable

from notifications.models import Rule
from tracker import permissions
from tracker.models import Role, Task, Unit, User


class Directory:
    """The active people reminders go to, read once per sweep (a few queries
    however many tasks there are), with the units and the other people the
    tasks name, each read once and shared by every task naming it."""

    def __init__(self):
        people = (
            User.objects.filter(
                is_active=True,
                unit__isnull=False,
                role__in=[Role.LEADERSHIP, Role.OFFICE, Role.UNIT_HEAD],
            )
            .select_related("unit")
            .prefetch_related("supervised_units")
        )
        self.heads = defaultdict(list)
        self.leaders = []
        self.office = []
        for person in people:
            if person.role == Role.UNIT_HEAD:
                self.heads[person.unit_id].append(person)
            elif person.role == Role.LEADERSHIP:
                self.leaders.append(person)
            else:
                self.office.append(person)
        self._people = {person.pk: person for person in people}
        self._units = {}
        self._agency_leaders = {}
        self._agency_office = {}
        self._recipients = {}

    def load(self, tasks) -> None:
        """Read the units and people `tasks` name (anything with their ids)
        that the directory has not met yet: a query for each, none once it
        has met them all."""
        units = {task.agency_id for task in tasks} | {task.lead_unit_id for task in tasks}
        if missing := units - self._units.keys():
            self._units.update(Unit.objects.in_bulk(missing))
        people = {task.assignee_id for task in tasks} | {task.supervisor_id for task in tasks}
        if missing := people - self._people.keys() - {None}:
            for user in User.objects.filter(pk__in=missing).select_related("unit"):
                self.person(user)

    def attach(self, task: Task) -> Task:
        """Give a task loaded without its relations its agency, lead unit,
        assignee and supervisor: the directory's own copies, read by `load`."""
        task.agency = self._units[task.agency_id]
        task.lead_unit = self._units[task.lead_unit_id]
        task.assignee = self._people.get(task.assignee_id)
        task.supervisor = self._people.get(task.supervisor_id)
        return task

    def recipients(
        self, rule: str, task, *, full_task: Callable[[], Task] | None = None
    ) -> list[User]:
        """Who `rule` goes to for `task`, worked out once per rule and agency,
        lead unit, assignee and supervisor (all it depends on). `task` may be
        a row of those ids, `full_task` then giving the Task with its
        relations the first time a combination is met."""
        key = (rule, task.agency_id, task.lead_unit_id, task.assignee_id, task.supervisor_id)
        if key not in self._recipients:
            self._recipients[key] = self._recipients_of(rule, full_task() if full_task else task)
        return self._recipients[key]

    def _recipients_of(self, rule: str, task: Task) -> list[User]:
        if rule in (Rule.ESCALATE_LEADER,):
            return self.supervising_leaders(task)
        if rule == Rule.ESCALATE_HEAD:
            return self.agency_heads(task)
        if rule == Rule.AWAITING_VERIFICATION:
            return self.verifiers(task)
        if rule == Rule.AWAITING_ACCEPTANCE:
            return list(self.heads[task.lead_unit_id])
        # Deadline reminders: the lead unit's head and whoever carries the task.
        people = list(self.heads[task.lead_unit_id])
        assignee = self.person(task.assignee)
        if assignee is not None and assignee.is_active and assignee not in people:
            people.append(assignee)
        return people

    def person(self, user: User | None) -> User | None:
        """One instance per person for the whole sweep, so that what
        tracker.permissions caches on it (the agency) is worked out once."""
        if user is None:
            return None
        return self._people.setdefault(user.pk, user)

    def leaders_of(self, task: Task) -> list[User]:
        if task.agency_id not in self._agency_leaders:
            self._agency_leaders[task.agency_id] = [
                leader for leader in self.leaders if permissions.managed_agency(leader, task.agency)
            ]
        return self._agency_leaders[task.agency_id]

    def supervising_leaders(self, task: Task) -> list[User]:
        """The task's named supervisor, else the deputies supervising its lead
        unit, else the head of the agency: whoever supervises it today."""
        supervisor = self.person(task.supervisor)
        if supervisor is not None and supervisor.is_active:
            return [supervisor]
        deputies = [
            leader
            for leader in self.leaders_of(task)
            if any(task.lead_unit.is_within(unit) for unit in permissions.supervised_units(leader))
        ]
        return deputies or self.agency_heads(task)

    def agency_heads(self, task: Task) -> list[User]:
        """The head of the agency: its leaders who supervise no unit in
        particular (permissions.oversees_task calls them the director)."""
        return [
            leader
            for leader in self.leaders_of(task)
            if not permissions.supervised_units(leader) and leader.unit_id == task.agency_id
        ]

    def verifiers(self, task: Task) -> list[User]:
        """Office staff who verify the task's completion."""
        if task.agency_id not in self._agency_office:
            self._agency_office[task.agency_id] = [
                person for person in self.office if permissions.is_task_office(person, task)
            ]
        return self._agency_office[task.agency_id]
