import pytest


@pytest.fixture()
def admin(make):
    return make.user(role="admin", username="admin1", name="관리자")


@pytest.fixture()
def admin_client(login, admin):
    return login(admin)
