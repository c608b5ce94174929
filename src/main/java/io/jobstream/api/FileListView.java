package io.jobstream.api;

import io.jobstream.file.FilePage;
import io.jobstream.file.FileQuery;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of files, shaped like a page of jobs; {@code offset} is null when paging by cursor. */
record FileListView(
        List<FileView> files,
        long total,
        int limit,
        @Nullable Integer offset,
        boolean hasMore,
        @Nullable String nextCursor) {

    static FileListView of(FileQuery query, FilePage page) {
        return new FileListView(
                page.files().stream().map(FileView::of).toList(),
                page.total(),
                query.limit(),
                query.after() == null ? query.offset() : null,
                page.hasMore(),
                page.next() == null ? null : page.next().encode());
    }
}
