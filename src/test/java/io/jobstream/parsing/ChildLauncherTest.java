package io.jobstream.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.parsing.child.ParserChild;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser child's command line for each way the service may be run: from classes and jars
 * (tests, the IDE), from the fat jar ({@code java -jar}), from the image's thin jar, and from a
 * fat jar extracted with its launcher (buildpacks, {@code extract --launcher}), whose class
 * path is a directory the child cannot load {@code ParserChild} from without Boot's launcher.
 */
class ChildLauncherTest {

    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    @TempDir
    Path directory;

    @Test
    void classesAndJarsStartTheChildDirectly() {
        String classPath = "target/classes" + File.pathSeparator + "lib/a.jar";

        List<String> command = ChildLauncher.command(256, classPath);

        assertThat(command).containsSubsequence("-Xmx256m", "-cp", classPath, ParserChild.class.getName());
        assertThat(command).noneMatch(argument -> argument.startsWith("-Dloader.main"));
    }

    @Test
    void aFatJarStartsTheChildThroughBootsLauncher() throws IOException {
        Path jar = jar("jobstream.jar", bootManifest());

        List<String> command = ChildLauncher.command(256, jar.toString());

        assertThat(command).endsWith("-cp", jar.toString(), "-Dloader.main=" + ParserChild.class.getName(), LAUNCHER);
    }

    @Test
    void theImagesThinJarStartsTheChildDirectly() throws IOException {
        Manifest thin = manifest();
        thin.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.jobstream.JobstreamApplication");
        thin.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/a.jar lib/b.jar");
        Path jar = jar("jobstream.jar", thin);

        List<String> command = ChildLauncher.command(256, jar.toString());

        assertThat(command).endsWith("-cp", jar.toString(), ParserChild.class.getName());
    }

    @Test
    void anExtractedFatJarStartsTheChildThroughBootsLauncher() throws IOException {
        Path extracted = Files.createDirectories(directory.resolve("app"));
        Files.createDirectories(extracted.resolve("META-INF"));
        Files.createDirectories(extracted.resolve("BOOT-INF/classes"));
        try (OutputStream out = Files.newOutputStream(extracted.resolve(JarFile.MANIFEST_NAME))) {
            bootManifest().write(out);
        }

        List<String> command = ChildLauncher.command(256, extracted.toString());

        assertThat(command)
                .endsWith("-cp", extracted.toString(), "-Dloader.main=" + ParserChild.class.getName(), LAUNCHER);
    }

    @Test
    void aDirectoryOfClassesStartsTheChildDirectly() {
        List<String> command = ChildLauncher.command(256, directory.toString());

        assertThat(command).endsWith("-cp", directory.toString(), ParserChild.class.getName());
    }

    private Path jar(String name, Manifest manifest) throws IOException {
        Path jar = directory.resolve(name);
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static Manifest bootManifest() {
        Manifest manifest = manifest();
        manifest.getMainAttributes()
                .put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        manifest.getMainAttributes().putValue("Start-Class", "io.jobstream.JobstreamApplication");
        manifest.getMainAttributes().putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        manifest.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        return manifest;
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }
}
