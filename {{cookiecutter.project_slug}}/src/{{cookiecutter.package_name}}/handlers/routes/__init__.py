"""One module per resource, each with its ``routes``: ``handlers.api`` serves every module found here."""
