package dev.seatbooking.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

class VirtualThreadCarriersTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private String before;

    @BeforeEach
    void clear() {
        before = System.clearProperty(VirtualThreadCarriers.PARALLELISM);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(VirtualThreadCarriers.PARALLELISM);
        } else {
            System.setProperty(VirtualThreadCarriers.PARALLELISM, before);
        }
    }

    @Test
    void withoutTheSettingTheJdkDefaultStays() {
        apply(new MockEnvironment());

        assertThat(System.getProperty(VirtualThreadCarriers.PARALLELISM)).isNull();
    }

    @Test
    void theConfiguredNumberPerCore() {
        apply(new MockEnvironment().withProperty("booking.virtual-threads.carriers-per-core", "2"));

        assertThat(System.getProperty(VirtualThreadCarriers.PARALLELISM)).isEqualTo(Integer.toString(2 * CORES));
    }

    @Test
    void zeroLeavesTheJdkDefault() {
        apply(new MockEnvironment().withProperty("booking.virtual-threads.carriers-per-core", "0"));

        assertThat(System.getProperty(VirtualThreadCarriers.PARALLELISM)).isNull();
    }

    @Test
    void aParallelismGivenToTheJvmWins() {
        System.setProperty(VirtualThreadCarriers.PARALLELISM, "3");

        apply(new MockEnvironment().withProperty("booking.virtual-threads.carriers-per-core", "4"));

        assertThat(System.getProperty(VirtualThreadCarriers.PARALLELISM)).isEqualTo("3");
    }

    /** Every service reads common.yml, whose default is four carriers per core. */
    @Test
    void aSpringApplicationWithTheServicesSettingsHasFourPerCore() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("spring.config.name", "common"));
        application.run().close();

        assertThat(System.getProperty(VirtualThreadCarriers.PARALLELISM)).isEqualTo(Integer.toString(4 * CORES));
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    private static void apply(MockEnvironment environment) {
        new VirtualThreadCarriers().postProcessEnvironment(environment, new SpringApplication());
    }
}
