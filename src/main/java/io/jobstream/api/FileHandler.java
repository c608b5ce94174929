package io.jobstream.api;

import io.jobstream.file.FileService;
import io.jobstream.file.StoredFile;
import io.jobstream.file.Upload;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Thin HTTP handlers for files: read the request, call the file service, map the answer. */
@Component
class FileHandler {

    private final FileService files;

    FileHandler(FileService files) {
        this.files = files;
    }

    /** 201 with every file kept; a multipart body's {@code file} parts, or a raw body and {@code ?filename=}. */
    Mono<ServerResponse> upload(ServerRequest request) {
        boolean multipart = request.headers()
                .contentType()
                .filter(MediaType.MULTIPART_FORM_DATA::isCompatibleWith)
                .isPresent();
        Flux<Upload> uploads = multipart ? Uploads.multipart(request) : Uploads.raw(request);
        return Callers.of(request)
                .flatMap(caller -> files.upload(caller.subject(), uploads))
                .flatMap(FileHandler::created);
    }

    private static Mono<ServerResponse> created(List<StoredFile> stored) {
        URI location = URI.create("/api/files/" + stored.getFirst().id());
        return ServerResponse.created(location).bodyValue(FileView.Uploaded.of(stored));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        var query = FileListParameters.parse(request);
        return Callers.of(request)
                .flatMap(caller -> files.list(caller, query))
                .flatMap(page -> ServerResponse.ok().bodyValue(FileListView.of(query, page)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        var id = JobHandler.uuid(request, "id");
        return Callers.of(request)
                .flatMap(caller -> files.get(caller, id))
                .flatMap(file -> ServerResponse.ok().bodyValue(FileView.of(file)));
    }

    /** The bytes, streamed from storage; one {@code Range} gives 206 with that part. */
    Mono<ServerResponse> content(ServerRequest request) {
        var id = JobHandler.uuid(request, "id");
        return Callers.of(request)
                .flatMap(caller -> files.get(caller, id))
                .flatMap(file -> StoredContent.respond(
                        request,
                        new StoredContent.Described(file.filename(), file.contentType(), file.bytes(), file.sha256()),
                        range -> files.content(file, range.offset(), range.length())));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        var id = JobHandler.uuid(request, "id");
        return Callers.of(request)
                .flatMap(caller -> files.delete(caller, id))
                .then(ServerResponse.noContent().build());
    }
}
