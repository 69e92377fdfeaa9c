"""A day in a centre, driven through the real client: arrivals, clerks, no-shows, ratings."""
