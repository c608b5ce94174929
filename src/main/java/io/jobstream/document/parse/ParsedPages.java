package io.jobstream.document.parse;

import io.jobstream.parsing.ParsedPage;
import io.jobstream.storage.Storage;
import io.jobstream.system.Buffers;
import java.util.List;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parser's pages of one document (text and headings), kept in storage between the
 * parsing and chunking stages: what a resumed job chunks without parsing again.
 */
@Component
public class ParsedPages {

    private static final TypeReference<List<ParsedPage>> PAGES = new TypeReference<>() {};

    private final Storage storage;
    private final JsonMapper json;

    ParsedPages(Storage storage, JsonMapper json) {
        this.storage = storage;
        this.json = json;
    }

    public Mono<Void> store(String key, List<ParsedPage> pages) {
        return Mono.fromCallable(() -> json.writeValueAsBytes(pages))
                .flatMap(bytes -> storage.put(
                        key,
                        Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)),
                        MediaType.APPLICATION_JSON_VALUE))
                .then();
    }

    public Mono<List<ParsedPage>> load(String key) {
        return DataBufferUtils.join(storage.get(key)).map(joined -> json.readValue(Buffers.drain(joined), PAGES));
    }
}
