"""Close attempts whose time ran out while nobody had the page open. Cron: every few minutes."""

from django.core.management.base import BaseCommand

from quizzes.services import close_expired_attempts


class Command(BaseCommand):
    help = "Close and score quiz attempts past their deadline."

    def handle(self, *args, **options):
        closed = close_expired_attempts()
        self.stdout.write(f"closed {closed} attempt(s)")
