import pytest

from tests.factories import ApplicationFactory, CompanyFactory, JobFactory, UserFactory, employer_of


@pytest.fixture
def company():
    return CompanyFactory(name="Acme Backend")


@pytest.fixture
def recruiter(company):
    return employer_of(company, user__full_name="Rita Recruiter")


@pytest.fixture
def colleague(company):
    return employer_of(company, role="recruiter", user__full_name="Carl Colleague")


@pytest.fixture
def candidate():
    return UserFactory(seeker=True, full_name="Ada Lovelace")


@pytest.fixture
def application(company, candidate):
    job = JobFactory(company=company, published=True, title="Senior Django Engineer")
    return ApplicationFactory(job=job, seeker=candidate)
