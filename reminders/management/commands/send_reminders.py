from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from reminders.services import send_reminders


class Command(BaseCommand):
    help = "发送学习提醒邮件：落后的学员每项每周至多一封，轮次管理员每轮每周一封汇总。可由定时任务每天运行一次。"

    def handle(self, *args, **options):
        summary = send_reminders(now=timezone.now())
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(summary.line())
