"""Content-Security-Policy: sent on every page, and no template needs an exception."""

import re
from pathlib import Path

from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = re.compile(r"""style=["']|\son[a-z]+=["']|<script(?![^>]*\bsrc=)[^>]*>|javascript:""")


def test_pages_carry_a_policy_without_inline_code(client, unit_head):
    client.force_login(unit_head)

    for url in (reverse("login"), reverse("home")):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy


def test_no_template_has_inline_script_style_or_handler():
    # E-mails are read in mail clients, which need inline styles; no page shows them.
    offending = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] != "emails"
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offending == []
