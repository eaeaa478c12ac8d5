"""`make bench`: cold start, warm overhead, package size, memory and the developer loop of a baked service."""
