"""What the jobs' mail is made of: the context every template reads, recipients checked
(a department without a usable address is reported, not silently skipped), and signed
links that stay valid for at least the period a mail speaks of."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from domain.problems import Notice
from notifications.links import department_url, leadership_url, make_token
from services.jobs import Plan
from services.runtime import Runtime

LOOPBACK = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
MAX_LINK_DAYS = 365


def mail_context(rt: Runtime, **more: Any) -> dict[str, Any]:
    """What every template reads: organisation, today, department names, the office."""
    org = rt.org
    office = org.department(org.default_department)
    return {
        "org": org.name,
        "today": rt.today(),
        "departments": {d.code: d.name for d in org.departments},
        "office": {"name": office.name, "email": rt.settings.reply_to or office.email},
        **more,
    }


def dept_link(rt: Runtime, dept: str, *, until: date) -> str:
    """The department's signed page, valid at least until ``until``."""
    days = link_days(rt, until)
    token = make_token(rt.settings.secret(), dept=dept, days=days)
    return department_url(rt.settings.base_url, token)


def board_link(rt: Runtime, *, until: date) -> str:
    """Leadership's signed board, valid at least until ``until``."""
    token = make_token(rt.settings.secret(), leadership=True, days=link_days(rt, until))
    return leadership_url(rt.settings.base_url, token)


def link_days(rt: Runtime, until: date) -> int:
    """The settings' link life, longer when the period spoken of ends later (a week's
    margin to report on it after it ends), at most a year."""
    wanted = (until + timedelta(days=7) - rt.today()).days
    return max(1, min(MAX_LINK_DAYS, max(rt.settings.link_days, wanted)))


def is_address(value: str) -> bool:
    """Whether ``value`` can be a recipient (the outbox refuses anything else)."""
    local, _, domain = value.rpartition("@")
    return bool(local) and "." in domain and not any(c.isspace() or c in '<>,;"' for c in value)


def recipients(values: Iterable[str]) -> tuple[str, ...]:
    """The usable addresses among ``values``, in order, once each."""
    return tuple(dict.fromkeys(v.strip() for v in values if is_address(v.strip())))


def loopback_links(rt: Runtime) -> Notice | None:
    """A warning when links point at this machine while mail leaves it for a real server."""
    host = urlsplit(rt.settings.base_url).hostname or ""
    smtp = rt.settings.smtp_host
    if host in LOOPBACK and smtp not in LOOPBACK:
        return Notice("links_point_to_loopback", {"url": rt.settings.base_url, "smtp": smtp})
    return None


def address_of(rt: Runtime, plan: Plan, *, dept: str, job: str) -> str | None:
    """The department's address; when it has none usable, the plan records why and that
    the department was not served (a later run of the same job completes it)."""
    known = {d.code: d for d in rt.org.departments}.get(dept)
    value = known.email.strip() if known else ""
    if known and is_address(value):
        return value
    plan.unserved.append(dept)
    plan.problems.append(
        Notice(
            "department_without_email",
            {"name": known.name if known else dept, "value": value, "job": job,
             "as_of": rt.now().strftime("%Y-%m-%dT%H:%M")},
        )
    )
    return None


def leadership_of(rt: Runtime, plan: Plan, *, job: str, required: bool) -> tuple[str, ...]:
    """Leadership's usable addresses; none is a problem (and unserved when ``required``)."""
    found = recipients(leader.email for leader in rt.org.leadership)
    if not found:
        as_of = rt.now().strftime("%Y-%m-%dT%H:%M")
        plan.problems.append(Notice("leadership_without_email", {"job": job, "as_of": as_of}))
        if required:
            plan.unserved.append("leadership")
    return found
