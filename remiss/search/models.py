"""The search index: one entry per thing that can be found (docs/search.md). Its terms are
indexed by the database's own full text engine (SQLite FTS5, PostgreSQL tsvector with GIN),
created by migration 0002 for the database in use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    CASE = "case", _("Case")
    RECORD = "record", _("Record")
    MEMO = "memo", _("Memo")
    STATEMENT = "statement", _("Statement")
    DECISION = "decision", _("Decision")
    MEMBER_STATEMENT = "member_statement", _("Member's statement")
    REPLY = "reply", _("Reply")
    FILE = "file", _("File text")


class SearchEntry(models.Model):
    """What a search finds: its text (for the snippet) and its terms (for the index). Who may
    see it is decided when searching, from the case and record as they are then
    (core.permissions.search_scope), never from a copy kept here."""

    # "record:12", "file:34:2": the thing and, for a file, the page.
    key = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    # The record whose content this is: a secret record's entries are seen only by those
    # who may read its content.
    record = models.ForeignKey(
        "cases.Record", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation_id = models.IntegerField(db_index=True)
    year = models.PositiveSmallIntegerField()
    page = models.PositiveIntegerField(null=True, blank=True)
    stance = models.CharField(max_length=20, blank=True)
    # A reply's body (organisations.Organisation). The body of everything else in a case, the
    # referral's issuer, is read from the case when searching, so that it is never stale.
    body_id = models.IntegerField(null=True, blank=True)
    title = models.CharField(max_length=500)
    text = models.TextField()
    # The index terms (remiss.search.text.index_terms), space-separated.
    terms = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.key


class SearchTerm(models.Model):
    """Every term the index holds, also written backwards: a word finds the compounds that end
    in it ("styrning" → "tillitsstyrning") by a prefix of the reversed term."""

    term = models.CharField(max_length=60, primary_key=True)
    reversed = models.CharField(max_length=60, db_index=True)

    def __str__(self) -> str:
        return self.term
