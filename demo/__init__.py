"""The whole hall on one machine: the core and every app as processes, paired by themselves (demo mode)."""
