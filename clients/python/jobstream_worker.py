"""A minimal worker for jobstream's external job types, over HTTP, standard library only.

A worker claims jobs of the types it has handlers for (a long-poll), runs each handler with a
:class:`JobContext`, keeps the job's lease with a heartbeat thread (a third of the lease), and
completes the job with the handler's return value or fails it with its exception:
:class:`RetryableError` is retried under the type's retry policy, anything else fails the job.

    worker = Worker("http://localhost:8080", token=os.environ["JOBSTREAM_TOKEN"])

    @worker.handler("acme.count")
    def count(ctx):
        ctx.progress(50, "half way", stage="count")
        return {"total": 3}

    worker.run()

Python 3.9 or newer. See README.md beside this file.
"""

import datetime
import json
import logging
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Worker", "JobContext", "RetryableError", "JobStopped", "WorkerError"]

log = logging.getLogger("jobstream_worker")


class RetryableError(Exception):
    """Raised by a handler: the attempt failed, and the job is retried under its retry policy."""

    def __init__(self, message, error_code="INTERNAL_ERROR"):
        super().__init__(message)
        self.error_code = error_code


class JobStopped(Exception):
    """Raised by a context call once the job is no longer this worker's: cancelled, or its claim lost."""

    def __init__(self, job_id, reason):
        super().__init__("job %s stopped: %s" % (job_id, reason))
        self.job_id = job_id
        self.reason = reason


class WorkerError(Exception):
    """jobstream answered a call with an error other than 409 (the problem document's detail)."""

    def __init__(self, status, detail):
        super().__init__("HTTP %s: %s" % (status, detail))
        self.status = status
        self.detail = detail


class _Conflict(Exception):
    pass


class _Api:
    """The HTTP calls, each with the bearer token; JSON in and out."""

    def __init__(self, base_url, token, timeout):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def call(self, path, body=None, claim_token=None, data=None, content_type="application/json", timeout=None):
        headers = {"Authorization": "Bearer " + self.token, "Accept": "application/json"}
        if claim_token is not None:
            headers["Claim-Token"] = claim_token
        if data is None:
            data = json.dumps({} if body is None else body).encode("utf-8")
        headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                text = response.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            detail = _detail(error)
            if error.code == 409:
                raise _Conflict(detail) from None
            raise WorkerError(error.code, detail) from None


def _detail(error):
    try:
        problem = json.loads(error.read() or b"{}")
        return problem.get("detail") or problem.get("title") or str(error)
    except ValueError:
        return str(error)


def _seconds_until(timestamp):
    """Seconds from now until an ISO-8601 instant such as 2026-12-06T06:00:01.123456789Z."""
    # fromisoformat before 3.11 takes neither "Z" nor nine fraction digits
    text = re.sub(r"(\.\d{1,6})\d*", r"\1", timestamp.replace("Z", "+00:00"))
    instant = datetime.datetime.fromisoformat(text)
    return (instant - datetime.datetime.now(datetime.timezone.utc)).total_seconds()


