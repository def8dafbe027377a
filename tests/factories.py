import factory
from allauth.account.models import EmailAddress

from accounts.models import User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email is verified unless `verified=False` is given."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    role = User.Role.SEEKER
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        seeker = factory.Trait(role=User.Role.SEEKER)
        employer = factory.Trait(role=User.Role.EMPLOYER)
        staff = factory.Trait(is_staff=True)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )
