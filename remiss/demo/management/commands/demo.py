from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from remiss.accounts.models import Role
from remiss.demo import data
from remiss.demo.loader import DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demonstration data (Stockholms stad, KS 2020/132) and one user per role."

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = load_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demodata klar: {result['cases_created']} nya ärenden, {result['users']} användare."
        )
        self.stdout.write("Logga in som (lösenord «demo»):")
        with translation.override("sv"):
            for username, role, *_rest in data.DEMO_USERS:
                self.stdout.write(f"  {username:<12} {Role(role).label}")
