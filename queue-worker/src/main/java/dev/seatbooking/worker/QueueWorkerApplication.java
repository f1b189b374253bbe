package dev.seatbooking.worker;

import dev.seatbooking.common.config.CommonConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@Import(CommonConfiguration.class)
@EnableScheduling
public class QueueWorkerApplication {

    /** The service reads queue-worker.yml (not application.yml), so all three can share one classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=queue-worker";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(QueueWorkerApplication.class).properties(CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
