import factory

from associations.enums import StaffRole
from associations.models import Association, StaffMembership
from associations.services import api_key_create
from tests.accounts.factories import UserFactory, with_mfa


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Association {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    contact_email = factory.LazyAttribute(lambda o: f"contact@{o.slug}.example.org")
    departments = factory.LazyFunction(lambda: ["75", "92", "93"])
    axes = factory.LazyFunction(lambda: ["education", "employment"])
    intake_capacity = 50
    mentor_capacity = 50

    class Params:
        remote = factory.Trait(remote_national=True, departments=[])


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    association = factory.SubFactory(AssociationFactory)
    role = StaffRole.COORDINATOR

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Staff have an authenticator app, as the platform requires; ``mfa=False`` makes one without."""
        if create and extracted is not False:
            with_mfa(self.user)

    class Params:
        admin = factory.Trait(role=StaffRole.ADMIN)


def api_key_for(association, *, read_only: bool = False, by=None) -> str:
    """A key of ``association`` (through the service, as the API page makes one); returns the key itself."""
    by = by or StaffMembershipFactory(association=association, admin=True).user
    _key, token = api_key_create(association=association, by=by, name="CRM", read_only=read_only)
    return token
