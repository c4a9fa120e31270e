"""Seed the demo data. Idempotent: running it again updates the same rows and creates nothing twice."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User

DEMO_PASSWORD = "demo-mentorat-2026"

DEMO_USERS = [
    # email, first name, last name, platform admin
    ("admin@demo.1jeune1mentor.fr", "Camille", "Admin", True),
    ("coordination@demo.1jeune1mentor.fr", "Nadia", "Coordinatrice", False),
    ("mentor@demo.1jeune1mentor.fr", "Thomas", "Mentor", False),
]


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (all with the password in the README)."

    @transaction.atomic
    def handle(self, *args, **options):
        for email, first_name, last_name, is_admin in DEMO_USERS:
            user, created = User.objects.update_or_create(
                email=email,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                    "is_active": True,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            self.stdout.write(f"{'created' if created else 'refreshed'} {email}")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready; password: {DEMO_PASSWORD}"))
