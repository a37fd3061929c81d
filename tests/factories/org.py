import factory

from tracker.models import Role, Unit, UnitKind, User

TEST_PASSWORD = "mat-khau-thu-nghiem"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"DV{n:03d}")
    name = factory.Sequence(lambda n: f"Đơn vị số {n}")
    kind = UnitKind.OFFICE
    parent = None


class DepartmentFactory(UnitFactory):
    code = factory.Sequence(lambda n: f"SO{n:03d}")
    name = factory.Sequence(lambda n: f"Sở số {n}")
    kind = UnitKind.DEPARTMENT


class OfficeFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Phòng số {n}")
    kind = UnitKind.OFFICE
    parent = factory.SubFactory(DepartmentFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.gov.vn")
    unit = factory.SubFactory(OfficeFactory)
    role = Role.STAFF
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def supervised_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.supervised_units.set(extracted)
