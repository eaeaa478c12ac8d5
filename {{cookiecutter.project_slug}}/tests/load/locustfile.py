"""What a simulated caller does: `make loadtest PROFILE=steady|spike|soak` runs it headless.

Each user sends one request a second, signed as the API's auth expects (the kit's ``ServiceUser``);
the profile decides how many users run when. Weight the tasks like your real traffic.
"""

from __future__ import annotations

from lambda_service_kit.testing.load.user import ServiceUser
from locust import task


class ApiCaller(ServiceUser):
    @task(3)
    def create_greeting(self) -> None:
        self.client.post("/greetings", json={"name": "Ada", "language": "fr"}, name="POST /greetings")

    @task(1)
    def check_health(self) -> None:
        self.client.get("/health", name="GET /health")
