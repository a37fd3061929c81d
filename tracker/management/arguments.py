"""Argument types the management commands share."""

import argparse
from datetime import date, datetime


def vn_date(value: str) -> date:
    """An argparse `type` reading a dd/mm/yyyy date.

    argparse names the option in its message: "argument --deadline: cần ngày…",
    printed as one line on the command line and raised as CommandError through
    call_command.
    """
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"cần ngày dạng dd/mm/yyyy, nhận được “{value}”."
        ) from error
