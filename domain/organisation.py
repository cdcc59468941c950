"""The organisation: its departments, leadership and calendar exceptions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.calendar import WorkCalendar
from domain.problems import InputError


@dataclass(frozen=True)
class Department:
    """A unit (*phòng, đơn vị*) that leads or supports work items."""

    code: str
    name: str
    email: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Leader:
    """A member of leadership (*Lãnh đạo Sở*) who receives digests and escalations."""

    title: str
    name: str
    email: str


@dataclass(frozen=True)
class Contact:
    """Whom people call about links and mail: the office (*Văn phòng Sở*) by default."""

    name: str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class Organisation:
    name: str
    departments: tuple[Department, ...]
    leadership: tuple[Leader, ...] = ()
    default_department: str = "VP"
    short_name: str = ""
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    contact_given: Contact | None = None  # the file's [contact]; see :attr:`contact`

    @property
    def contact(self) -> Contact:
        """The contact of the file's ``[contact]``, its name and e-mail defaulting to the
        default department's."""
        office = self.department(self.default_department)
        given = self.contact_given or Contact("", "")
        return Contact(given.name or office.name, given.email or office.email, given.phone)

    def department(self, code: str) -> Department:
        for dept in self.departments:
            if dept.code == code.upper():
                return dept
        raise InputError("unknown_department", dept=code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.departments)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Organisation:
        """Build from the organisation file's data, refusing what would not work."""
        try:
            departments = tuple(
                Department(
                    code=str(d["code"]).upper(),
                    name=str(d["name"]),
                    email=str(d["email"]),
                    aliases=tuple(d.get("aliases", ())),
                    keywords=tuple(d.get("keywords", ())),
                )
                for d in data["departments"]
            )
            leadership = tuple(
                Leader(str(x["title"]), str(x["name"]), str(x["email"]))
                for x in data.get("leadership", ())
            )
            cal = data.get("calendar", {})
            calendar = WorkCalendar.from_lists(
                (date.fromisoformat(str(d)) for d in cal.get("extra_days_off", ())),
                (date.fromisoformat(str(d)) for d in cal.get("extra_working_days", ())),
            )
            contact = data.get("contact", {})
            org = cls(
                name=str(data["name"]),
                short_name=str(data.get("short_name", data["name"])),
                departments=departments,
                leadership=leadership,
                default_department=str(data.get("default_department", "VP")).upper(),
                calendar=calendar,
                contact_given=Contact(
                    str(contact.get("name", "")), str(contact.get("email", "")),
                    str(contact.get("phone", "")),
                ),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError("bad_organisation", detail=str(exc)) from exc
        if not departments or len(set(org.codes)) != len(departments):
            raise InputError("bad_organisation", detail="departments missing or codes repeated")
        if org.default_department not in org.codes:
            raise InputError("bad_organisation", detail="default_department is not a department")
        return org
