"""Front-end files from node_modules: exactly the ones pages load, served under `vendor/`.

Listing node_modules in STATICFILES_DIRS would publish every installed package, test tools
such as axe-core included; this finder serves only settings.AIGOV_VENDOR_FILES (paths inside
node_modules), so `collectstatic` and WhiteNoise see those files and nothing else.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor"


class VendorFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.BASE_DIR) / "node_modules"
        self.files = list(settings.AIGOV_VENDOR_FILES)
        self.storage = FileSystemStorage(location=self.root)
        # collectstatic and WhiteNoise put a storage's files under its `prefix`.
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]  # an attribute staticfiles reads

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [name for name in self.files if not (self.root / name).is_file()]
        if not missing:
            return []
        return [
            CheckWarning(
                f"Front-end files pages load are missing from node_modules: {', '.join(missing)}",
                hint="Install the front-end packages: `make assets` (npm ci --omit=dev).",
                id="aigov.W010",
            )
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        find_all = find_all or kwargs.get("all", False)
        prefix = f"{PREFIX}/"
        name = path[len(prefix) :] if path.startswith(prefix) else None
        if name in self.files and (self.root / name).is_file():
            match = str(self.root / name)
            return [match] if find_all else match
        return []

    def list(self, ignore_patterns: Any) -> Any:
        for name in self.files:
            if (self.root / name).is_file():
                yield name, self.storage
