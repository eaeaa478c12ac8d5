"""Developer tooling: build and inspect things; never shipped, never imported by infra."""
