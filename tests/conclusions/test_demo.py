from datetime import date
from io import StringIO

from django.core.management import call_command

from conclusions.assignments import directive_assignments
from conclusions.models import Conclusion, DeadlineKind, Directive


def _snapshot():
    return (
        list(Conclusion.objects.values_list("pk", "number", "issued_on", "signer", "meeting")),
        list(
            Directive.objects.order_by("pk").values_list(
                "pk", "order", "text", "deadline_kind", "due_date", "supervisor__username"
            )
        ),
        list(
            Directive.units.through.objects.order_by("pk").values_list(
                "pk", "directive_id", "unit_id"
            )
        ),
    )


def test_seed_demo_conclusion_covers_every_kind_of_deadline(db):
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()

    call_command("seed_demo", stdout=StringIO())

    assert _snapshot() == first
    conclusion = Conclusion.objects.get(number="45/TB-STP", issuing_unit__code="STP")
    assert (conclusion.issued_on, conclusion.signer, conclusion.assessment_year) == (
        date(2023, 3, 2),
        "Giám đốc Trần Quốc Hưng",
        2022,
    )
    rows = [
        (
            d.label,
            sorted(unit.code for unit in d.units.all()),
            d.every_office,
            d.deadline_text,
            d.deadline_kind,
            d.due_date,
            d.supervisor.username,
        )
        for d in conclusion.directives.all()
    ]
    assert rows == [
        (
            "Thứ nhất",
            ["STP-VP"],
            False,
            "trước ngày 31/3/2023",
            DeadlineKind.DATE,
            date(2023, 3, 31),
            "giamdoc",
        ),
        (
            "Thứ hai",
            ["STP-HCTP"],
            False,
            "xong trước tháng 5/2023",
            DeadlineKind.MONTH,
            date(2023, 4, 30),
            "phogiamdoc",
        ),
        (
            "Thứ ba",
            ["STP-HCTP", "STP-TGPL"],
            False,
            "trong quý II/2023",
            DeadlineKind.QUARTER,
            date(2023, 6, 30),
            "phogiamdoc",
        ),
        (
            "Thứ tư",
            ["STP-PBGD"],
            True,
            "từ 1-2 bài/tháng",
            DeadlineKind.RECURRING,
            date(2023, 12, 31),
            "giamdoc",
        ),
        ("Thứ năm", ["STP-VP"], False, "thường xuyên", DeadlineKind.ONGOING, None, "giamdoc"),
    ]
    third = conclusion.directives.get(order=3)
    assert (third.indicator_comparator, third.indicator_target, third.indicator_unit) == (
        ">",
        60,
        "%",
    )
    # every one of the department's eight offices, every month from the conclusion's
    # (02/03/2023) to the year's end: nothing falls due before the conclusion
    assignments = directive_assignments(conclusion.directives.get(order=4))
    assert len(assignments) == 8 * 10
    assert min(assignment.due_date for assignment in assignments) == date(2023, 3, 31)
