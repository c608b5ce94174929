package io.jobstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A guard on the Dockerfile, which cannot be built here (no Docker engine): it reads the
 * instructions and holds them to the image's promises: built by the JDK without the tests,
 * layered from the least to the most often changed, run by the JRE as a fixed non-root user
 * from the jar the extraction wrote. The image itself was checked by hand (docs/operations.md#deploying
 * says how): extracted with the same command and run as the ENTRYPOINT runs it.
 */
class DockerfileTest {

    /** An instruction with its continuation lines joined. */
    record Instruction(String keyword, String arguments) {}

    static List<Instruction> build;
    static List<Instruction> runtime;

    @BeforeAll
    static void read() {
        List<List<Instruction>> stages = stages();
        assertThat(stages).hasSize(2);
        build = stages.get(0);
        runtime = stages.get(1);
    }

    @Test
    void aJdkBuildsAndAJreRuns() {
        assertThat(build.getFirst().arguments())
                .startsWith("eclipse-temurin:21-jdk")
                .endsWith(" AS build");
        assertThat(runtime.getFirst().arguments()).startsWith("eclipse-temurin:21-jre");
    }

    @Test
    void theBuildPackagesWithoutTheTestsAndCachesMavensRepository() throws IOException {
        String packaging = the(build, "RUN", "./mvnw");
        assertThat(packaging)
                .contains("--mount=type=cache,target=/root/.m2")
                .contains(" package ")
                .contains("-Dmaven.test.skip=true");
        assertThat(all(build, "COPY"))
                .doesNotContain("src/ src/", "src src", ". .")
                .contains("src/main/ src/main/");
        // the build context is only what the build copies
        List<String> context = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
        assertThat(context).containsExactly("*", "!.mvn/", "!mvnw", "!pom.xml", "!src/main/");
    }

    @Test
    void layersAreCopiedFromTheLeastToTheMostOftenChanged() {
        assertThat(the(build, "RUN", "jarmode=tools"))
                .contains("extract --layers")
                .contains("--destination /extracted")
                .doesNotContain("--launcher");
        assertThat(all(runtime, "COPY"))
                .containsExactly(
                        "--from=build /extracted/dependencies/ ./",
                        "--from=build /extracted/spring-boot-loader/ ./",
                        "--from=build /extracted/snapshot-dependencies/ ./",
                        "--from=build /extracted/application/ ./");
    }

    @Test
    void theEntrypointRunsTheExtractedApplicationJar() {
        String jar = extractedJar();
        assertThat(the(runtime, "WORKDIR", "")).isEqualTo("/app");
        assertThat(the(runtime, "ENTRYPOINT", "")).isEqualTo("[\"java\", \"-jar\", \"/app/" + jar + "\"]");
        assertThat(the(runtime, "ENV", "JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=");
    }

    @Test
    void theImageRunsAsAFixedNonRootUser() {
        assertThat(imageUid()).isPositive();
        assertThat(the(runtime, "RUN", "useradd"))
                .contains("--uid " + imageUid())
                .contains("--gid " + imageUid());
        // nothing runs as root after the switch
        int user = runtime.indexOf(runtime.stream()
                .filter(instruction -> instruction.keyword().equals("USER"))
                .findFirst()
                .orElseThrow());
        assertThat(runtime.subList(user, runtime.size()))
                .extracting(Instruction::keyword)
                .doesNotContain("RUN");
    }

    @Test
    void theParserFindsTesseractWithItsEnglishModel() {
        assertThat(the(runtime, "RUN", "apt-get install"))
                .contains("tesseract-ocr ")
                .contains("tesseract-ocr-eng");
    }

    /** The numeric UID of the image's USER (also its GID). */
    static int imageUid() {
        Matcher user = Pattern.compile("(\\d+):(\\d+)").matcher(the(stages().get(1), "USER", ""));
        assertThat(user.matches()).as("USER uid:gid").isTrue();
        assertThat(user.group(2)).isEqualTo(user.group(1));
        return Integer.parseInt(user.group(1));
    }

    private static String extractedJar() {
        Matcher name = Pattern.compile("--application-filename (\\S+)").matcher(the(build, "RUN", "jarmode=tools"));
        assertThat(name.find()).isTrue();
        return name.group(1);
    }

    private static String the(List<Instruction> stage, String keyword, String containing) {
        List<String> found = stage.stream()
                .filter(instruction -> instruction.keyword().equals(keyword))
                .map(Instruction::arguments)
                .filter(arguments -> arguments.contains(containing))
                .toList();
        assertThat(found).as(keyword + " ... " + containing).hasSize(1);
        return found.getFirst();
    }

    private static List<String> all(List<Instruction> stage, String keyword) {
        return stage.stream()
                .filter(instruction -> instruction.keyword().equals(keyword))
                .map(Instruction::arguments)
                .toList();
    }

    private static List<List<Instruction>> stages() {
        List<List<Instruction>> stages = new ArrayList<>();
        for (Instruction instruction : instructions()) {
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            if (!stages.isEmpty()) {
                stages.getLast().add(instruction);
            }
        }
        return stages;
    }

    private static List<Instruction> instructions() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
                current.append(' ');
                continue;
            }
            String text = current.toString().replaceAll("\\s+", " ");
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space), text.substring(space + 1)));
            current.setLength(0);
        }
        return instructions;
    }
}
