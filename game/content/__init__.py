"""The game's content as data: the legs of the route in order, and the story told between them."""
