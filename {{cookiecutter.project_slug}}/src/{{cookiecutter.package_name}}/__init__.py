"""The service's Lambda code: handlers, logic and models. Only this package ships."""
