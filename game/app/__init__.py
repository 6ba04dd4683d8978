"""The app: the window, events and clock (window), the fixed-timestep loop, the screen flow."""
