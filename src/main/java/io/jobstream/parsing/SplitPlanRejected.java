package io.jobstream.parsing;

/**
 * The document does not fit the split plan: a range ends past its last page, or it has no
 * bookmarks to split at. The message says which, for people (a range by its payload field).
 */
public class SplitPlanRejected extends RuntimeException {

    public SplitPlanRejected(String message) {
        super(message);
    }
}
