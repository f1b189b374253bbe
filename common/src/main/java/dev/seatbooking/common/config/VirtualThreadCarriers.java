package dev.seatbooking.common.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Gives the JDK's virtual-thread scheduler several carrier threads per core instead of one.
 *
 * <p>Virtual threads are not time-sliced: one waits until a carrier is free. With one carrier per
 * core, whenever the operating system hands a core to the JVM's own threads (GC, JIT, Netty and AMQP
 * I/O) or to the other processes of a busy machine, every virtual thread queued on that carrier
 * waits with it. With more carriers the operating system time-slices them like platform threads.
 * Measured on 2 cores (wrk, 128 connections, SOLD_OUT answers, Temurin 25): one carrier per core
 * 13,893 answers/s with p99 362 ms; four 17,685/s with p99 135 ms; platform threads 15,871/s with
 * p99 109 ms (docs/benchmarks.md, lever 10).
 *
 * <p>The property must be set before the first virtual thread starts, so this runs with the
 * environment, before the application context; a {@code -Djdk.virtualThreadScheduler.parallelism}
 * given to the JVM wins.
 */
public class VirtualThreadCarriers implements EnvironmentPostProcessor {

    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // the services' default is in common.yml; an application without it keeps the JDK's scheduler
        int perCore = environment.getProperty("booking.virtual-threads.carriers-per-core", Integer.class, 0);
        if (System.getProperty(PARALLELISM) == null && perCore > 0) {
            System.setProperty(PARALLELISM, Integer.toString(perCore * Runtime.getRuntime().availableProcessors()));
        }
    }
}
