"""The whole hall on one machine: the core and every app as processes that find the core and
pair by themselves (demo mode)."""
