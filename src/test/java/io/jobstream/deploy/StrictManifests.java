package io.jobstream.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests into fabric8's typed models of the Kubernetes API, strictly: an
 * object of an API version and kind not listed here, a field the API does not have (a misspelt
 * {@code readinesProbe}, a {@code terminationGracePeriod}) or a value of the wrong type is an
 * error, as the API server's schema validation would make it. fabric8's models keep unknown
 * fields in an "additional properties" map (a {@code @JsonAnySetter}); this reader turns that
 * off, so that they fail on {@code FAIL_ON_UNKNOWN_PROPERTIES} instead.
 */
final class StrictManifests {

    /** The API versions and kinds deploy/kubernetes may hold, and their models. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .annotationIntrospector(new WithoutAdditionalProperties())
            .build();

    private StrictManifests() {}

    /** Every document of {@code yaml}, each as the model of its kind. */
    static List<HasMetadata> read(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (!document.isNull() && !document.isMissingNode()) {
                    objects.add(read(document));
                }
            }
        }
        return objects;
    }

    /** The document as a plain tree (kustomization.yaml, which is no Kubernetes object). */
    static JsonNode tree(String yaml) {
        return YAML.readTree(yaml);
    }

    private static HasMetadata read(JsonNode document) {
        String kind = document.path("apiVersion").asString("") + "/"
                + document.path("kind").asString("");
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("not a kind deploy/kubernetes is checked for: " + kind);
        }
        return YAML.treeToValue(document, type);
    }

    /** fabric8's models without their catch-all for unknown fields. */
    private static final class WithoutAdditionalProperties extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
            return Boolean.FALSE;
        }
    }
}
