"""The demo's summary as tables on the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from domain.periods import Period
from domain.status import REPORT_LABELS, ReportClass, Status
from workplan.texts import t


def print_summary(  # type: ignore[no-untyped-def]
    console: Console, rt, done, summary, locale: str
) -> None:
    """The replay's summary: the jobs run, the classes per unit, the mail, the carry-over."""
    fired = Table(title=t("demo_fired_title", locale), title_justify="left")
    for name in done.fired:
        fired.add_column(name, justify="right")
    fired.add_row(*(str(n) for n in done.fired.values()))
    console.print(fired)
    labels = REPORT_LABELS.get(locale, REPORT_LABELS["vi"])
    table = Table(title=t("demo_classes_title", locale, period=summary.quarter.name(locale),
                          date=_dmy(done.end)), title_justify="left")
    table.add_column(t("demo_col_dept", locale))
    for klass in ReportClass:
        table.add_column(labels[klass], justify="right")
    table.add_column(t("demo_col_cancelled", locale), justify="right")
    table.add_column(t("demo_col_total", locale), justify="right")
    # A unit by its name where the terminal has room, by its code where it is tight.
    names = {d.code: d.name if console.width >= 140 else d.code for d in rt.org.departments}
    names["*"] = t("demo_total", locale)
    for counts in [*summary.departments, summary.total]:
        name = names.get(counts.dept, counts.dept)
        table.add_row(name, *(str(counts.classes[k]) for k in ReportClass),
                      str(counts.statuses[Status.CANCELLED]), str(counts.total))
    console.print(table)
    mails = Table(title=t("demo_mail_title", locale), title_justify="left")
    for col in ("demo_col_kind", "demo_col_sent", "demo_col_other"):
        mails.add_column(t(col, locale), justify="left" if col == "demo_col_kind" else "right")
    for kind, states in summary.mails.items():
        other = sum(n for state, n in states.items() if state != "sent")
        mails.add_row(t(f"kind_{kind}", locale), str(states.get("sent", 0)), str(other))
    console.print(mails)
    if summary.twice:
        console.print(t("demo_twice", locale, n=len(summary.twice), keys=", ".join(summary.twice)))
    else:
        console.print(t("demo_once", locale, n=summary.received))
    sim = done.departments
    console.print(t("demo_simulated", locale, updates=sim.updates, finished=sim.finished,
                    extensions=sim.extensions, refused=sim.refused))
    carried = ", ".join(f"{n} → {Period.from_key(k).name(locale)}"
                        for k, n in sorted(summary.carried.items()))
    console.print(t("demo_carried", locale, items=carried) if carried
                  else t("demo_carried_none", locale))
    console.print(t("demo_look", locale, mail=rt.settings.mail_dir,
                    reports=rt.settings.reports_dir), highlight=False, soft_wrap=True)


def _dmy(day) -> str:  # type: ignore[no-untyped-def]
    return day.strftime("%d/%m/%Y")
