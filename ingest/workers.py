"""OCR on a Celery worker pool with a Redis broker (the only module that imports celery).

    foia ingest --workers redis://HOST:6379/0 ...   coordinates: plans, splits, stores, indexes
    foia worker --broker redis://HOST:6379/0        on any machine: render + Tesseract, one process per core

``CeleryExecutor`` is a ``concurrent.futures.Executor``: the pipeline submits
pages to it exactly as it does to the local process pool, and the archive comes
out the same. Each task carries its page by content, cut out of the PDF into a
one-page PDF (a small part of the whole PDF's bytes, and quick to cut: README,
Scaling out OCR, has the figures; the cut page renders to the same pixels). Tasks are named by the PDF's SHA-256 and page number and compute a
pure function of their payload, so a retried or duplicated task is harmless.

What can go wrong, and what happens:

    a worker process dies mid-page      acks_late + reject_on_worker_lost: the page goes back on the queue
    a page kills its worker every time  its MAX_DELIVERIES + 1st delivery fails it (counted in Redis):
                                        ``PageError`` naming the file and page; that document fails,
                                        the batch goes on
    a whole worker (machine) dies       its unacknowledged pages return after the visibility timeout
    a page never finishes               soft and hard time limits fail the task
    broker restarts                     seen as a new Redis run_id: every page not yet collected is sent
                                        again at once (a restart without persistence loses the queue
                                        and the results)
    broker gone, or pages lost          no page finished for ``stall_timeout`` s: the missing pages are
                                        sent once more, then the batch stops
    a worker with another Tesseract     the task fails rather than give different text than a local ingest

Any other page that cannot be done stops the batch with ``OcrWorkersFailed``
naming the pages: documents already stored are complete, the others are not
written, and running the ingest again finishes the job.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import inspect
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .errors import OcrWorkersFailed, PageError
from .ocr import PAGE_TIMEOUT_S, OcrEngine, OcrResult, Tesseract, limit_threads
from .ocr_cache import tesseract_identity
from .pages import OCR_DPI, ocr_page
from .pdf import PageCutter

TASK_NAME = "foia.ocr_page"
QUEUE = "foia-ocr"
SOFT_TIME_LIMIT_S = PAGE_TIMEOUT_S + 60  # Tesseract's own timeout comes first
HARD_TIME_LIMIT_S = PAGE_TIMEOUT_S + 120
VISIBILITY_TIMEOUT_S = 2 * HARD_TIME_LIMIT_S + 60  # a reserved page waits at most one page, then runs
STALL_TIMEOUT_S = VISIBILITY_TIMEOUT_S + 2 * HARD_TIME_LIMIT_S
POLL_S = 1.0
MAX_DELIVERIES = 3  # a page whose worker died this many times is not tried again
DELIVERIES_KEY = "foia-ocr-deliveries-"  # + task id: a Redis counter, kept a day


class EngineMismatch(Exception):
    """A worker's Tesseract or OCR code differs from the coordinator's."""


class PoisonPage(Exception):
    """Raised by a worker for a page whose earlier deliveries all killed their worker."""


def celery_app(broker: str, *, visibility_timeout: int = VISIBILITY_TIMEOUT_S) -> Any:
    """The Celery application for ``broker`` (also the result backend), with the OCR task."""
    try:
        from celery import Celery
    except ImportError as exc:
        raise OcrWorkersFailed("Celery is not installed; install it with "
                               "`pip install 'foia-archive[workers]'` (or `pip install 'celery[redis]'`)") from exc
    app = Celery("foia", broker=broker, backend=broker, set_as_current=False)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"],
        task_default_queue=QUEUE,
        task_acks_late=True, task_reject_on_worker_lost=True,
        task_soft_time_limit=SOFT_TIME_LIMIT_S, task_time_limit=HARD_TIME_LIMIT_S,
        worker_prefetch_multiplier=1,  # an idle machine takes work instead of a busy one hoarding it
        broker_transport_options={"visibility_timeout": visibility_timeout,
                                  "unacked_restore_interval": max(1, min(10, visibility_timeout // 4)),
                                  "unacked_restore_throttle": 1},
        broker_connection_retry_on_startup=True,
        result_expires=24 * 3600,
    )
    def ocr(task: Any, *args: Any) -> dict[str, Any]:
        if _deliveries(app, task.request.id) > MAX_DELIVERIES:
            raise PoisonPage(f"an OCR worker died on this page {MAX_DELIVERIES} times (a crash in the renderer "
                             "or Tesseract), so it was not tried again")
        return ocr_task(*args)

    app.task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True)(ocr)
    return app


def _deliveries(app: Any, task_id: str) -> int:
    """How many times this task has been handed to a worker, this time included (1 if Redis cannot say)."""
    key = DELIVERIES_KEY + task_id
    try:
        count, _ = app.backend.client.pipeline().incr(key).expire(key, 24 * 3600).execute()
        return int(count)
    except Exception:  # counting is a safeguard: the page still runs
        return 1


def _run_id(app: Any) -> str | None:
    """The Redis server's run id: it changes when the server restarts (None while it is down)."""
    try:
        return str(app.backend.client.info("server")["run_id"])
    except Exception:
        return None


