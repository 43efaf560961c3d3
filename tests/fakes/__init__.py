"""In-memory stand-ins for the core's ports (core/ports.py), one module per port; tests/contract/ runs the same
tests against each fake and its real adapter on the sandbox, so a fake cannot drift from AWS unnoticed."""
