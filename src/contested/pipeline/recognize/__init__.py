"""recognize: finders for mentions in article text (dates, counts, ...)."""
