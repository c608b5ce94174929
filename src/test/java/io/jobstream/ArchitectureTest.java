package io.jobstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of ARCHITECTURE.md, checked on every build. */
@AnalyzeClasses(packages = "io.jobstream", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyMessagingKnowsKafka = noClasses()
            .that().resideOutsideOfPackage("io.jobstream.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("reactor.kafka..", "org.apache.kafka..")
            .because("reactor-kafka is discontinued upstream; swapping it must touch one package");

    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices()
            .matching("io.jobstream.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheHttpApi = noClasses()
            .that().resideOutsideOfPackage("io.jobstream.api..")
            .should().dependOnClassesThat().resideInAPackage("io.jobstream.api..");

    @ArchTest
    static final ArchRule messagingIsReachedOnlyThroughPorts = noClasses()
            .that().resideOutsideOfPackage("io.jobstream.messaging..")
            .should().dependOnClassesThat().resideInAPackage("io.jobstream.messaging..")
            .because("dispatch defines the ports; messaging implements them");

    @ArchTest
    static final ArchRule repositoriesStayInsideTheirFeature = classes()
            .that().haveSimpleNameEndingWith("Repository")
            .should().notBePublic();

    @ArchTest
    static final ArchRule handlersStayInsideTheApi = classes()
            .that().haveSimpleNameEndingWith("Handler")
            .should().notBePublic()
            .andShould().resideInAPackage("io.jobstream.api..");

    @ArchTest
    static final ArchRule sqlStaysInRepositories = noClasses()
            .that().haveSimpleNameNotEndingWith("Repository")
            .and().resideOutsideOfPackages("io.jobstream.system..", "io.jobstream.progress..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.r2dbc.core.DatabaseClient")
            .because("SQL lives in repositories; progress holds the one LISTEN connection");
}
