package io.jobstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apache Tika Server ({@code tika-server-standard}), started by the benchmark as a child
 * process ({@code java -jar}) on a free port of 127.0.0.1 and stopped at the end, so that the
 * same files can be parsed by plain Tika on the same run. It runs with its defaults, which fork
 * one child JVM for the parsing (the server's own isolation); that child is started with the
 * benchmark's JVM (first on its {@code PATH}), not whatever {@code java} the machine has, and
 * its Tesseract with {@code OMP_THREAD_LIMIT=1}, as jobstream's, so that both OCR alike.
 *
 * <p>The jar comes from the local Maven repository, not from a dependency: Maven cannot
 * resolve {@code tika-server-standard} 3.x from the Maven Central mirror of this project's
 * machines (its parent POM {@code org.apache.tika:tika-server} is not served, and 3.3.1 not at
 * all), and as a dependency its 76 MB shaded jar would put a second Tika, Jetty and CXF on the
 * benchmark's class path. {@link #locate} takes 3.3.1 (the Tika that jobstream's parsers are)
 * where present, else the newest 3.x there, or the file {@code --tika-server-jar=} names.
 */
final class TikaServer implements AutoCloseable {

    static final String ARTIFACT_DIRECTORY = "org/apache/tika/tika-server-standard";
    private static final String PREFERRED_VERSION = "3.3.1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final URI base;
    private final HttpClient http;
    private final String version;

    private TikaServer(Process process, URI base, HttpClient http, String version) {
        this.process = process;
        this.base = base;
        this.http = http;
        this.version = version;
    }

    /** The server jar: {@code explicit} if given, else one from the local Maven repository. */
    static Optional<Path> locate(String explicit) {
        if (!explicit.isEmpty()) {
            return Optional.of(Path.of(explicit)).filter(Files::isRegularFile);
        }
        Path repository = Path.of(System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path artifact = repository.resolve(ARTIFACT_DIRECTORY);
        Optional<Path> preferred = jar(artifact, PREFERRED_VERSION);
        if (preferred.isPresent() || !Files.isDirectory(artifact)) {
            return preferred;
        }
        try (Stream<Path> versions = Files.list(artifact)) {
            return versions.map(path -> path.getFileName().toString())
                    .filter(version -> version.startsWith("3."))
                    .sorted(Comparator.comparing(TikaServer::versionKey).reversed())
                    .map(version -> jar(artifact, version))
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server on a free port and waits until it answers ({@code GET /version}). */
    static TikaServer start(Path jar, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        ProcessBuilder builder = new ProcessBuilder(
                        javaHome.resolve("bin").resolve("java").toString(),
                        "-Djava.awt.headless=true",
                        "-jar",
                        jar.toString(),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the server forks its parsing child with the `java` of the PATH
        builder.environment().put("PATH", javaHome.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        // as jobstream runs Tesseract: one thread per page; with OpenMP's default (a thread per
        // core, spinning while it waits) OCR on a busy machine took several times as long
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = builder.start();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
        URI base = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(base.resolve("/version")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return new TikaServer(process, base, http, answer.body().trim());
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        stop(process);
        throw new IOException("Tika Server did not start within " + START_TIMEOUT + "; its log: " + log);
    }

    String version() {
        return version;
    }

    /**
     * {@code PUT /tika} with {@code Accept: text/plain}: the document's text. With {@code ocr},
     * every PDF page is OCR'd ({@code ocr_only}, as jobstream's {@code extraction_method: ocr});
     * without, no OCR at all ({@code no_ocr}, and Tesseract skipped for embedded images), as
     * jobstream's {@code text}.
     */
    String parse(Path file, boolean ocr) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/tika"))
                .timeout(Duration.ofMinutes(10))
                .header("Accept", "text/plain")
                .header("X-Tika-PDFOcrStrategy", ocr ? "ocr_only" : "no_ocr")
                .PUT(HttpRequest.BodyPublishers.ofFile(file));
        if (ocr) {
            request.header("X-Tika-OCRLanguage", "eng");
        } else {
            request.header("X-Tika-OCRskipOcr", "true");
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("Tika Server answered " + answer.statusCode() + " for " + file.getFileName());
        }
        return answer.body();
    }

    /** The server and its forked parsing child (and any Tesseract it runs). */
    Stream<ProcessHandle> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    @Override
    public void close() throws InterruptedException {
        http.close();
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static Optional<Path> jar(Path artifact, String version) {
        return Optional.of(artifact.resolve(version).resolve("tika-server-standard-" + version + ".jar"))
                .filter(Files::isRegularFile);
    }

    /** 3.10.0 after 3.9.1: each part as a number, padded. */
    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("[.-]")) {
            key.append(part.chars().allMatch(Character::isDigit) ? "%06d".formatted(Long.parseLong(part)) : part);
        }
        return key.toString();
    }
}
