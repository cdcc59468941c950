"""The scheduled jobs: run one now (``run``), see when they run (``schedule``), run them on
schedule with the web pages (``serve``), or on a Prefect server (``deploy``, ``worker``).

Only ``serve``, ``deploy`` and ``worker`` import Prefect, APScheduler or the web app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from workplan.cli.base import app, console, ensure_ready, fail, runtime, user_errors
from workplan.texts import t

if TYPE_CHECKING:
    from config.schedule import Schedule
    from services.jobs import JobReport
    from services.runtime import Runtime

RUNNABLE = ("remind", "collect", "chase", "digest")
_AS_OF = "Thời điểm chạy (giờ địa phương), vd. 2020-07-15T08:00; mặc định: bây giờ"


@app.command()
def run(
    job: Annotated[str, typer.Argument(help="Tác vụ: " + ", ".join(RUNNABLE))],
    as_of: Annotated[str | None, typer.Option("--as-of", help=_AS_OF)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ xem ai nhận thư gì")] = False,
) -> None:
    """Chạy ngay một tác vụ theo lịch (mỗi thời điểm chỉ gửi một lần)."""
    from workplan.cli.job_report import parse_moment, print_delivery, print_report

    rt = runtime()
    if job not in RUNNABLE:
        fail(t("unknown_job", rt.locale, value=job, known=", ".join(RUNNABLE)))
    try:
        moment = parse_moment(as_of)
    except ValueError:
        fail(t("bad_as_of", rt.locale, value=as_of))
    load_schedule(rt)  # a wrong schedule file is named with its line before anything runs
    with user_errors():
        ensure_ready()
        report = _use_case(job)(rt, as_of=moment, dry_run=dry_run)
    print_report(rt.at(moment), report)
    if report.mails:
        _warn_loopback(rt)
    if not dry_run and report.outcome == "done":
        from services.delivery import deliver

        print_delivery(rt, delivery := deliver(rt.at(moment)))
        if not delivery.ok:
            raise typer.Exit(1)
    if report.problems and not dry_run:
        raise typer.Exit(1)


@app.command()
def schedule() -> None:
    """Xem lịch chạy các tác vụ và các lần chạy tới (giờ địa phương)."""
    from workplan.cli.job_report import schedule_table

    rt = runtime()
    console.print(schedule_table(rt, load_schedule(rt)))
    console.print(t("schedule_who_serve", rt.locale), highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng")] = 8000,
) -> None:
    """Chạy trang web và các tác vụ theo lịch (APScheduler, lịch lưu trong cơ sở dữ liệu)."""
    from workplan.cli.serving import prefect_api, start_scheduler, stop_on_sigterm
    from workplan.web.app import create_app
    from workplan.web.server import serve as serve_web

    rt = runtime()
    plan = load_schedule(rt)
    with user_errors():
        ensure_ready()
        _secret(rt)
        application = create_app(rt)
    _warn_loopback(rt)
    with prefect_api(rt) as url:
        scheduler = start_scheduler(rt, plan, url)
        console.print(t("serve_running", rt.locale, url=f"http://{host}:{port}"), highlight=False)
        try:
            with stop_on_sigterm():
                serve_web(application, host=host, port=port)
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=True)
    console.print(t("serve_stopped", rt.locale))


@app.command()
def deploy(
    remove: Annotated[bool, typer.Option("--remove", help="Gỡ các tác vụ khỏi Prefect")] = False,
) -> None:
    """Triển khai các tác vụ lên máy chủ Prefect (PREFECT_API_URL), cùng lịch chạy."""
    rt = runtime()
    url = _prefect_url()
    plan = load_schedule(rt)
    from workflows import deployments

    names = deployments.undeploy() if remove else deployments.deploy(plan)
    key = "deploy_removed" if remove else "deploy_done"
    console.print(t(key, rt.locale, n=len(names), url=url, pool=deployments.POOL,
                    names=", ".join(names)),
                  highlight=False)


@app.command()
def worker(
    run_once: Annotated[bool, typer.Option("--run-once", help="Nhận việc một lần, rồi dừng")] = (
        False
    ),
) -> None:
    """Chạy máy nhận và thực hiện các lần chạy tác vụ đã triển khai lên Prefect."""
    import os

    rt = runtime()
    url = _prefect_url()
    # A flow run starts in a temporary folder: a relative home would point elsewhere.
    os.environ["WORKPLAN_HOME"] = str(rt.settings.home.resolve())
    from workflows.deployments import POOL, run_worker

    console.print(t("worker_running", rt.locale, pool=POOL, url=url), highlight=False)
    try:
        run_worker(run_once=run_once)
    except KeyboardInterrupt:
        pass


def load_schedule(rt: Runtime) -> Schedule:
    """The schedule file, or one message naming the problem and its line, exit code 2."""
    from domain.messages import render
    from domain.problems import InputError
    from services.jobs import schedule_of

    try:
        return schedule_of(rt)
    except InputError as exc:
        message = render(exc.code, rt.locale, **exc.params)
        if "line" in exc.params and exc.code != "schedule_toml_syntax":
            where = {"file": rt.settings.schedule, "line": exc.params["line"]}
            message = f"{message} {t('schedule_where', rt.locale, **where)}"
        fail(message)


def _prefect_url() -> str:
    """``PREFECT_API_URL``, Prefect configured for workplan (or a clear refusal)."""
    from workflows.prefect_env import api_url, configure

    rt = runtime()
    configure(rt.settings)
    url = api_url()
    if url is None:
        fail(t("deploy_needs_api", rt.locale))
    return url


def _use_case(job: str) -> Callable[..., JobReport]:
    from services.chasing import chase
    from services.digest import digest
    from services.reminders import remind
    from services.status_requests import collect

    return {"remind": remind, "collect": collect, "chase": chase, "digest": digest}[job]


def _warn_loopback(rt: Runtime) -> None:
    from domain.messages import render
    from services.mailing import loopback_links

    warning = loopback_links(rt)
    if warning is not None:
        console.print(f"[yellow]{render(warning.code, rt.locale, **warning.params)}[/]",
                      highlight=False)


def _secret(rt: Runtime) -> None:
    try:
        rt.settings.secret()
    except LookupError:
        fail(t("no_secret", rt.locale))