def ocr_task(payload: str, page: int, width_points: float, dpi: int, lang: str, engine_id: str) -> dict[str, Any]:
    """Worker side: render and OCR one page of a PDF sent by content (base64)."""
    limit_threads()
    mine = tesseract_identity(lang)
    if mine != engine_id:
        raise EngineMismatch(f"this worker has {mine}, the ingest expects {engine_id}; install the same "
                             "Tesseract and foia-archive versions on every worker")
    with tempfile.TemporaryDirectory(prefix="foia-worker-") as folder:
        path = Path(folder) / "page.pdf"
        path.write_bytes(base64.b64decode(payload))
        result = ocr_page(str(path), page, width_points, Tesseract(lang), dpi)
    return asdict(result)


class _Task:
    """One submitted page: its future, its label for errors, and what it takes to send it again."""

    def __init__(self, future: Future[OcrResult], path: str, page: int, args: list[Any], key: str) -> None:
        self.future = future
        self.path = path
        self.page = page
        self.label = f"{Path(path).name} page {page}"
        self.args = args
        self.key = key  # the PDF's SHA-256 and the page number
        self.celery_id = ""
        self.resent = False


class _TaskFuture(Future[OcrResult]):
    """A future resolved from the result backend when the pipeline asks for it."""

    def __init__(self, executor: CeleryExecutor) -> None:
        super().__init__()
        self._executor = executor

    def result(self, timeout: float | None = None) -> OcrResult:
        if not self.done():
            self._executor._collect(self)
        return super().result(timeout)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        if not self.done():
            self._executor._collect(self)
        return super().exception(timeout)


