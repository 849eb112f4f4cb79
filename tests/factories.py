"""Realistic Swedish test data."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from remiss.accounts.models import Role, User
from remiss.organisations.models import Organisation, Party, Person, Registry, Unit

faker = factory.Faker._get_faker(locale="sv_SE")

MUNICIPALITIES = [
    "Uppsala kommun", "Sala kommun", "Lidingö stad", "Göteborgs stad", "Malmö stad",
    "Umeå kommun", "Region Halland", "Region Skåne", "Luleå kommun", "Västerås stad",
]  # fmt: skip


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Iterator(MUNICIPALITIES)
    kind = "municipality"
    email = factory.LazyAttribute(lambda o: f"registrator@{o.name.split()[0].lower()}.se")
    uses_remiss = True


class MinistryFactory(OrganisationFactory):
    name = factory.Iterator(["Finansdepartementet", "Justitiedepartementet", "Socialdepartementet"])
    kind = "ministry"
    case_prefix = factory.LazyAttribute(lambda o: o.name[:2])
    uses_remiss = False


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Iterator(
        ["Kommunledningskontoret", "Miljöförvaltningen", "Socialförvaltningen", "Rotel I"]
    )
    kind = "kontor"


class RegistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registry
        django_get_or_create = ("organisation", "prefix")

    organisation = factory.SubFactory(OrganisationFactory)
    prefix = "KS"
    name = "Kommunstyrelsens diarium"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("abbreviation",)

    abbreviation = "V"
    name = "Vänsterpartiet"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.LazyFunction(lambda: faker.name())
    title = "Kommunalråd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    first_name = factory.LazyFunction(lambda: faker.first_name())
    last_name = factory.LazyFunction(lambda: faker.last_name())
    role = Role.CASE_OFFICER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "hemligt-lösen-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def referral_kwargs(**overrides: object) -> dict:
    today = timezone.localdate()
    values = {
        "issuer_dnr": "Fi2019/03441/SFÖ",
        "report_ref": "SOU 2019:43",
        "report_title": "Med tillit följer bättre resultat – tillitsbaserad styrning och ledning "
        "i staten",
        "received_date": today - dt.timedelta(days=10),
        "deadline": today + dt.timedelta(days=60),
    }
    values.update(overrides)
    return values


def ministry_referral(
    *,
    bodies: tuple[str, ...] = ("Boverket", "Naturvårdsverket"),
    proposals: tuple[tuple[str, str], ...] = (),
    sent: bool = False,
    report_title: str = "Bättre tillsyn",
):
    """Finansdepartementet's own referral of SOU 2026:9 in the demo data (load it first:
    `tests.demo_data.load_demo()`), by its official "departement", to the demo's bodies named;
    `sent` marks it sent without e-mailing anyone."""
    import datetime as dt

    from django.utils import timezone

    from remiss.accounts.models import User
    from remiss.consultations.models import OutgoingReferral
    from remiss.consultations.services import outgoing_create, recipients_add
    from remiss.organisations.models import Organisation, Registry
    from remiss.referrals.services import ProposalInput

    official = User.objects.get(username="departement")
    referral = outgoing_create(
        actor=official,
        registry=Registry.objects.get(prefix="Fi"),
        report_ref="SOU 2026:9",
        report_title=report_title,
        deadline=timezone.localdate() + dt.timedelta(days=40),
        proposals=[ProposalInput(number, title) for number, title in proposals],
    )
    if bodies:
        recipients_add(
            actor=official,
            referral=referral,
            organisations=list(Organisation.objects.filter(name__in=bodies)),
        )
    if sent:
        OutgoingReferral.objects.filter(pk=referral.pk).update(sent_at=timezone.now())
        referral.refresh_from_db()
    return referral
