from django.core.management.base import BaseCommand
from django.utils import timezone

from studysessions.reminders.services import send_due_reminders


class Command(BaseCommand):
    help = "发送即将开始的夜学提醒邮件（每人每次夜学只发一次）。可由定时任务每 10 分钟运行一次。"

    def handle(self, *args, **options):
        sent = send_due_reminders(now=timezone.now())
        self.stdout.write(f"已发送夜学提醒：{sent} 封")
