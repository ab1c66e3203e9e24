"""Files that hold what is never public (backups, private exports): readable by their owner alone.

Backups hold API tokens, TOTP secrets and contact details; the process's umask (often 022, which
gives 0644) must not decide who can read them. Files are created 0600 and the folders made for
them 0700, whatever the umask; a folder that already exists is left as it is.
"""

import os
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents with mode 0700; existing ones are not changed."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    for path in reversed(missing):
        path.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(path, FOLDER_MODE)  # mkdir's mode passes through the umask


def open_private(path: Path, mode: str = "wb", **options: Any) -> IO:
    """``path`` opened for writing with mode 0600: created so, or truncated and set so if it existed."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)  # an existing file keeps its mode through os.open
        return os.fdopen(descriptor, mode, **options)
    except BaseException:
        os.close(descriptor)
        raise
