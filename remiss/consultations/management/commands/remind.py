"""`remiss remind`: e-mail a reminder to the bodies that have not replied when a referral's
deadline is near (its `reminder_days`, 7 by default). Run it once a day, e.g. from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from remiss.consultations.sending import reminders_send


class Command(BaseCommand):
    help = "Remind the bodies that have not replied to a referral whose deadline is near."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent")
