"""Tiếng Việt: the first language of every screen."""
