"""Customers and their contact points (phones and e-mails)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..constraints import CHANNELS  # noqa: F401  (the models' name for it)
from .base import JSONType, UTCDateTime, utcnow


class Customer(db.Model):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_number: Mapped[Optional[str]] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-case, accent-free name: what name search matches ("novak" finds "Novák").
    search_name: Mapped[str] = mapped_column(String(200), index=True)
    company: Mapped[Optional[str]] = mapped_column(String(200))
    language: Mapped[Optional[str]] = mapped_column(String(8))
    preferred_channel: Mapped[Optional[str]] = mapped_column(String(20))
    tier: Mapped[Optional[str]] = mapped_column(String(20))
    notes: Mapped[Optional[str]] = mapped_column(Text)  # "know before you talk"
    preferences: Mapped[dict] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    merged_into_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id"), index=True)
    erased_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    contact_points: Mapped[list["ContactPoint"]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="ContactPoint.id"
    )

    @property
    def phones(self) -> list["ContactPoint"]:
        return [c for c in self.contact_points if c.kind == "phone"]

    @property
    def emails(self) -> list["ContactPoint"]:
        return [c for c in self.contact_points if c.kind == "email"]

    def __repr__(self) -> str:
        return f"<Customer {self.id} {self.name}>"


class ContactPoint(db.Model):
    """A phone number (E.164) or e-mail (case-folded) that identifies exactly one customer."""

    __tablename__ = "contact_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(254), unique=True)
    raw: Mapped[str] = mapped_column(String(254))
    label: Mapped[Optional[str]] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="contact_points")
