package io.jobstream.crawl;

/** A URL to visit ({@code url}, normalized), {@code depth} links from a seed, {@code seq} its place in the frontier. */
record FrontierEntry(long seq, String url, int depth) {}
