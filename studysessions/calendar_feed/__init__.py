"""Each person's private iCalendar feed: a secret URL phones subscribe to; regenerating it revokes the
old one."""
