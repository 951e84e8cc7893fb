"""Keep a long build's process small and its pauses short: fewer C heaps, freed memory given back
between stages, the libraries' objects out of the cycle collector's way."""
import contextlib
import ctypes
import gc

_M_ARENA_MAX = -8  # mallopt's parameter number (glibc malloc.h)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Let glibc keep at most `arenas` C heaps in this process. By default each thread that meets
    another in malloc gets a heap of its own (up to 8 per core), and memory freed in one heap is
    kept there: DuckDB's threads left the build process hundreds of MB above its data (a 100,000-
    file build peaked at 1,542 MiB of PSS with the default, 1,393 with two). Call it early: heaps
    already made stay."""
    try:
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, arenas)
    except AttributeError:  # not glibc
        pass


def release_free_memory() -> None:
    """Return the C heap's free pages to the system. glibc keeps memory a stage freed for reuse:
    without this, the build process keeps the size of its largest stage to the end of the build,
    beside the processes later stages start."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # the C library this process already runs on
    except AttributeError:  # not glibc: nothing to trim
        pass


@contextlib.contextmanager
def long_lived_imports():
    """Import, inside the block, what lives as long as the process (Dagster, dbt, GE: about 750,000
    objects) without the cycle collector, then exempt it from every later collection (gc.freeze).
    Each full collection walked them all: 0.05-0.35 s, about ten times a build, the other threads
    waiting for the interpreter meanwhile. Cycles made later are collected as before. Once per
    process (a test session builds many times: each freeze would keep the garbage of its moment),
    and nothing calls gc.unfreeze(): it would put the libraries back into every collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def older_objects_frozen():
    """Collections inside the block skip every object made before it (gc.freeze), and those are
    collectable again after it, unless long_lived_imports froze the process's objects already:
    an unfreeze() would undo that too, so the block then changes nothing."""
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    try:
        yield
    finally:
        if freezing:
            gc.unfreeze()
