package io.jobstream.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.document.Chunk;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import tools.jackson.databind.json.JsonMapper;

/** Lines as a spreadsheet or a JSON reader reads them back. */
class ExportRowsTest {

    private final ExportRows rows = new ExportRows(JsonMapper.builder().build());

    @Test
    void aCsvFieldWithACommaAQuoteOrALineBreakIsQuotedWithItsQuotesDoubled() {
        Chunk chunk = new Chunk(0, 1, "he said \"yes, then\"\nleft", 2, 3, 10, 35, null);

        assertThat(text(rows.chunk(ExportFormat.CSV, chunk)))
                .isEqualTo("0,1,2,3,10,35,,\"he said \"\"yes, then\"\"\nleft\"\r\n");
    }

    @Test
    void aJsonLineIsOneObjectWithNullsKept() {
        Chunk chunk = new Chunk(4, 0, "text", 1, 1, 0, 4, null);

        assertThat(text(rows.chunk(ExportFormat.JSONL, chunk)))
                .isEqualTo("{\"document_index\":4,\"chunk_index\":0,\"page_start\":1,\"page_end\":1,\"char_start\":0,"
                        + "\"char_end\":4,\"heading\":null,\"text\":\"text\"}\n");
    }

    private static String text(DataBuffer buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
