"""Demo conclusion 45/TB-STP: the Department of Justice's conclusions on its 2022
PAR Index results, five directives covering every kind of deadline.

The conclusion is read from its text by the same parser and saved by the same
service as an imported one, so the demo shows what an import gives.
"""

from pathlib import Path

from conclusions.models import Conclusion
from conclusions.services import conclusion_import, conclusion_propose, proposal_inputs
from tracker.models import Unit

DEMO_TEXT_PATH = Path(__file__).with_name("45-TB-STP.txt")
DEMO_NUMBER = "45/TB-STP"


def demo_conclusion_text() -> str:
    return DEMO_TEXT_PATH.read_text(encoding="utf-8")


def seed_conclusions(units: dict[str, Unit]) -> Conclusion:
    """Create the conclusion once; a later run leaves it (and tasks made from it) as it is."""
    agency = units["STP"]
    existing = Conclusion.objects.filter(issuing_unit=agency, number=DEMO_NUMBER).first()
    if existing:
        return existing
    proposal = conclusion_propose(agency=agency, text=demo_conclusion_text())
    conclusion, directives = proposal_inputs(proposal)
    return conclusion_import(agency=agency, conclusion=conclusion, directives=directives)
