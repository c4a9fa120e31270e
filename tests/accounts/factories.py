import base64
import hashlib
import hmac
import struct
import time

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.services import user_totp_activate

PASSWORD = "correct-horse-battery-9"
# The authenticator app's secret of every factory-made staff member and administrator (base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """RFC 6238, as an authenticator app computes it (30-second steps, six digits)."""
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(base64.b32decode(secret, casefold=True), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def with_mfa(user: User) -> User:
    user_totp_activate(user=user, secret=TOTP_SECRET)
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    language = "fr"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Platform administrators get an authenticator app (``mfa=False``: without one); others with ``mfa=True``."""
        if create and (extracted or (extracted is None and self.is_staff)):
            with_mfa(self)

    class Params:
        platform_admin = factory.Trait(is_staff=True, is_superuser=True)