class CeleryExecutor(Executor):
    """Runs ``ocr_page`` on Celery workers listening on ``broker``."""

    def __init__(self, broker: str, *, stall_timeout: float = STALL_TIMEOUT_S) -> None:
        self.broker = broker
        self.stall_timeout = stall_timeout
        self._app: Any = None
        self._tasks: dict[Future[OcrResult], _Task] = {}
        self._last_progress = time.monotonic()
        self._source: tuple[str, str, bytes, Any] | None = None  # path, sha256, bytes, PageCutter
        self._broker_run: str | None = None  # the Redis run id the outstanding pages were sent to

    def submit(self, fn: Callable[..., OcrResult], /, *args: Any, **kwargs: Any) -> Future[OcrResult]:  # type: ignore[override]
        if inspect.unwrap(fn) is not ocr_page or kwargs:
            raise TypeError("CeleryExecutor runs ocr_page(path, number, width_points, engine) only")
        path, number, width_points, engine = args
        app = self._connect()
        sha256, payload, page_in_payload = self._payload(str(path), int(number))
        task_args = [base64.b64encode(payload).decode("ascii"), page_in_payload, float(width_points), OCR_DPI,
                     *self._engine(engine)]
        if not self._tasks:  # nothing was outstanding: the stall clock starts now
            self._last_progress = time.monotonic()
        future = _TaskFuture(self)
        task = _Task(future, str(path), int(number), task_args, f"ocr-{sha256[:16]}-p{number}")
        self._tasks[future] = task
        self._send(app, task)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._app is not None:
            undone = [task.celery_id for task in self._tasks.values()]
            if undone:  # the batch stopped: do not leave workers busy with pages nobody will read
                with contextlib.suppress(Exception):
                    self._app.control.revoke(undone)
            self._app.close()
            self._app = None
        self._tasks.clear()
        self._open(None)

    def _connect(self) -> Any:
        if self._app is not None:
            return self._app
        app = celery_app(self.broker)
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=2, interval_start=0.5, timeout=5)
            answered = app.control.ping(timeout=2.0, limit=1)  # one answer is enough: do not wait out the timeout
        except Exception as exc:
            app.close()
            raise OcrWorkersFailed(f"cannot reach the OCR broker at {self.broker} ({exc}); start redis-server "
                                   "there or correct --workers / FOIA_WORKERS") from exc
        if not answered:
            app.close()
            raise OcrWorkersFailed(f"no OCR worker answers on {self.broker}; start one or more with "
                                   f"`foia worker --broker {self.broker}`")
        self._app = app
        self._broker_run = _run_id(app)
        return app

    def _engine(self, engine: OcrEngine | None) -> tuple[str, str]:
        if engine is not None and not isinstance(engine, Tesseract):
            raise TypeError("Celery workers run Tesseract; a custom OCR engine needs the local pool")
        lang = engine.lang if engine is not None else "eng"
        return lang, tesseract_identity(lang)

    def _open(self, path: str | None) -> Any:
        if self._source is not None and self._source[0] == path:
            return self._source
        if self._source is not None:
            self._source[3].close()
            self._source = None
        if path is None:
            return None
        data = Path(path).read_bytes()
        self._source = (path, hashlib.sha256(data).hexdigest(), data, PageCutter(data))
        return self._source

    def _payload(self, path: str, number: int) -> tuple[str, bytes, int]:
        """The page cut out into a one-page PDF; the whole PDF if it cannot be cut."""
        _, sha256, data, cutter = self._open(path)
        page = cutter.cut(number)
        # a page PDFium cannot copy: the worker gets the whole file and fails alike
        return (sha256, page, 1) if page is not None else (sha256, data, number)

    def _send(self, app: Any, task: _Task) -> None:
        task.celery_id = f"{task.key}-{uuid.uuid4().hex[:8]}"
        try:
            app.send_task(TASK_NAME, args=task.args, task_id=task.celery_id, queue=QUEUE)
        except Exception as exc:
            raise OcrWorkersFailed(f"cannot send pages to the OCR broker at {self.broker} ({exc})",
                                   (task.label,)) from exc

    def _collect(self, future: _TaskFuture) -> None:
        """Wait for one page's result; resend the missing pages once if nothing finishes for too long."""
        from celery.exceptions import TimeoutError as CeleryTimeout

        task = self._tasks[future]
        app = self._connect()
        while True:
            pending = app.AsyncResult(task.celery_id)
            try:
                pending.get(timeout=POLL_S, propagate=False, disable_sync_subtasks=False)
            except CeleryTimeout:
                pass
            except Exception:  # the broker is restarting: keep waiting, bounded by the stall timeout
                time.sleep(POLL_S)
            else:
                break
            self._resend_after_broker_restart(app)
            if time.monotonic() - self._last_progress > self.stall_timeout:
                if any(t.resent for t in self._tasks.values()):
                    raise OcrWorkersFailed(f"no OCR worker on {self.broker} finished a page for "
                                           f"{self.stall_timeout:.0f} s", self._undone())
                for other in self._tasks.values():
                    other.resent = True
                    self._send(app, other)
                self._last_progress = time.monotonic()
        del self._tasks[future]
        self._last_progress = time.monotonic()
        meta = pending.result
        failed = pending.failed()
        pending.forget()
        if failed and type(meta).__name__ == PoisonPage.__name__:  # this document fails, the batch goes on
            future.set_exception(PageError(task.path, f"{meta}; look for the crash in the workers' logs, "
                                           "or ingest the file without --workers", page=task.page))
            return
        if failed:
            self._fail(future, task, f"{type(meta).__name__}: {meta}")
        try:
            future.set_result(OcrResult(**meta))
        except TypeError as exc:
            self._fail(future, task, f"unreadable result ({exc})")

    def _resend_after_broker_restart(self, app: Any) -> None:
        """A restarted Redis may have lost every queued page and stored result: send the pages not
        yet collected again (a page done twice gives the same result)."""
        run = _run_id(app)
        if run is None or run == self._broker_run:
            return
        self._broker_run = run
        for task in self._tasks.values():
            self._send(app, task)
        self._last_progress = time.monotonic()

    def _fail(self, future: Future[OcrResult], task: _Task, reason: str) -> None:
        self._tasks.pop(future, None)
        raise OcrWorkersFailed(f"an OCR worker failed on {task.label}: {reason}",
                               (task.label, *self._undone()))

    def _undone(self) -> tuple[str, ...]:
        return tuple(task.label for task in self._tasks.values())
