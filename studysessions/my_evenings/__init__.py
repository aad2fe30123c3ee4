"""The schedule as one person sees it: their evenings (upcoming and past, with their own attendance and
whether a make-up is offered) and one evening's page. Sits on top of schedule, agenda, attendance and
make_up; nothing below imports it."""
