"""CDK infrastructure of the service. Imported by app.py; never shipped to Lambda."""
