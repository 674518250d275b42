"""Write output files atomically: to a temporary file beside the target, then rename.

An interrupted run leaves either the old file or the new one, never half a file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a new empty file in the target's folder; on success rename it onto the target.

    The result has the permissions of any newly created file (0o666 less the umask)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = _new_file_beside(target)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def _new_file_beside(target: Path) -> Path:
    """Create an empty file with a unique name next to `target`. Unlike `tempfile.mkstemp`
    (always 0o600) it asks for 0o666 and lets the operating system apply the umask, so the
    umask is never read or changed."""
    for _ in range(100):
        path = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(f"no free temporary name beside {target}")


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
