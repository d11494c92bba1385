"""Worker processes for page rendering, which never outlive the build that started them.

Forked workers start with everything imported. Each worker asks Linux to kill it when its
parent dies (``prctl(PR_SET_PDEATHSIG)``), and also watches a pipe whose write end only the
parent holds: end of file means the parent is gone, on any system with fork. A worker's stdout
goes to /dev/null so a caller reading ours never waits on a worker, and Ctrl-C is the parent's
to handle.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import ExitStack, contextmanager, suppress
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


@contextmanager
def worker_pool(jobs: int = 0, least: int = 2) -> Iterator[Executor | None]:
    """A pool of forked workers, or None where there is no fork (Windows: drawn in-process) or
    fewer than ``least`` are asked for."""
    # Imported here: a rebuild with every chart kept forks no worker (LazyPool), and these
    # imports (multiprocessing, the process pool) cost it 5-10 ms.
    from multiprocessing import get_all_start_methods, get_context

    jobs = jobs or min(os.cpu_count() or 1, 4)
    if jobs < least or "fork" not in get_all_start_methods():
        yield None  # spawned workers would each re-import matplotlib
        return
    read_end, write_end = os.pipe()
    pool = _forking_pool_class()(
        jobs,
        mp_context=get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(), read_end, write_end),
    )
    try:
        yield pool
    except BaseException:
        _end_now(pool)  # an error is reported at once, not after the workers' jobs
        # A Ctrl-C that came between the pool's thread being made and started makes joining
        # it fail; the Ctrl-C is what the user should hear about.
        with suppress(RuntimeError):
            pool.shutdown(wait=True)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        os.close(read_end)
        os.close(write_end)


@cache  # one class, made on the first pool (the import is deferred to it)
def _forking_pool_class() -> type[ProcessPoolExecutor]:
    from concurrent.futures import ProcessPoolExecutor

    class ForkingPool(ProcessPoolExecutor):
        """A process pool whose first job forks the workers and starts the pool's thread
        with Ctrl-C deferred (see ``ctrl_c_deferred``)."""

        _launched = False

        def submit(self, fn, /, *args, **kwargs):  # noqa: ANN001  (Executor's own signature)
            if self._launched:
                return super().submit(fn, *args, **kwargs)
            with ctrl_c_deferred():
                future = super().submit(fn, *args, **kwargs)
                self._launched = True
            return future

    return ForkingPool


@contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C held back until the block ends, then raised as usual. For what must not stop
    half way: loading a native extension (a Ctrl-C inside pikepdf's import aborts the process)
    and forking workers (a child that gets it before ignoring it prints a traceback of its
    own; a pool whose thread was made but not started cannot be shut down). A forked child
    inherits the holding handler, so it only notes the Ctrl-C. Elsewhere than in the main
    thread (a watch run by an editor's thread) nothing is deferred: Ctrl-C is not raised there."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


def _end_now(pool: ProcessPoolExecutor) -> None:
    """End the workers without waiting for their jobs (a first build's worker may be half way
    through importing matplotlib): nothing they make is wanted any more."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.kill()  # the pool sees it broken, fails what was pending, and shuts down at once


class LazyPool(Executor):
    """A worker pool forked only when the first job arrives (a warm rebuild often has none)."""

    def __init__(self, jobs: int = 0, least: int = 2):
        self.jobs, self.least = jobs, least
        self._stack = ExitStack()
        self._pool: Executor | None = None
        self._started = False

    def submit(self, fn, /, *args, **kwargs):  # noqa: ANN001  (Executor's own signature)
        if not self._started:
            self._started = True
            self._pool = self._stack.enter_context(worker_pool(self.jobs, self.least))
        if self._pool is None:  # no fork here: run it now
            future: Future[Any] = Future()
            future.set_result(fn(*args, **kwargs))
            return future
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._stack.close()

    def __exit__(self, *exc: Any) -> bool | None:
        # The error in flight goes on to the pool, which then ends its workers at once.
        return self._stack.__exit__(*exc)


def _start_worker(parent: int, read_end: int, write_end: int) -> None:
    # Ctrl-C is the parent's to answer (it ends its workers): ignored first, so a worker still
    # starting never prints a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.close(write_end)  # only the parent's copy keeps the pipe open
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch_pipe, args=(read_end,), daemon=True).start()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # in the worker only

        # The process's own symbols hold libc's prctl: no ldconfig run to find the library.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # the pipe watcher below still ends the worker


def _watch_pipe(read_end: int) -> None:
    try:
        while os.read(read_end, 1):
            pass
    except OSError:
        pass
    os._exit(1)  # end of file: the parent has exited, whatever the signal
