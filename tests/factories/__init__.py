"""The factories for tests and for ``seed_demo``: one place that knows how to make data.

Each app keeps its factories in a module here; this package re-exports them all.
"""

from .attachments import *  # noqa: F403
from .contacts import *  # noqa: F403
from .core import *  # noqa: F403
from .credit import *  # noqa: F403
from .customfields import *  # noqa: F403
from .dashboard import *  # noqa: F403
from .deals import *  # noqa: F403
from .imports import *  # noqa: F403
from .integrations import *  # noqa: F403
from .intelligence import *  # noqa: F403
from .plans import *  # noqa: F403
from .scoring import *  # noqa: F403
from .tasks import *  # noqa: F403
from .visits import *  # noqa: F403
