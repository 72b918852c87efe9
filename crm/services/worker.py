"""`crm worker`: the periodic jobs (the sweep, escalation, deliveries) and the loop that runs them
until SIGTERM or Ctrl-C. The command in `crm/cli.py` only parses its options and calls `serve`."""
from __future__ import annotations

import logging
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterator, Optional

from flask import current_app

from ..extensions import db

worker_log = logging.getLogger("crm.worker")


@dataclass(frozen=True)
class PeriodicJob:
    """Work `crm worker` does every interval; `run` returns one line for the log, or raises.

    `period_setting` names a config key holding the job's own period in seconds, for work that
    cannot wait out the worker's interval (the outbox); None runs it every interval.
    """

    name: str
    run: Callable[[], str]
    period_setting: Optional[str] = None


def _sweep_job() -> str:
    from .sweep import run_sweep, sweep_lines

    report = run_sweep()
    if report.policy_version is None:
        return "no policy version is in force"
    return "; ".join(sweep_lines(report)) or f"policy version {report.policy_version} has no sweep rules"


# What the worker runs, in this order, every interval; add a job by appending a PeriodicJob.
def _escalation_job() -> str:
    from .review import escalate

    return f"{escalate()} critical findings escalated"


WORKER_JOBS: list[PeriodicJob] = [PeriodicJob("sweep", _sweep_job), PeriodicJob("escalate", _escalation_job)]


def _deliveries_job() -> str:
    from .outbox import deliver_due

    report = deliver_due()
    return report.line() if report.delivered or report.retry or report.dead or report.lost else ""


WORKER_JOBS.append(PeriodicJob("deliveries", _deliveries_job, "CRM_DELIVERY_POLL"))


def _run_job(job: PeriodicJob) -> None:
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        line = job.run()
    except Exception:
        worker_log.exception("%s %s failed; it runs again next interval", started, job.name)
    else:
        # A job with nothing to report (an idle outbox, polled every few seconds) logs only at debug.
        worker_log.log(logging.INFO if line else logging.DEBUG, "%s %s: %s", started, job.name, line)
    finally:
        # An idle worker must not sit in a transaction a job left open, holding a snapshot or a lock.
        db.session.rollback()


def _period(job: PeriodicJob, interval: float) -> float:
    return float(current_app.config.get(job.period_setting) or interval) if job.period_setting else interval


def run_worker(jobs: list[PeriodicJob], interval: float, once: bool, stop: threading.Event) -> None:
    """Run each job when it is due, in order, until `stop` is set (checked between jobs).

    A job is due its period after the start of the run that last ran it: jobs of one period run
    together, and the deliveries can run every few seconds while the sweep keeps the interval.
    """
    periods = [_period(job, interval) for job in jobs]
    due = [0.0] * len(jobs)
    while not stop.is_set():
        started = time.monotonic()
        for i, job in enumerate(jobs):
            if stop.is_set():
                break
            if started >= due[i]:
                _run_job(job)
                due[i] = started + periods[i]
        if once:
            break
        stop.wait(max(0.0, min(due, default=started + interval) - time.monotonic()))


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM or SIGINT sets `stop`, so the run under way finishes; a second one exits at once."""

    def handle(signum, _frame) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            worker_log.warning("%s again: stopping now", name)
            raise SystemExit(128 + signum)
        worker_log.info("%s: stopping after the run under way", name)
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(jobs: list[PeriodicJob], interval: float, once: bool) -> None:
    """Run the jobs until SIGTERM or SIGINT (or once), logging the start and the stop."""
    stop = threading.Event()
    worker_log.info("worker started: %s", ", ".join(f"{job.name} every {_period(job, interval):g} s" for job in jobs))
    with stop_on_signals(stop):
        run_worker(jobs, interval, once, stop)
    worker_log.info("worker stopped")
