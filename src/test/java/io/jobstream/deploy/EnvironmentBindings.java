package io.jobstream.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether environment variables set by a deployment (compose.yaml, deploy/kubernetes) bind to
 * a property the application has, by Spring Boot's own rules for the system environment
 * ({@code JOBSTREAM_STORAGE_S3_ACCESS_KEY} is {@code jobstream.storage.s3.access-key}): a
 * misspelt variable is otherwise ignored in silence and its default used. The properties are
 * Spring Boot's (its configuration metadata on the class path) and jobstream's own (the
 * components of every {@code @ConfigurationProperties} record under {@code io.jobstream}).
 */
final class EnvironmentBindings {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String ADDITIONAL_METADATA = "META-INF/additional-spring-configuration-metadata.json";

    /** Properties that take one value. */
    private final Set<ConfigurationPropertyName> leaves = new HashSet<>();

    /** Properties whose keys are free (maps) or indexed (lists): any name below them binds. */
    private final Set<ConfigurationPropertyName> parents = new HashSet<>();

    private EnvironmentBindings() {}

    static EnvironmentBindings ofTheApplication() {
        EnvironmentBindings bindings = new EnvironmentBindings();
        bindings.addSpringBootMetadata();
        bindings.addJobstreamProperties();
        return bindings;
    }

    /** The names among {@code variables} that bind to no property, sorted. */
    Set<String> unbound(Collection<String> variables) {
        Set<String> unbound = new TreeSet<>();
        for (String variable : variables) {
            if (!binds(variable)) {
                unbound.add(variable);
            }
        }
        return unbound;
    }

    boolean binds(String variable) {
        // the name Spring Boot gives the process environment: only then does it map variable names
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value"));
        ConfigurationPropertySource source =
                ConfigurationPropertySources.from(environment).iterator().next();
        return leaves.stream().anyMatch(name -> source.getConfigurationProperty(name) != null)
                || parents.stream().anyMatch(isAncestorIn(source));
    }

    private static Predicate<ConfigurationPropertyName> isAncestorIn(ConfigurationPropertySource source) {
        return name -> source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT;
    }

    private void addSpringBootMetadata() {
        for (URL url : resources(METADATA)) {
            addMetadata(url);
        }
        for (URL url : resources(ADDITIONAL_METADATA)) {
            addMetadata(url);
        }
    }

    private void addMetadata(URL url) {
        try (InputStream in = url.openStream()) {
            for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
                String type = property.path("type").asString("");
                add(
                        property.path("name").asString(),
                        type.startsWith("java.util.Map"),
                        type.startsWith("java.util.List"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addJobstreamProperties() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition definition : scanner.findCandidateComponents("io.jobstream")) {
            Class<?> type = ClassUtils.resolveClassName(
                    String.valueOf(definition.getBeanClassName()), EnvironmentBindings.class.getClassLoader());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            addRecord(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type);
        }
    }

    private void addRecord(String prefix, Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type + " is not a record: teach EnvironmentBindings its properties");
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> componentType = component.getType();
            if (componentType.isRecord() && componentType.getName().startsWith("io.jobstream.")) {
                addRecord(name, componentType);
            } else {
                add(name, Map.class.isAssignableFrom(componentType), Collection.class.isAssignableFrom(componentType));
            }
        }
    }

    private void add(String property, boolean map, boolean list) {
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
        if (name == null) {
            return;
        }
        // a list binds one comma-separated value or indexed ones (_0, _1...); a map only keys
        if (!map) {
            leaves.add(name);
        }
        if (map || list) {
            parents.add(name);
        }
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<URL> resources(String name) {
        try {
            return new ArrayList<>(
                    Collections.list(EnvironmentBindings.class.getClassLoader().getResources(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
