"""Copies that cost nothing when the file system allows: a build carries unchanged outputs over
from the previous one instead of writing them again."""
from __future__ import annotations

import contextlib
import json
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


# A staged folder that holds only what changed in its published version (the site: a build
# renders a few pages of 100,000), with the list of files to remove; the commit merges it into
# the published folder instead of swapping folders (linking 100,000 unchanged pages into a new
# folder, and deleting the old one, cost seconds).
CHANGES_ONLY = ".changes-only.json"


def mark_changes_only(folder: Path, removed: list[str]) -> None:
    """Say that `folder` holds only the changed files of its published version, and which
    files (paths relative to it) the merge removes."""
    (folder / CHANGES_ONLY).write_text(json.dumps(sorted(removed)), encoding="utf-8")


def holds_changes_only(folder: Path) -> bool:
    return (folder / CHANGES_ONLY).is_file()


def merge_into_folder(changes: Path, folder: Path) -> None:
    """Put each file of `changes` in place in `folder` by a rename (files of subfolders first, then
    top-level ones, hidden ones last: an index never names a page that is not there yet, and the
    site's record of its pages comes last), then delete the files listed as removed. Each step is
    atomic and a done step is skipped, so a merge killed midway is completed by running it again
    (the commit journal does); `changes` itself is left for the caller to delete."""
    from orchestration.state import failpoint

    removed = json.loads((changes / CHANGES_ONLY).read_text(encoding="utf-8")) if holds_changes_only(changes) else []
    files = [(rel, depth) for rel, depth in _files_below(changes) if rel != CHANGES_ONLY]
    files.sort(key=lambda f: (-f[1], os.path.basename(f[0]).startswith("."), f[0]))
    made: set[str] = set()
    for rel, _ in files:
        parent = os.path.dirname(rel)
        if parent and parent not in made:
            (folder / parent).mkdir(parents=True, exist_ok=True)
            made.add(parent)
        os.replace(changes / rel, folder / rel)
        failpoint("merge")  # reliability tests kill a commit here: one page merged of several
    for rel in removed:
        with contextlib.suppress(FileNotFoundError):
            (folder / rel).unlink()


def _files_below(root: Path) -> list[tuple[str, int]]:
    """(path relative to `root`, depth) of every file below it (strings: 100,000 Path objects
    cost seconds)."""
    out, stack = [], [("", 0)]
    while stack:
        rel, depth = stack.pop()
        with os.scandir(root / rel if rel else root) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((path, depth + 1))
                else:
                    out.append((path, depth))
    return out
