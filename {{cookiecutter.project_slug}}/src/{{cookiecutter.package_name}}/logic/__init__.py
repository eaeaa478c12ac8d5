"""What the service does, in plain Python: no Lambda, HTTP or AWS types here."""
