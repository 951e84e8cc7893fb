"""Give a long build's freed memory back to the system between stages."""
import ctypes
import gc


def release_free_memory() -> None:
    """Return the C heap's free pages to the system. glibc keeps memory a stage freed for reuse:
    without this, the build process keeps the size of its largest stage to the end of the build,
    beside the processes later stages start."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # the C library this process already runs on
    except AttributeError:  # not glibc: nothing to trim
        pass
