"""The jobs as Prefect deployments, at scale: one deployment per job with the schedule
file's cron and time zone, in a ``process`` work pool named ``workplan`` on the server
named by ``PREFECT_API_URL``, run by ``workplan worker`` (Prefect's process worker).

Each deployment names its flow by module path (``workflows.digest.digest_flow``), imported
by the worker's flow-run process from the installed package: a job whose module is
missing fails when it runs, not when it is deployed. Every deployment carries the tag
``workplan``, which is how ``serve`` sees that deployments schedule the jobs.
"""

from __future__ import annotations

import asyncio
from typing import Any

from config.schedule import Schedule
from workflows.jobs import DESCRIPTIONS, entrypoint

POOL = "workplan"
TAG = "workplan"
PARAMETERS: dict[str, Any] = {
    "type": "object",
    "title": "Parameters",
    "properties": {
        "as_of": {
            "title": "as_of",
            "position": 0,
            "default": None,
            "anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}],
        }
    },
}


def deploy(schedule: Schedule) -> list[str]:
    """Create or update the work pool and one deployment per job; their names."""
    from prefect import get_client
    from prefect.client.schemas.actions import DeploymentScheduleCreate
    from prefect.client.schemas.schedules import CronSchedule

    names = []
    with get_client(sync_client=True) as client:
        _ensure_pool(client)
        for job in schedule.jobs:
            cron = CronSchedule(cron=job.cron, timezone=schedule.timezone)
            client.create_deployment(
                flow_id=client.create_flow_from_name(job.name),
                name=job.name,
                entrypoint=entrypoint(job.name),
                work_pool_name=POOL,
                schedules=[DeploymentScheduleCreate(schedule=cron, active=True)],
                tags=[TAG],
                description=DESCRIPTIONS[job.name],
                parameter_openapi_schema=PARAMETERS,
                enforce_parameter_schema=False,
                paused=False,
            )
            names.append(f"{job.name}/{job.name}")
    return names


def deployed() -> list[str]:
    """The workplan deployments on the server (``flow/deployment``)."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return sorted(f"{d.name}/{d.name}" for d in _ours(client))


def undeploy() -> list[str]:
    """Delete the workplan deployments (``serve`` may schedule again); their names."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        found = _ours(client)
        for deployment in found:
            client.delete_deployment(deployment.id)
    return sorted(f"{d.name}/{d.name}" for d in found)


def run_worker(*, run_once: bool = False) -> None:
    """Run Prefect's process worker on the ``workplan`` pool until stopped."""
    from prefect.workers.process import ProcessWorker

    async def work() -> None:
        worker = ProcessWorker(work_pool_name=POOL)
        await worker.start(run_once=run_once)

    asyncio.run(work())


def _ensure_pool(client: Any) -> None:
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.workers.process import ProcessWorker

    try:
        client.read_work_pool(POOL)
    except ObjectNotFound:
        template = ProcessWorker.get_default_base_job_template()
        client.create_work_pool(WorkPoolCreate(name=POOL, type="process",
                                               base_job_template=template))


def _ours(client: Any) -> list[Any]:
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterTags

    found = DeploymentFilter(tags=DeploymentFilterTags(all_=[TAG]))
    return list(client.read_deployments(deployment_filter=found))
