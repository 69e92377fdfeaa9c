"""English: the second language of every screen."""
