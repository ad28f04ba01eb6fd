"""Settings, read from the environment (see the README's table of variables).

Defaults give a first look with zero services: an SQLite file in the project folder and
tasks run inline. Production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL and EMAIL_URL.

One module per area, gathered here: ``config.settings`` is the settings module (a settings
module of your own imports it and overrides what it wants, as ``config.settings_test`` does).
"""

# isort: off
# In this order: ``base`` first, because it reads the project's .env file, which any later
# variable may come from; an area reads what it needs of an earlier one from that module.
from .base import *  # noqa: F403
from .data import *  # noqa: F403
from .auth import *  # noqa: F403
from .business import *  # noqa: F403
from .files import *  # noqa: F403
from .integrations import *  # noqa: F403
from .api import *  # noqa: F403
from .mail import *  # noqa: F403
from .background import *  # noqa: F403
from .security import *  # noqa: F403
from .ops import *  # noqa: F403
