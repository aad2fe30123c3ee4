"""演练: a host tries the projector and the sign-in code out before (or after) the evening, without
touching the evening's state or anyone's attendance."""
