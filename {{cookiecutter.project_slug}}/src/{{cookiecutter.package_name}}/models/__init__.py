"""Request and response models shared by handlers and logic."""
