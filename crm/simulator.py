"""`crm calls simulate`: play a realistic phone call against a running CRM, as a phone system would."""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Optional

import click

from .services import zones


@dataclass(frozen=True)
class Step:
    second: float  # on the call's own clock, from the first ring
    event: str
    transfer: Optional[dict] = None


def script(hold: float = 75, transfer_to: str = "billing") -> list[Step]:
    """Ringing → answered → hold → unhold → cold transfer → hangup."""
    answered, hold_at = 8.0, 30.0
    unhold = hold_at + hold
    return [Step(0, "ringing"), Step(answered, "answered"), Step(hold_at, "hold"), Step(unhold, "unhold"),
            Step(unhold + 20, "transfer", {"type": "cold", "to": transfer_to}), Step(unhold + 25, "hangup")]


def stamps(steps: list[Step], start: datetime, speed: float) -> list[datetime]:
    """When each step is said to happen: when it is sent, `speed` times faster than the script.

    Each event is stamped at the moment it is sent, so the CRM measures the call as it was played
    (a 75 s hold at `speed` 3 is a 25 s hold) and the desk's live hold timer, which counts from the
    hold's time on the server's clock, shows what the CRM will measure. No time lies in the future.
    """
    return [start + timedelta(seconds=step.second / speed) for step in steps]


class ApiError(click.ClickException):
    pass


def _send(base_url: str, token: str, method: str, path: str, body: Optional[dict] = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base_url.rstrip("/") + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            error = json.loads(exc.read()).get("error", {})
        except ValueError:
            error = {}
        reasons = "; ".join(f"{k}: {r}" for k, rs in (error.get("fields") or {}).items() for r in rs)
        raise ApiError(f"{method} {path} answered {exc.code}: {error.get('message', exc.reason)}"
                       + (f" ({reasons})" if reasons else "")) from None
    except urllib.error.URLError as exc:
        raise ApiError(f"cannot reach {base_url}: {exc.reason}. Is the CRM running there? Give its address "
                       "with --url (or set CRM_BASE_URL), e.g. --url http://127.0.0.1:8000") from None


def reader_zone(base_url: str, token: str) -> str:
    """The zone the token's user reads times in (GET /api/v1/me), else UTC."""
    try:
        return zones.canonical(_send(base_url, token, "GET", "/api/v1/me").get("timezone_in_force")) or "UTC"
    except ApiError:
        return "UTC"


def simulate(base_url: str, token: str, caller: str, agent: Optional[str], hold: float, speed: float,
             call_id: str, transfer_to: str, echo: Callable[[str], None] = print,
             sleep: Callable[[float], None] = time.sleep, zone_name: str = "UTC") -> dict:
    """Send the call's events in real time divided by `speed`, each stamped when it is sent; return the
    call as the CRM measured it (its durations divided by `speed`).
    Each event is echoed with its time on the clock of `zone_name`, marked with its zone."""
    steps = script(hold, transfer_to)
    tz = zones.zone(zone_name)
    start = datetime.now(timezone.utc)
    for step, at in zip(steps, stamps(steps, start, speed)):
        wait = at - datetime.now(timezone.utc)
        if wait.total_seconds() > 0:
            sleep(wait.total_seconds())
        event = {"call_id": call_id, "event": step.event, "at": at.isoformat(), "direction": "inbound",
                 "from": caller, "to": "+60 3-2345 6789", "queue": "support"}
        if agent:
            event["agent"] = agent
        if step.transfer:
            event["transfer"] = step.transfer
        _send(base_url, token, "POST", "/api/v1/calls/events", event)
        local = at.astimezone(tz)
        echo(f"{local:%H:%M:%S} {zones.zone_mark(local)}  {step.event}" + (f" ({step.transfer['type']} to {step.transfer['to']})"
                                              if step.transfer else ""))
    return _send(base_url, token, "GET", f"/api/v1/calls/{call_id}")


@click.group("calls")
def calls_group() -> None:
    """Calls measured by telephony."""


@calls_group.command("simulate")
@click.option("--url", default=lambda: os.environ.get("CRM_BASE_URL", "http://127.0.0.1:5000"),
              show_default="CRM_BASE_URL or http://127.0.0.1:5000", help="The running CRM.")
@click.option("--token", envvar="CRM_TOKEN", required=True,
              help="An API token of an agent (their own calls) or an integration user; or CRM_TOKEN.")
@click.option("--from", "caller", default="+60 12-345 6789", show_default=True, help="The calling number.")
@click.option("--agent", default=None, help="E-mail of the agent taking the call (an agent's own token: omit).")
@click.option("--hold", type=click.FloatRange(min=0), default=75.0, show_default=True, help="Hold, in seconds.")
@click.option("--speed", type=click.FloatRange(min=1), default=1.0, show_default=True,
              help="Play the call this many times faster; the CRM measures it as played "
                   "(a 75 s hold at --speed 3 is 25 s).")
@click.option("--transfer-to", default="billing", show_default=True)
@click.option("--call-id", default=None, help="Default: a new random id.")
def simulate_command(url, token, caller, agent, hold, speed, transfer_to, call_id) -> None:
    """Play ringing → answered → hold → unhold → cold transfer → hangup against a running server."""
    call_id = call_id or f"sim-{uuid.uuid4().hex[:12]}"
    zone_name = reader_zone(url, token)
    click.echo(f"Call {call_id} from {caller} to {url} (times in {zone_name}, the token's user's zone)")
    call = simulate(url, token, caller, agent, hold, speed, call_id, transfer_to, click.echo, zone_name=zone_name)
    holds = ", ".join(f"{h['seconds']} s" for h in call["holds"]) or "none"
    who = call["customer"]["name"] if call.get("customer") else f"{len(call['candidates'])} candidates"
    click.echo(f"Measured: queue wait {call['queue_wait_seconds']} s, holds {holds}, "
               f"{len(call['transfers'])} transfer(s); caller: {who}.")
    click.echo(f"Log it from the agent's desk ({url.rstrip('/')}/desk), or GET /api/v1/calls/{call_id}.")
