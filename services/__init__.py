"""The app's session services: where requests go (target and client) and the submission guard.

Used by app.py and pages/; they talk to ModelArts only through `client/`.
"""
