"""Lambda entry points: thin adapters from events to the service's logic."""
