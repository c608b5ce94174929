package io.jobstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.jobstream.job.Submission;
import io.jobstream.job.Webhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The package rules of ARCHITECTURE.md, checked on every build: which feature may depend on
 * which, and where each part has its one home. Rules about SQL text, which compiled classes
 * do not show, read the sources.
 */
@AnalyzeClasses(packages = "io.jobstream", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/jobstream");

    @ArchTest
    static final ArchRule onlyMessagingKnowsKafka = noClasses()
            .that()
            .resideOutsideOfPackage("io.jobstream.messaging..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("reactor.kafka..", "org.apache.kafka..")
            .because("reactor-kafka is discontinued upstream; swapping it must touch one package");

    @ArchTest
    static final ArchRule featuresHaveNoCycles =
            slices().matching("io.jobstream.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheHttpApi = noClasses()
            .that()
            .resideOutsideOfPackage("io.jobstream.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.jobstream.api..");

    @ArchTest
    static final ArchRule messagingIsReachedOnlyThroughPorts = noClasses()
            .that()
            .resideOutsideOfPackage("io.jobstream.messaging..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.jobstream.messaging..")
            .because("dispatch defines the ports; messaging implements them");

    /** Outbound HTTP goes to addresses users name; only egress makes clients, each one guarded. */
    @ArchTest
    static final ArchRule onlyEgressCreatesHttpClients = noClasses()
            .that()
            .resideOutsideOfPackage("io.jobstream.egress..")
            .should()
            .callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.<JavaClass>owner(
                            JavaClass.Predicates.assignableTo(HttpClient.class)))
                    .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching("create|newConnection"))))
            .because("every connection to an address a user named must pass the egress AddressPolicy's guard");

    /**
     * Parsing libraries can be made to loop, exhaust memory or crash by a hostile file (or a
     * crawled page, which jsoup reads): they run in the parser's child JVMs only. The service
     * itself uses tika-core for one thing, to detect an upload's type from its first bytes
     * (file.ContentTypes), which parses nothing.
     */
    @ArchTest
    static final ArchRule parsingLibrariesRunOnlyInTheParsersChild = noClasses()
            .that()
            .resideOutsideOfPackage("io.jobstream.parsing.child..")
            .and()
            .doNotHaveFullyQualifiedName("io.jobstream.file.ContentTypes")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.tika..", "org.apache.pdfbox..", "org.apache.poi..", "org.jsoup..")
            .because("a hostile document must fail its own child process, never the service's JVM");

    @ArchTest
    static final ArchRule theEmbeddingModelHasOneAdapter = noClasses()
            .that()
            .resideOutsideOfPackage("io.jobstream.embedding..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.langchain4j..", "ai.djl..", "ai.onnxruntime..")
            .because("the model is blocking and optional: one adapter runs it on its own scheduler");

    @ArchTest
    static final ArchRule objectStorageIsReachedThroughStorage = noClasses()
            .that()
            .resideOutsideOfPackage("io.jobstream.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("software.amazon..")
            .because("files and artifacts go through the Storage interface, whichever backend is configured");

    @ArchTest
    static final ArchRule repositoriesStayInsideTheirFeature =
            classes().that().haveSimpleNameEndingWith("Repository").should().notBePublic();

    @ArchTest
    static final ArchRule handlersStayInsideTheApi = classes()
            .that()
            .haveSimpleNameEndingWith("Handler")
            .should()
            .notBePublic()
            .andShould()
            .resideInAPackage("io.jobstream.api..");

    @ArchTest
    static final ArchRule sqlStaysInRepositories = noClasses()
            .that()
            .haveSimpleNameNotEndingWith("Repository")
            .and()
            .doNotHaveSimpleName("JobSql")
            .and()
            .resideOutsideOfPackage("io.jobstream.system..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.r2dbc.core.DatabaseClient")
            .because("SQL lives in repositories (and the job store's shared fragments, JobSql)");

    /** The event-stream read side, its types and its SQL, lives in progress; the API only shows it. */
    @ArchTest
    static final ArchRule theStreamOfManyJobsLivesInProgress = noClasses()
            .that()
            .resideOutsideOfPackages("io.jobstream.progress..", "io.jobstream.api..")
            .should()
            .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.jobstream.progress..")
                    .and(JavaClass.Predicates.simpleNameStartingWith("Stream")))
            .because("only the API's stream handler follows streams; nothing else reads them");

    /**
     * One reader of submission JSON for every door: only it (and a rerun, from a stored job)
     * makes a {@link Submission}, and the doors (the API, the Kafka intake) only hand it what
     * they received.
     */
    @ArchTest
    static final ArchRule submissionsAreReadInOnePlace = noClasses()
            .that()
            .doNotHaveSimpleName("SubmissionReader")
            .and()
            .doNotHaveSimpleName("Submission")
            .should()
            .callConstructor(Submission.class, String.class, JsonNode.class, Webhook.class)
            .orShould()
            .callConstructor(Submission.class, String.class, JsonNode.class)
            .because("REST, batches and Kafka records must be read the same way");

    @ArchTest
    static final ArchRule doorsDoNotReadSubmissionFields = noClasses()
            .that()
            .resideInAnyPackage("io.jobstream.api..", "io.jobstream.intake..")
            .should()
            .callMethod(JsonNode.class, "propertyNames")
            .because("the fields of a submission are read by the job package's SubmissionReader");

    /** Statuses are spelled in {@code JobStatus} (and {@code EventKind}'s kinds); SQL built by Java derives them. */
    @Test
    void noJobStatusIsSpelledOutsideTheLifecycle() {
        Pattern literal = Pattern.compile("[\"'](queued|processing|retrying|completed|failed|cancelled)[\"']");
        assertThat(sourcesMatching(literal))
                .as("status names spelled as literals")
                .allMatch(file -> file.endsWith("job/JobStatus.java")
                        || file.endsWith("job/EventKind.java")
                        // its metric tags a webhook attempt's outcome, "failed", not a job's status
                        || file.endsWith("webhook/WebhookRelay.java"));
    }

    /** The horizon of the stream of many jobs is read only where the streams (and the events topic's relay) are. */
    @Test
    void streamSqlIsInProgressAndTheEventsRelayOnly() {
        Pattern horizon = Pattern.compile("pg_snapshot_xmin");
        assertThat(sourcesMatching(horizon))
                .isNotEmpty()
                .allMatch(file -> file.contains("/progress/") || file.endsWith("dispatch/EventOutboxRepository.java"));
    }

    private static List<String> sourcesMatching(Pattern pattern) {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> pattern.matcher(read(file)).find())
                    .map(Path::toString)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
