"""A local ModelArts-compatible server for dataset import tasks (issue 4).

Run it with `python -m sandbox`; start it from Python with `sandbox.launcher.start_sandbox`.
"""
