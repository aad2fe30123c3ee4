"""A fast salted hasher for initial passwords only.

An initial password (bulk enrolment, a re-issue) is a random one-time secret of about 70 bits from
``secrets``, shown once on a printed slip and never chosen by a person. Its strength is its entropy, not the
cost of the hash: even a fast salted hash of it cannot be guessed offline in any useful time, while Django's
default PBKDF2 (about 0.3 s a hash here) would make a round of 500 take minutes. So these passwords are
stored with PBKDF2-SHA256 at a low iteration count under their own prefix. The hasher is listed *after* the
default in PASSWORD_HASHERS: Django reads the hasher from the stored prefix, and re-hashes with the default at
the first successful log-in; the forced change (``must_change_password``) replaces the password anyway.
Never use it for a password a person chose.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class InitialPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_initial"
    iterations = 1000

    def must_update(self, encoded: str) -> bool:
        return True


ALGORITHM = InitialPasswordHasher.algorithm
