"""Error reports to ``ADMINS`` leave the request: the report is built where the error happened
(it needs the request and the traceback) but sent by a background thread from a bounded queue,
so a slow or unreachable mail server never holds a worker, and an error storm drops reports
instead of piling them up."""

from __future__ import annotations

import logging
import queue
import threading

from django.utils.log import AdminEmailHandler

logger = logging.getLogger(__name__)

QUEUE_SIZE = 100


class QueuedAdminEmailHandler(AdminEmailHandler):
    outbox: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
    _worker: threading.Thread | None = None
    _lock = threading.Lock()

    def send_mail(self, subject, message, *args, **kwargs):
        try:
            self.outbox.put_nowait((subject, message, args, kwargs))
        except queue.Full:
            return  # dropped: the log line itself is still written by the other handlers
        self._ensure_worker()

    def _ensure_worker(self) -> None:
        cls = type(self)
        with cls._lock:
            if cls._worker is None or not cls._worker.is_alive():
                cls._worker = threading.Thread(
                    target=self._drain, name="admin-error-mail", daemon=True
                )
                cls._worker.start()

    def _drain(self) -> None:
        while True:
            subject, message, args, kwargs = self.outbox.get()
            try:
                self.deliver(subject, message, *args, **kwargs)
            except Exception:
                logger.warning("could not e-mail an error report to ADMINS", exc_info=True)
            finally:
                self.outbox.task_done()

    def deliver(self, subject, message, *args, **kwargs) -> None:
        super().send_mail(subject, message, *args, **kwargs)
