"""Copies that cost nothing when the file system allows: a build carries unchanged outputs over
from the previous one instead of writing them again."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

_FICLONE = 0x40049409  # linux/fs.h


def clone_file(src: Path, dst: Path) -> None:
    """Copy a file; on a file system with copy-on-write clones (XFS, Btrfs) the copy is a clone:
    instant and no extra space, however large the file. Use it for a file that will be changed."""
    import fcntl

    with open(src, "rb") as source, open(dst, "wb") as target:
        try:
            fcntl.ioctl(target.fileno(), _FICLONE, source.fileno())
            return
        except OSError:  # ext4, tmpfs, ...: an ordinary copy (in the kernel)
            pass
    shutil.copyfile(src, dst)


def swap_in_folder(partial: Path, folder: Path) -> None:
    """Put a folder made beside its final name in place of the old one: renamed aside first, then
    deleted (a reader sees the old folder or the new one, never a mix)."""
    stale = None
    if folder.exists():
        stale = folder.with_name(f".{folder.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        folder.rename(stale)
    partial.rename(folder)
    if stale is not None:
        shutil.rmtree(stale, ignore_errors=True)


def keep_file(src: str, dst: str) -> bool:
    """Hard-link a published file that will never change into a new folder (a copy where hard
    links are not possible); False when `src` is not there."""
    try:
        os.link(src, dst)
    except FileNotFoundError:
        return False
    except OSError:  # another file system, or no hard links: a copy is as good
        try:
            shutil.copyfile(src, dst)
        except FileNotFoundError:
            return False
    return True
