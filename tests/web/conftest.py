from tests.web.scenario import scenario  # noqa: F401 - a fixture
