package io.sluice.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The rules are only worth having if they can fail: run them against a fixture that breaks them. */
class ArchitectureRulesCanFailTest {

    private static final String FIXTURE = "io.sluice.archfixture";

    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void an_adapter_importing_another_adapter_fails_the_independence_rule() {
        assertThatThrownBy(() -> ArchitectureTest.adaptersAreIndependent(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("KafkaThingThatImportsChronicle")
                .hasMessageContaining("ChronicleThing");
    }

    @Test
    void a_route_a_metric_series_or_a_port_implementation_in_bootstrap_fails_the_wiring_only_rule() {
        assertThatThrownBy(() -> ArchitectureTest.bootstrapIsWiringOnly(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("RouteInBootstrap")
                .hasMessageContaining("MetricsInBootstrap")
                .hasMessageContaining("PortInBootstrap");
    }

    @Test
    void a_rule_over_a_mistyped_package_fails_instead_of_passing() {
        assertThatThrownBy(() -> ArchitectureTest.adaptersAreIndependent("io.sluice.no_such_package").check(fixture))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ArchitectureTest.theCoreKnowsNoRecordFormat("io.sluice.no_such_package").check(fixture))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ArchitectureTest.onlyTheBufferAndTheDeadLetterStoreKnowTheRecordFormat("io.sluice.no_such_package")
                .check(fixture)).isInstanceOf(AssertionError.class);
    }

    @Test
    void a_domain_class_using_the_record_format_fails_the_core_rule() {
        assertThatThrownBy(() -> ArchitectureTest.theCoreKnowsNoRecordFormat(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DomainThingThatReadsTheRecordFormat")
                .hasMessageContaining("RecordFormatThing");
    }

    @Test
    void an_http_adapter_using_the_record_format_fails_the_format_rule_and_a_buffer_adapter_does_not() {
        assertThatThrownBy(() -> ArchitectureTest.onlyTheBufferAndTheDeadLetterStoreKnowTheRecordFormat(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("HttpThingThatWritesTheRecordFormat")
                .hasMessageNotContaining("KafkaThingThatWritesTheRecordFormat");
    }

    @Test
    void a_buffer_adapter_using_the_record_format_is_no_breach_of_independence() {
        assertThatThrownBy(() -> ArchitectureTest.adaptersAreIndependent(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining("KafkaThingThatWritesTheRecordFormat");
    }
}
