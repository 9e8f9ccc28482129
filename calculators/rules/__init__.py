"""Every rules module, imported so that its rules and outputs register themselves."""

import importlib
import pkgutil

from ..core import pension_age  # noqa: F401  (its rules are shared by every scheme)

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
