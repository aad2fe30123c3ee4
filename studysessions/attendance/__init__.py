"""Who was there: the rotating sign-in codes (``codes``), signing in and the host's roster (``services``),
who is expected and what is recorded (``selectors``), their pages (``views``). Make-ups are kept apart
(studysessions.make_up)."""
