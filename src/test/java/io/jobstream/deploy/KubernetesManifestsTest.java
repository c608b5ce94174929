package io.jobstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/**
 * deploy/kubernetes cannot be applied here (no cluster, no helm), so this is its schema check
 * and its review: every manifest is read strictly into the typed model of its Kubernetes kind
 * ({@link StrictManifests}), and the Deployment, Service, PodDisruptionBudget and autoscaler
 * are held to what an operator relies on: probes on the health groups, a grace period longer
 * than the shutdown, a non-root read-only container, secrets by reference only, and
 * environment variables that bind to real properties.
 */
class KubernetesManifestsTest {

    static final Path BASE = Path.of("deploy/kubernetes");

    static List<HasMetadata> objects;
    static JsonNode kustomization;

    @BeforeAll
    static void read() throws IOException {
        kustomization = StrictManifests.tree(Files.readString(BASE.resolve("kustomization.yaml")));
        objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            objects.addAll(StrictManifests.read(Files.readString(BASE.resolve(resource.asString()))));
        }
    }

    @Test
    void theBaseIsADeploymentWithItsServiceDisruptionBudgetAndAutoscaler() {
        assertThat(objects)
                .extracting(
                        object -> object.getKind() + "/" + object.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/jobstream",
                        "ConfigMap/jobstream",
                        "Deployment/jobstream",
                        "Service/jobstream",
                        "PodDisruptionBudget/jobstream",
                        "HorizontalPodAutoscaler/jobstream");
    }

    @Test
    void theKustomizationListsEveryManifestInTheDirectory() throws IOException {
        try (Stream<Path> files = Files.list(BASE)) {
            Set<String> manifests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
            assertThat(kustomization.path("resources").valueStream().map(JsonNode::asString))
                    .containsExactlyInAnyOrderElementsOf(manifests);
        }
        assertThat(kustomization.path("kind").asString()).isEqualTo("Kustomization");
    }

    @Test
    void aFieldTheKubernetesApiDoesNotHaveIsRefused() {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: jobstream}
                spec:
                  template:
                    spec:
                      terminationGracePeriod: 60
                """;
        assertThatThrownBy(() -> StrictManifests.read(misspelt)).hasMessageContaining("terminationGracePeriod");
        String nested = misspelt.replace("terminationGracePeriod: 60", "containers: [{name: a, readinesProbe: {}}]");
        assertThatThrownBy(() -> StrictManifests.read(nested)).hasMessageContaining("readinesProbe");
        assertThatThrownBy(() -> StrictManifests.read("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n"))
                .hasMessageContaining("autoscaling/v1/HorizontalPodAutoscaler");
    }

    @Test
    void probesAskTheHealthGroupsOnTheContainersPort() {
        Container container = container();
        int port = container.getPorts().getFirst().getContainerPort();
        assertThat(port).isEqualTo(8080);
        String portName = container.getPorts().getFirst().getName();

        HTTPGetAction liveness = container.getLivenessProbe().getHttpGet();
        HTTPGetAction readiness = container.getReadinessProbe().getHttpGet();
        HTTPGetAction startup = container.getStartupProbe().getHttpGet();
        assertThat(liveness.getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(readiness.getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(startup.getPath()).isEqualTo("/actuator/health/liveness");
        for (HTTPGetAction probe : List.of(liveness, readiness, startup)) {
            assertThat(probe.getPort().getStrVal()).isEqualTo(portName);
        }
        // the readiness group's Kafka check may take 2 s
        assertThat(container.getReadinessProbe().getTimeoutSeconds()).isGreaterThan(2);
        assertThat(applicationProperty("management.endpoint.health.probes.enabled"))
                .isEqualTo(true);
    }

    @Test
    void theGracePeriodOutlastsThePreStopPauseAndTheShutdownPhase() {
        Duration shutdownPhase = DurationStyle.detectAndParse(
                String.valueOf(applicationProperty("spring.lifecycle.timeout-per-shutdown-phase")));
        assertThat(applicationProperty("server.shutdown")).isEqualTo("graceful");
        List<String> preStop = container().getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        Duration pause = Duration.ofSeconds(Long.parseLong(preStop.get(1)));

        long grace = podSpec().getTerminationGracePeriodSeconds();

        assertThat(Duration.ofSeconds(grace)).isGreaterThan(pause.plus(shutdownPhase));
    }

    @Test
    void theDisruptionBudgetAndTheServiceSelectTheDeploymentsPods() {
        Deployment deployment = the(Deployment.class);
        var podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        var selector = deployment.getSpec().getSelector().getMatchLabels();
        assertThat(podLabels).containsAllEntriesOf(selector);

        PodDisruptionBudget budget = the(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        Service service = the(Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal())
                .isEqualTo(container().getPorts().getFirst().getName());
        assertThat(podSpec().getServiceAccountName()).isEqualTo("jobstream");
    }

    @Test
    void theAutoscalerScalesTheDeploymentOnTheQueueDepthAboveADisruptionBudgetsWorth() throws Exception {
        HorizontalPodAutoscaler autoscaler = the(HorizontalPodAutoscaler.class);
        var target = autoscaler.getSpec().getScaleTargetRef();
        assertThat(target.getApiVersion() + "/" + target.getKind() + "/" + target.getName())
                .isEqualTo("apps/v1/Deployment/jobstream");
        assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        // the replicas are the autoscaler's: a count in the Deployment would undo it on every apply
        assertThat(the(Deployment.class).getSpec().getReplicas()).isNull();

        MetricSpec queue = autoscaler.getSpec().getMetrics().stream()
                .filter(metric -> metric.getType().equals("External"))
                .findFirst()
                .orElseThrow();
        // the gauge's Prometheus name, as Micrometer writes jobstream's meter
        var meter = Class.forName("io.jobstream.job.QueueMeters").getDeclaredField("DEPTH");
        meter.setAccessible(true);
        String prometheusName = ((String) meter.get(null)).replace('.', '_');
        assertThat(queue.getExternal().getMetric().getName()).isEqualTo(prometheusName);
        assertThat(queue.getExternal().getTarget().getType()).isEqualTo("AverageValue");
        assertThat(Quantity.getAmountInBytes(queue.getExternal().getTarget().getAverageValue()))
                .isPositive();
    }

    @Test
    void podsRunAsTheImagesUserWithAReadOnlyRootAndAWritableTmp() throws IOException {
        PodSpec pod = podSpec();
        Container container = container();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(DockerfileTest.imageUid());
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

        var tmp = container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/tmp"))
                .findFirst()
                .orElseThrow();
        assertThat(pod.getVolumes())
                .filteredOn(volume -> volume.getName().equals(tmp.getName()))
                .singleElement()
                .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
    }

    @Test
    void theContainerHasResourceRequestsAndLimits() {
        var resources = container().getResources();
        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        // the heap is half the memory (the image's MaxRAMPercentage); the rest must hold the parser's
        // child JVMs at their ConfigMap heap, with room for their own overhead and the service's
        long memory =
                Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValueExact();
        var config = the(ConfigMap.class).getData();
        long children = DataSize.parse(config.get("JOBSTREAM_PARSING_MAX_HEAP")).toBytes()
                * Integer.parseInt(config.get("JOBSTREAM_PARSING_PROCESSES"));
        assertThat(memory / 2).isGreaterThan(children);
    }

    @Test
    void secretsAreReferencedNeverWritten() {
        assertThat(objects).noneMatch(object -> object.getKind().equals("Secret"));
        List<EnvVar> env = container().getEnv();
        assertThat(env).allSatisfy(variable -> {
            assertThat(variable.getValue()).as(variable.getName()).isNull();
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("jobstream");
        });
        assertThat(env)
                .extracting(EnvVar::getName)
                .contains("SPRING_R2DBC_PASSWORD", "JOBSTREAM_WEBHOOKS_SECRET_KEY", "JOBSTREAM_STREAM_TOKENS_SECRET");
        assertThat(the(ConfigMap.class).getData().keySet())
                .noneMatch(name -> name.contains("PASSWORD") || name.contains("SECRET"));
    }

    @Test
    void everyEnvironmentVariableBindsToAProperty() {
        List<String> names = new ArrayList<>(the(ConfigMap.class).getData().keySet());
        container().getEnv().forEach(variable -> names.add(variable.getName()));
        assertThat(container().getEnvFrom())
                .singleElement()
                .satisfies(
                        source -> assertThat(source.getConfigMapRef().getName()).isEqualTo("jobstream"));

        EnvironmentBindings bindings = EnvironmentBindings.ofTheApplication();

        assertThat(bindings.unbound(names)).isEmpty();
        // and the check can fail
        assertThat(bindings.unbound(List.of("JOBSTREAM_STORAGE_S3_ACESS_KEY", "SPRING_R2DBC_PASWORD")))
                .hasSize(2);
    }

    @Test
    void theKustomizationsImageIsTheContainers() {
        assertThat(kustomization
                        .path("images")
                        .valueStream()
                        .map(image -> image.path("name").asString()))
                .containsExactly(container().getImage());
    }

    /** Where kubectl is installed: its kustomize renders the base into the same objects. */
    @Test
    void kubectlKustomizeRendersTheSameObjects() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", BASE.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).isZero();

        List<HasMetadata> renderedObjects = StrictManifests.read(rendered);

        assertThat(renderedObjects)
                .extracting(
                        object -> object.getKind() + "/" + object.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(objects.stream()
                        .map(object ->
                                object.getKind() + "/" + object.getMetadata().getName())
                        .toList());
        assertThat(renderedObjects)
                .allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                        .containsEntry("app.kubernetes.io/part-of", "jobstream"));
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }

    private static <T extends HasMetadata> T the(Class<T> kind) {
        return objects.stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .findFirst()
                .orElseThrow();
    }

    private static PodSpec podSpec() {
        return the(Deployment.class).getSpec().getTemplate().getSpec();
    }

    private static Container container() {
        return podSpec().getContainers().getFirst();
    }

    private static Object applicationProperty(String name) {
        try {
            return new YamlPropertySourceLoader()
                    .load("application", new FileSystemResource("src/main/resources/application.yaml"))
                    .getFirst()
                    .getProperty(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
