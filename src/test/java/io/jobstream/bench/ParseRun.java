package io.jobstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured way of reading one kind of document: {@code documents} documents of
 * {@code pagesEach} pages, read one at a time (the sum of their times) or all at once (first
 * submission to last completion), by jobstream or by Tika Server.
 */
record ParseRun(String system, String format, String mode, int documents, int pagesEach, double seconds) {

    int pages() {
        return documents * pagesEach;
    }

    double pagesPerSecond() {
        return pages() / seconds;
    }

    double millisPerPage() {
        return seconds * 1000 / pages();
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("documents", documents);
        map.put("pages", pages());
        map.put("seconds", round(seconds, 3));
        map.put("pages_per_second", round(pagesPerSecond(), 1));
        map.put("ms_per_page", round(millisPerPage(), 2));
        return map;
    }

    void print() {
        System.out.printf(
                "  %-10s %-20s %-13s %3d x %3d pages  %8.1f pages/s  %8.2f ms/page  (%.2f s)%n",
                system, format, mode, documents, pagesEach, pagesPerSecond(), millisPerPage(), seconds);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
