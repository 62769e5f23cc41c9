"""What users call: the command line, the Python API, the Prefect flows.

Anonymous usage telemetry of Prefect's local server is switched off unless the
operator sets it: it only adds noise (and sqlite lock errors) to local runs.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
