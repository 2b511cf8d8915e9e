from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2 (the production algorithm), with test-sized cost parameters."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
