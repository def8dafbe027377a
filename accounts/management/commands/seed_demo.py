from django.core.management.base import BaseCommand

from accounts.services import user_create_demo

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for local use only
DEMO_USERS = [
    # email, role, is_staff, full name
    ("staff@example.com", "seeker", True, "Sam Staff"),
    ("seeker@example.com", "seeker", False, "Sasha Seeker"),
    ("employer@example.com", "employer", False, "Emil Employer"),
]


class Command(BaseCommand):
    help = "Create demo accounts (idempotent) and print their credentials."

    def handle(self, *args, **options):
        for email, role, is_staff, full_name in DEMO_USERS:
            user_create_demo(
                email=email, password=DEMO_PASSWORD, role=role, is_staff=is_staff, full_name=full_name
            )
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for email, role, is_staff, _ in DEMO_USERS:
            kind = "staff (admin at /admin/)" if is_staff else role
            self.stdout.write(f"  {email:<24} {kind}")