class JobContext:
    """One claimed job, as its handler sees it; every call reports to jobstream with the claim token.

    Attributes: ``id``, ``type``, ``owner``, ``payload``, ``attempt`` (1 for the first),
    ``completed_stages`` (``[{"name": …, "output": …}]`` of earlier attempts, in order).
    """

    def __init__(self, api, job):
        self._api = api
        self._job_path = "/api/workers/jobs/" + urllib.parse.quote(job["id"], safe="")
        self._claim_token = job["claim_token"]
        self._stop_reason = None
        self._lock = threading.Lock()
        self.id = job["id"]
        self.type = job["type"]
        self.owner = job.get("owner")
        self.payload = job.get("payload")
        self.attempt = job.get("attempt", 1)
        self.completed_stages = list(job.get("completed_stages") or [])
        self.lease_expires_at = job.get("lease_expires_at")

    @property
    def cancelled(self):
        """True once the job was cancelled (a heartbeat said so) or this worker lost its claim."""
        return self._stop_reason is not None

    @property
    def stop_reason(self):
        """``"cancelled"``, ``"claim lost"``, or None while the job is this worker's."""
        return self._stop_reason

    def stage_done(self, name):
        """Whether an earlier attempt completed the stage ``name``: resume after it."""
        return any(stage["name"] == name for stage in self.completed_stages)

    def stage_output(self, name, default=None):
        """The output an earlier attempt (or this one) gave the stage ``name``."""
        for stage in self.completed_stages:
            if stage["name"] == name:
                return stage.get("output")
        return default

    def check(self):
        """Raises :class:`JobStopped` if the job was cancelled or its claim lost."""
        if self._stop_reason is not None:
            raise JobStopped(self.id, self._stop_reason)

    def progress(self, percent, message=None, stage=None, documents=None):
        """Reports progress; ``documents`` may hold total_documents, processed_count, failed_count."""
        body = {"percent": percent}
        if message is not None:
            body["message"] = message
        if stage is not None:
            body["stage"] = stage
        body.update(documents or {})
        self._report("/progress", body)

    def log(self, *lines):
        """Adds log lines to the job (at most 100 per call; longer lists are sent in parts)."""
        lines = [str(line) for line in lines]
        for start in range(0, len(lines), 100):
            self._report("/logs", {"lines": lines[start : start + 100]})

    def complete_stage(self, name, output=None):
        """Completes the stage ``name`` with its output: the checkpoint a later attempt resumes after."""
        self._report("/stages/" + urllib.parse.quote(name, safe="") + "/complete", {"output": output})
        self.completed_stages = [stage for stage in self.completed_stages if stage["name"] != name]
        self.completed_stages.append({"name": name, "output": output})

    def upload_artifact(self, name, content_type, content):
        """Stores an artifact of the job: ``content`` is bytes, a str, or a binary file object."""
        if isinstance(content, str):
            content = content.encode("utf-8")
        elif not isinstance(content, (bytes, bytearray)):
            content = content.read()
        path = "/artifacts?name=" + urllib.parse.quote(name, safe="")
        self._report(path, data=bytes(content), content_type=content_type)

    def _report(self, path, body=None, data=None, content_type="application/json"):
        self.check()
        try:
            return self._api.call(
                self._job_path + path, body, claim_token=self._claim_token, data=data, content_type=content_type
            )
        except _Conflict:
            self._learn_why_stopped()
            raise JobStopped(self.id, self._stop_reason) from None

    def _heartbeat(self):
        """One heartbeat; False once the job is no longer this worker's."""
        try:
            answer = self._api.call(self._job_path + "/heartbeat", claim_token=self._claim_token)
        except _Conflict:
            self._stop("claim lost")
            return False
        if answer.get("cancel_requested"):
            self._stop("cancelled")
            return False
        self.lease_expires_at = answer.get("lease_expires_at")
        return True

    def _learn_why_stopped(self):
        # a 409 means cancelled or lost; a heartbeat tells which (a cancelled job still answers it)
        try:
            if self._heartbeat():
                self._stop("claim lost")
        except (WorkerError, OSError):
            self._stop("claim lost")

    def _stop(self, reason):
        with self._lock:
            if self._stop_reason is None:
                self._stop_reason = reason

    def _finish(self, call, body):
        if self._stop_reason is not None:
            return
        try:
            self._api.call(self._job_path + call, body, claim_token=self._claim_token)
        except _Conflict:
            self._learn_why_stopped()


class _Heartbeats(threading.Thread):
    """Renews one job's lease every ``interval`` seconds until stopped, or until the job stops."""

    def __init__(self, context, interval):
        super().__init__(name="heartbeat-" + context.id, daemon=True)
        self._context = context
        self._interval = interval
        self._done = threading.Event()

    def run(self):
        while not self._done.wait(self._interval):
            try:
                if not self._context._heartbeat():
                    log.info("job %s: %s (heartbeat)", self._context.id, self._context.stop_reason)
                    return
            except (WorkerError, OSError) as error:
                log.warning("job %s: heartbeat failed: %s", self._context.id, error)

    def stop(self):
        self._done.set()


