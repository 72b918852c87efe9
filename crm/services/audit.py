"""Recording audit events; called inside the transaction of the change it records."""
from __future__ import annotations

from typing import Optional

from flask import has_request_context, request

from ..extensions import db
from ..models import AuditEvent, User


def record(action: str, entity: str, entity_id: Optional[int], actor: Optional[User] = None,
           actor_label: str = "", **details) -> AuditEvent:
    event = AuditEvent(
        action=action,
        entity=entity,
        entity_id=entity_id,
        actor_id=actor.id if actor is not None else None,
        actor_label=actor.email if actor is not None else actor_label,
        details=details,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event
