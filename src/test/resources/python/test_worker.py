"""PythonWorkerTest's worker: clients/python/jobstream_worker.py (on PYTHONPATH) with handlers
whose behaviour the payload's "mode" chooses. Token from JOBSTREAM_TOKEN; logs to stdout.

    flaky   attempt 1 completes "fetch" ({"pages": 7}) and raises RetryableError; a later
            attempt returns {"total": <fetch's pages>}
    resume  "fetch" logs and uploads fetch-<attempt>.txt, unless an earlier attempt completed it;
            "read" reports progress every 100 ms for ever on attempt 1, and completes on a later one
    broken  raises ValueError("no such invoice")
    loop    checks ctx.cancelled every 20 ms (no calls of its own), for ever
"""

import logging
import sys
import time

from jobstream_worker import RetryableError, Worker


def flaky(ctx):
    if ctx.attempt == 1:
        ctx.complete_stage("fetch", {"pages": 7})
        raise RetryableError("upstream slow", error_code="TIMEOUT")
    ctx.log("attempt %d sees fetch output %s" % (ctx.attempt, ctx.stage_output("fetch")))
    return {"total": ctx.stage_output("fetch")["pages"]}


def resume(ctx):
    if ctx.stage_done("fetch"):
        ctx.log("attempt %d resumes after fetch" % ctx.attempt)
    else:
        ctx.log("fetching on attempt %d" % ctx.attempt)
        ctx.upload_artifact("fetch-%d.txt" % ctx.attempt, "text/plain", "fetched by attempt %d" % ctx.attempt)
        ctx.complete_stage("fetch", {"attempt": ctx.attempt})
    step = 0
    while ctx.attempt == 1:
        step += 1
        ctx.progress(50, "reading, step %d" % step, stage="read")
        time.sleep(0.1)
    ctx.log("reading on attempt %d" % ctx.attempt)
    ctx.complete_stage("read", {"attempt": ctx.attempt})
    return {"fetched_by": ctx.stage_output("fetch")["attempt"], "read_by": ctx.attempt}


def broken(ctx):
    raise ValueError("no such invoice")


def loop(ctx):
    ctx.progress(10, "looping", stage="fetch")
    while not ctx.cancelled:
        time.sleep(0.02)
    print("handler saw the cancel of job %s" % ctx.id, flush=True)
    ctx.check()


HANDLERS = {"flaky": flaky, "resume": resume, "broken": broken, "loop": loop}


def main():
    url, job_type = sys.argv[1], sys.argv[2]
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
    worker = Worker(url, concurrency=2, wait_seconds=5)
    worker.handler(job_type, lambda ctx: HANDLERS[ctx.payload["mode"]](ctx))
    worker.run()


if __name__ == "__main__":
    main()
