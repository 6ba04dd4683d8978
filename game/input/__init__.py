"""Input: actions, the router from keys and gamepads to actions and Controls, bindings, button prompts."""
