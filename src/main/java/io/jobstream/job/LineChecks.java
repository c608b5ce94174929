package io.jobstream.job;

import io.jobstream.job.BatchRepository.KeyedJob;
import io.jobstream.job.BatchRepository.NumberedJob;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One chunk of an import's lines on their way through the submit path: the jobs still to
 * store, and the lines refused so far with their reasons. Each step gives a new value.
 */
final class LineChecks {

    private final List<NumberedJob> jobs;
    private final Map<Integer, List<Violation>> refused;

    private LineChecks(List<NumberedJob> jobs, Map<Integer, List<Violation>> refused) {
        this.jobs = List.copyOf(jobs);
        this.refused = Map.copyOf(refused);
    }

    /** Each line made a job by {@code newJob}, or refused with what it threw. */
    static LineChecks of(List<SubmissionLine> lines, Function<SubmissionLine, NewJob> newJob) {
        List<NumberedJob> jobs = new ArrayList<>();
        Map<Integer, List<Violation>> refused = new TreeMap<>();
        for (SubmissionLine line : lines) {
            try {
                jobs.add(new NumberedJob(line.number(), newJob.apply(line)));
            } catch (InvalidInputException e) {
                refused.put(line.number(), e.violations());
            }
        }
        return new LineChecks(jobs, refused);
    }

    List<NewJob> newJobs() {
        return jobs.stream().map(NumberedJob::job).toList();
    }

    List<NumberedJob> numberedJobs() {
        return jobs;
    }

    List<String> keys() {
        return jobs.stream().map(job -> job.job().idempotencyKey()).toList();
    }

    /** The jobs whose references are refused ({@code refusals}, in the order of {@link #newJobs}) become refused lines. */
    LineChecks withRefusals(List<List<Violation>> refusals) {
        List<NumberedJob> allowed = new ArrayList<>();
        Map<Integer, List<Violation>> refusedNow = new TreeMap<>(refused);
        for (int index = 0; index < jobs.size(); index++) {
            if (refusals.get(index).isEmpty()) {
                allowed.add(jobs.get(index));
            } else {
                refusedNow.put(jobs.get(index).number(), refusals.get(index));
            }
        }
        return new LineChecks(allowed, refusedNow);
    }

    /**
     * Every line's outcome, in order, once the jobs were stored: {@code found} are the jobs
     * that hold the lines' keys. A key that holds another request is refused as
     * {@code POST /api/jobs} refuses a reused {@code Idempotency-Key} (there with a 409).
     */
    List<LineOutcome> outcomes(UUID batchId, List<KeyedJob> found) {
        Map<String, KeyedJob> byKey = found.stream().collect(Collectors.toMap(KeyedJob::key, job -> job));
        Map<Integer, LineOutcome> outcomes = new TreeMap<>();
        refused.forEach((number, violations) -> outcomes.put(number, LineOutcome.refused(number, violations)));
        for (NumberedJob job : jobs) {
            outcomes.put(job.number(), outcome(batchId, job, byKey.get(job.job().idempotencyKey())));
        }
        return List.copyOf(outcomes.values());
    }

    private static LineOutcome outcome(UUID batchId, NumberedJob line, @Nullable KeyedJob stored) {
        if (stored == null) {
            // only a job deleted between the insert and this read: the line is stored by the next run
            throw new IllegalStateException("the job of line " + line.number() + " is gone");
        }
        if (!stored.requestHash().equals(line.job().requestHash())) {
            return LineOutcome.refused(
                    line.number(),
                    List.of(new Violation(
                            "idempotency_key", "'" + stored.key() + "' was used before for a different request")));
        }
        boolean ours = batchId.equals(stored.batchId())
                && Integer.valueOf(line.number()).equals(stored.position());
        return new LineOutcome(
                line.number(), ours ? LineOutcome.Kind.CREATED : LineOutcome.Kind.EXISTING, stored.id(), List.of());
    }
}
