"""An example worker: counts to the payload's n, one step a second, and writes a report.

    python3 example_worker.py --url http://localhost:8080 --token "$WORKER_TOKEN" --type acme.count

The type's payload is {"n": 1..60}, its stages ["count", "report"] (docs/first-external-job-type.md
registers it). A job that was retried after "count" was completed does not count again.
"""

import argparse
import logging
import os
import sys
import time

from jobstream_worker import Worker


def count_then_report(ctx, step_seconds=1.0):
    n = ctx.payload["n"]
    if ctx.stage_done("count"):
        ctx.log("count was done by an attempt before this one: resuming after it")
    else:
        for i in range(1, n + 1):
            time.sleep(step_seconds)
            ctx.progress(round(90 * i / n), "counted %d of %d" % (i, n), stage="count")
        ctx.complete_stage("count", {"counted": n})
    counted = ctx.stage_output("count")["counted"]
    total = counted * (counted + 1) // 2
    ctx.upload_artifact("report.txt", "text/plain", "1 + ... + %d = %d\n" % (counted, total))
    ctx.log("wrote report.txt")
    ctx.complete_stage("report", {"artifact": "report.txt"})
    return {"total": total}


def main():
    parser = argparse.ArgumentParser(description="An example jobstream worker.")
    parser.add_argument("--url", default=os.environ.get("JOBSTREAM_URL", "http://localhost:8080"))
    parser.add_argument("--token", default=os.environ.get("JOBSTREAM_TOKEN"), help="or JOBSTREAM_TOKEN")
    parser.add_argument("--type", default="acme.count", help="the registered type to work")
    parser.add_argument("--step-seconds", type=float, default=1.0, help="how long one count step takes")
    args = parser.parse_args()
    if not args.token:
        parser.error("a worker token is needed: --token or JOBSTREAM_TOKEN")
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(message)s")
    worker = Worker(args.url, token=args.token)
    worker.handler(args.type, lambda ctx: count_then_report(ctx, args.step_seconds))
    try:
        worker.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
