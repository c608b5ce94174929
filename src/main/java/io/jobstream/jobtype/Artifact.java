package io.jobstream.jobtype;

import java.util.regex.Pattern;

/**
 * A file a stage produced, kept with its job and shipped in the job's archive. Names are
 * plain file names ({@code [A-Za-z0-9._-]}, at most 200 characters).
 */
public record Artifact(String name, String contentType, byte[] content) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public Artifact {
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
