"""The use cases, one module each, over a :class:`services.runtime.Runtime`."""
