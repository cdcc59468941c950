"""The scheduled jobs by name, each a flow named by its textual ``module:function``, so
that a schedule or deployment can name a flow whose module is missing and fail only when
that job fires (the end-of-period rollup lives in ``workflows.rollup``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

FLOWS = {
    "remind": "workflows.reminders:remind_flow",
    "collect": "workflows.status_collection:collect_flow",
    "chase": "workflows.status_collection:chase_flow",
    "digest": "workflows.digest:digest_flow",
    "rollup": "workflows.rollup:rollup_flow",
}
DESCRIPTIONS = {
    "remind": "Thư nhắc hạn: công việc sắp đến hạn, đến hạn, quá hạn (mỗi ngày làm việc).",
    "collect": "Đề nghị các phòng, đơn vị cập nhật tiến độ (mỗi tuần).",
    "chase": "Thư nhắc lại cho đơn vị chưa cập nhật theo đề nghị trong tuần.",
    "digest": "Tổng hợp tiến độ tuần gửi Lãnh đạo Sở.",
    "rollup": "Khóa sổ kỳ đã kết thúc, chuyển tiếp công việc chưa hoàn thành.",
}


class MissingJob(LookupError):
    """A job whose flow cannot be imported (its module is not installed)."""

    def __init__(self, job: str, ref: str, cause: BaseException) -> None:
        super().__init__(f"{job}: {ref} cannot be imported ({cause})")
        self.job, self.ref = job, ref


def resolve(job: str) -> Callable[..., Any]:
    """The flow of ``job``, imported now; :class:`MissingJob` when it cannot be."""
    ref = FLOWS[job]
    module, _, name = ref.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise MissingJob(job, ref, exc) from exc


def entrypoint(job: str) -> str:
    """The flow's module path as a Prefect deployment names it: ``workflows.digest.digest_flow``."""
    return FLOWS[job].replace(":", ".")


def fire(job: str) -> dict[str, Any]:
    """Run ``job``'s flow now (APScheduler calls this by its textual reference)."""
    result = resolve(job)()
    return result if isinstance(result, dict) else {"result": result}
