"""A run's lifecycle outside the screens: the legs, the campaign, replays, hot reload."""
