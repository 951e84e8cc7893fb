"""Give a long build's freed memory back to the system between stages."""
import ctypes
import ctypes.util
import gc


def release_free_memory() -> None:
    """Return the C heap's free pages to the system. glibc keeps memory a stage freed for reuse:
    without this, the build process keeps the size of its largest stage to the end of the build,
    beside the processes later stages start."""
    gc.collect()
    libc = ctypes.util.find_library("c")
    if libc:
        try:
            ctypes.CDLL(libc).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: nothing to trim
            pass