class Worker:
    """Claims jobs of the types it has handlers for and runs them, ``concurrency`` at a time.

    ``token`` defaults to the environment variable ``JOBSTREAM_TOKEN``; it needs the scope
    ``jobs:work``. ``heartbeat_interval`` (seconds) defaults to a third of each job's lease.
    """

    def __init__(
        self,
        base_url=None,
        token=None,
        concurrency=1,
        wait_seconds=20,
        heartbeat_interval=None,
        timeout=30,
    ):
        base_url = base_url or os.environ.get("JOBSTREAM_URL", "http://localhost:8080")
        token = token or os.environ.get("JOBSTREAM_TOKEN")
        if not token:
            raise ValueError("a token is needed: pass token=… or set JOBSTREAM_TOKEN")
        self._api = _Api(base_url, token, timeout)
        self._handlers = {}
        self._concurrency = concurrency
        self._wait_seconds = wait_seconds
        self._heartbeat_interval = heartbeat_interval
        self._running = threading.Semaphore(concurrency)
        self._stopped = threading.Event()

    def handler(self, job_type, function=None):
        """Registers ``function(context) -> result`` for ``job_type``; usable as a decorator."""
        if function is None:
            return lambda f: self.handler(job_type, f)
        self._handlers[job_type] = function
        return function

    def stop(self):
        """Ends :meth:`run` after its current claim; running jobs go on to their end."""
        self._stopped.set()

    def run(self):
        """Claims and runs jobs until :meth:`stop` (or Ctrl-C)."""
        if not self._handlers:
            raise ValueError("no handlers: add one with worker.handler(type, function)")
        log.info("worker claiming %s", ", ".join(sorted(self._handlers)))
        while not self._stopped.is_set():
            free = self._take_free_slots()
            try:
                jobs = self._claim(free)
            except (WorkerError, OSError) as error:
                log.warning("claim failed: %s; trying again in 2 s", error)
                jobs = []
                self._stopped.wait(2)
            for _ in range(free - len(jobs)):
                self._running.release()
            for job in jobs:
                threading.Thread(target=self._run_and_release, args=(job,), name="job-" + job["id"]).start()

    def run_job(self, job):
        """Runs one claimed job (an element of the claim's ``jobs``) to its end, in this thread."""
        context = JobContext(self._api, job)
        heartbeats = _Heartbeats(context, self._interval(context))
        heartbeats.start()
        log.info("job %s claimed (type %s, attempt %s)", context.id, context.type, context.attempt)
        try:
            outcome = self._run_handler(context)
        finally:
            heartbeats.stop()
        if context.stop_reason is not None:
            log.info("job %s stopped: %s", context.id, context.stop_reason)
        else:
            log.info("job %s %s", context.id, outcome)

    def _run_handler(self, context):
        try:
            result = self._handlers[context.type](context)
        except JobStopped:
            return None
        except RetryableError as error:
            return self._fail(context, error.error_code, str(error), True)
        except OSError as error:  # the network failed under a report: another attempt may fare better
            return self._fail(context, "INTERNAL_ERROR", "a report failed: %s" % error, True)
        except Exception as error:  # a handler's bug fails the job, not the worker
            log.exception("job %s: the handler raised", context.id)
            return self._fail(context, "INTERNAL_ERROR", str(error) or type(error).__name__, False)
        if context.cancelled:
            return None
        try:
            context._finish("/complete", {"result": result})
            return "completed"
        except WorkerError as error:  # the result breaks the type's result_schema, say
            return self._fail(context, "INTERNAL_ERROR", "the result was refused: %s" % error.detail, False)

    @staticmethod
    def _fail(context, error_code, message, retryable):
        body = {"error_code": error_code, "error": message[:2000], "retryable": retryable}
        try:
            context._finish("/fail", body)
        except (WorkerError, OSError) as error:
            log.warning("job %s: could not report its failure: %s", context.id, error)
        return "failed%s: %s" % (", to be retried" if retryable else "", message)

    def _take_free_slots(self):
        self._running.acquire()
        free = 1
        while free < self._concurrency and self._running.acquire(blocking=False):
            free += 1
        return free

    def _claim(self, max_jobs):
        body = {"types": sorted(self._handlers), "max": max_jobs, "wait_seconds": self._wait_seconds}
        answer = self._api.call("/api/workers/claim", body, timeout=self._wait_seconds + 15)
        return answer.get("jobs", [])

    def _run_and_release(self, job):
        try:
            self.run_job(job)
        finally:
            self._running.release()

    def _interval(self, context):
        if self._heartbeat_interval is not None:
            return self._heartbeat_interval
        try:
            return max(0.2, _seconds_until(context.lease_expires_at) / 3)
        except (TypeError, ValueError):
            return 5.0
