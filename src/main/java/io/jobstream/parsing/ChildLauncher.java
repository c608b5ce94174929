package io.jobstream.parsing;

import io.jobstream.parsing.child.ParserChild;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * Starts parser children: the JVM that runs the service ({@code java.home}), with the service's
 * own class path, a small heap and {@code -XX:+ExitOnOutOfMemoryError}. When the service runs
 * from a Spring Boot fat jar its class path is that one jar, whose classes sit in
 * {@code BOOT-INF/}; the child is then started through Boot's {@code PropertiesLauncher} with
 * {@code -Dloader.main}, which opens the nested jars as {@code java -jar} would. The same holds
 * for a fat jar extracted with its launcher ({@code jarmode=tools extract --launcher}, or a
 * buildpack image), run as {@code java org.springframework.boot.loader.launch.JarLauncher}: the
 * class path is then the directory holding {@code BOOT-INF/} and {@code META-INF/MANIFEST.MF}.
 * The image's own layout (a thin jar whose manifest names its libraries, run with {@code java
 * -jar}) needs nothing of this: the child reads the same manifest.
 */
final class ChildLauncher {

    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private static final Duration MIN_START_TIMEOUT = Duration.ofMinutes(1);

    private final List<String> command;
    private final Duration startTimeout;

    ChildLauncher(ParsingProperties properties) {
        this.command = command(properties.maxHeap().toMegabytes(), System.getProperty("java.class.path"));
        // a cold JVM loading Tika's parsers on a busy machine may take a while, whatever the parse timeout
        this.startTimeout =
                properties.timeout().compareTo(MIN_START_TIMEOUT) < 0 ? MIN_START_TIMEOUT : properties.timeout();
    }

    /** Starts a child and waits until it is ready for documents (blocking: Tika loads its parsers). */
    ParserProcess start() throws IOException {
        return ParserProcess.start(command, startTimeout);
    }

    List<String> command() {
        return command;
    }

    static List<String> command(long maxHeapMegabytes, String classPath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeapMegabytes + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        // one document at a time on one thread: the small collector keeps the child small
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlogback.configurationFile=io/jobstream/parsing/child/logback.xml");
        command.add("-cp");
        command.add(classPath);
        if (isBootArchive(classPath)) {
            command.add("-Dloader.main=" + ParserChild.class.getName());
            command.add(BOOT_LAUNCHER);
        } else {
            command.add(ParserChild.class.getName());
        }
        return List.copyOf(command);
    }

    private static boolean isBootArchive(String classPath) {
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator)) {
            return false;
        }
        Path path = Path.of(classPath);
        if (Files.isDirectory(path)) {
            return isBootManifest(path.resolve(JarFile.MANIFEST_NAME));
        }
        if (!classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return isBootManifest(jar.getManifest());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBootManifest(Path manifest) {
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(manifest)) {
            return isBootManifest(new Manifest(in));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBootManifest(@Nullable Manifest manifest) {
        return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Classes") != null;
    }
}
