package io.sluice.bootstrap.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second wall (Maven's module graph is the first): what Maven cannot see. Every rule fails on
 * an empty selection (ArchUnit's default {@code failOnEmptyShould}), so a mistyped package fails
 * the build instead of passing silently.
 */
class ArchitectureTest {

    static final String ROOT = "io.sluice";

    private static JavaClasses sluice;

    @BeforeAll
    static void importSluice() {
        sluice = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test jars (fixtures and fakes shared between modules) are test code too.
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages(ROOT);
    }

    /** The hexagon: dependencies point inward, and only bootstrap sees every adapter. */
    static ArchRule layersPointInward(String root) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Domain").definedBy(root + ".domain..")
                .layer("Application").definedBy(root + ".application..")
                .layer("Adapters").definedBy(root + ".adapters..")
                .layer("Bootstrap").definedBy(root + ".bootstrap..")
                .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Application").mayOnlyBeAccessedByLayers("Adapters", "Bootstrap")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Application", "Adapters", "Bootstrap")
                .because("dependencies point inward (DESIGN §1)");
    }

    /**
     * Adapters are plugged in by bootstrap and never know each other. The record format is the one
     * thing adapters share (the buffer adapters write it, the dead-letter store keeps it): it is a
     * format, not an adapter, and who may use it is {@link #onlyTheBufferAndTheDeadLetterStoreKnowTheRecordFormat}.
     */
    static ArchRule adaptersAreIndependent(String root) {
        return slices().matching(root + ".adapters.(*)..").should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAPackage(recordFormat(root)))
                .because("an adapter depends on the application and its one technology only");
    }

    /**
     * Bootstrap is wiring, configuration and commands: the routes it serves and the metric series it
     * exports are defined in adapters (or in loadgen, the benchmark's reference route), never in it.
     */
    static ArchRule bootstrapIsWiringOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".bootstrap..")
                .should().beAnnotatedWith(Path.class)
                .orShould().dependOnClassesThat().resideInAPackage("io.prometheus.metrics.core.metrics..")
                .orShould().implement(JavaClass.Predicates.resideInAPackage(root + ".application.port.out.."))
                .because("bootstrap wires adapters: a route is an HTTP adapter's (or loadgen's), a metric series "
                        + "adapters-prometheus', an outbound port's implementation an adapter module's; bootstrap "
                        + "only builds them and registers the exporters");
    }

    static final ArchRule BOOTSTRAP_IS_WIRING_CONFIGURATION_AND_COMMANDS_ONLY = bootstrapIsWiringOnly(ROOT);

    /** The buffer's record format (adapters-record-format). */
    static String recordFormat(String root) {
        return root + ".adapters.recordformat..";
    }

    /** Whether the consumer, a replay or ingress works on an event does not depend on how the buffer writes it. */
    static ArchRule theCoreKnowsNoRecordFormat(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .should().dependOnClassesThat().resideInAPackage(recordFormat(root))
                .because("the buffer's record format is a wire format: the domain and the application work on "
                        + "BufferedRecord and RecordDraft, the buffer adapters encode them");
    }

    /**
     * Over an empty selection (a mistyped format package) this rule fails, and with it the
     * mistyped {@link #theCoreKnowsNoRecordFormat}, which shares the package name.
     */
    static ArchRule onlyTheBufferAndTheDeadLetterStoreKnowTheRecordFormat(String root) {
        String deadLetterStore = root + ".adapters.postgres.DeadLetterStore";
        DescribedPredicate<JavaClass> theDeadLetterStore = DescribedPredicate.describe("are " + deadLetterStore,
                c -> c.getName().equals(deadLetterStore) || c.getName().startsWith(deadLetterStore + "$"));
        return classes().that().resideInAPackage(recordFormat(root))
                .should().onlyBeAccessed().byClassesThat(JavaClass.Predicates.resideInAnyPackage(recordFormat(root),
                        root + ".adapters.kafka..", root + ".adapters.chronicle..").or(theDeadLetterStore))
                .because("the record format is the buffer's (Kafka, Chronicle Queue) and the dead letters' payload: HTTP parses "
                        + "requests into drafts, the store writes events, neither knows how the buffer encodes them");
    }

    static final ArchRule DOMAIN_DEPENDS_ON_THE_JDK_ONLY = classes().that().resideInAPackage(ROOT + ".domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", ROOT + ".domain..")
            .because("the domain is pure Java (the JDK's own javax.crypto included, for keyed PII hashes): "
                    + "no framework, no annotations, no technology");

    static final ArchRule APPLICATION_DEPENDS_ON_THE_DOMAIN_ONLY = classes().that().resideInAPackage(ROOT + ".application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".domain..", ROOT + ".application..")
            .because("use cases and ports know the domain and nothing else");

    static final ArchRule DOMAIN_AND_APPLICATION_READ_NO_CLOCK = noClasses().that()
            .resideInAnyPackage(ROOT + ".domain..", ROOT + ".application..")
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("time is passed in from bootstrap (a Clock), so the core stays deterministic");

    static final ArchRule ARCHIVE_ADAPTER_KNOWS_OBJECT_STORAGE_ONLY = classes().that().resideInAPackage(ROOT + ".adapters.archive..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", ROOT + ".application..", ROOT + ".domain..",
                    ROOT + ".adapters.archive..", "org.duckdb..", "software.amazon.awssdk..", "com.fasterxml.jackson..")
            .because("the archive adapter is one technology family (Parquet on object storage) behind the archive ports");

    static final ArchRule NO_CYCLES = slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
            .because("packages form a directed graph");

    /** Sealed interfaces in the port packages are outcome values (ItemOutcome), not ports. */
    private static final DescribedPredicate<JavaClass> PORT_INTERFACES = DescribedPredicate.describe(
            "are port interfaces (not sealed value hierarchies)", c -> c.isInterface() && !c.reflect().isSealed());

    static final ArchRule INBOUND_PORTS_ARE_USE_CASES = classes().that().resideInAPackage(ROOT + ".application.port.in")
            .and(PORT_INTERFACES).should().haveSimpleNameEndingWith("UseCase")
            .because("inbound ports are <Verb><Noun>UseCase (STYLE.md)");

    static final ArchRule OUTBOUND_PORTS_ARE_PORTS = classes().that().resideInAPackage(ROOT + ".application.port.out")
            .and(PORT_INTERFACES).should().haveSimpleNameEndingWith("Port")
            .because("outbound ports are <Verb><Noun>Port (STYLE.md)");

    static final ArchRule NO_DUMPING_GROUNDS = noClasses().should()
            .resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..", "..manager..")
            .because("things are named for what they do");

    static final ArchRule ONLY_BOOTSTRAP_KNOWS_DROPWIZARD_APPLICATION = noClasses().that()
            .resideOutsideOfPackage(ROOT + ".bootstrap..")
            .should().dependOnClassesThat().resideInAnyPackage("io.dropwizard.core..")
            .because("only bootstrap knows Dropwizard's Application and configuration");

    @Test
    void layers_point_inward() {
        layersPointInward(ROOT).check(sluice);
    }

    @Test
    void adapters_are_independent() {
        adaptersAreIndependent(ROOT).check(sluice);
    }

    @Test
    void bootstrap_is_wiring_configuration_and_commands_only() {
        BOOTSTRAP_IS_WIRING_CONFIGURATION_AND_COMMANDS_ONLY.check(sluice);
    }

    @Test
    void the_domain_and_the_application_know_no_record_format() {
        theCoreKnowsNoRecordFormat(ROOT).check(sluice);
    }

    @Test
    void only_the_buffer_adapters_and_the_dead_letter_store_know_the_record_format() {
        onlyTheBufferAndTheDeadLetterStoreKnowTheRecordFormat(ROOT).check(sluice);
    }

    @Test
    void domain_depends_on_the_jdk_only() {
        DOMAIN_DEPENDS_ON_THE_JDK_ONLY.check(sluice);
    }

    @Test
    void application_depends_on_the_domain_only() {
        APPLICATION_DEPENDS_ON_THE_DOMAIN_ONLY.check(sluice);
    }

    @Test
    void domain_and_application_read_no_clock() {
        DOMAIN_AND_APPLICATION_READ_NO_CLOCK.check(sluice);
    }

    @Test
    void archive_adapter_knows_object_storage_only() {
        ARCHIVE_ADAPTER_KNOWS_OBJECT_STORAGE_ONLY.check(sluice);
    }

    @Test
    void packages_are_free_of_cycles() {
        NO_CYCLES.check(sluice);
    }

    @Test
    void inbound_ports_are_use_cases() {
        INBOUND_PORTS_ARE_USE_CASES.check(sluice);
    }

    @Test
    void outbound_ports_are_ports() {
        OUTBOUND_PORTS_ARE_PORTS.check(sluice);
    }

    @Test
    void no_dumping_ground_packages() {
        NO_DUMPING_GROUNDS.check(sluice);
    }

    @Test
    void only_bootstrap_knows_dropwizard_application() {
        ONLY_BOOTSTRAP_KNOWS_DROPWIZARD_APPLICATION.check(sluice);
    }

    @Test
    void no_generic_exceptions_or_java_util_logging() {
        GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS.check(sluice);
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(sluice);
    }
}
