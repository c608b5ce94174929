package io.jobstream.system;

/** SQL that steers PostgreSQL's planner where its statistics can mislead it. */
public final class PlannerHints {

    private PlannerHints() {}

    /**
     * The state conditions of a statement over jobs given by id, kept where the planner
     * cannot use them to choose an index, so that it looks each job up by id. Planned with
     * statistics from before a burst (few due or running jobs), a statement whose conditions
     * match a partial index (due jobs, running jobs) would otherwise scan that whole index,
     * a burst's worth of rows, each time.
     */
    public static String byIdOnly(String conditions) {
        return "(case when " + conditions + " then true else false end)";
    }
}
