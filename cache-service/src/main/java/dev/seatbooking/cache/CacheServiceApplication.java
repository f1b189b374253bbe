package dev.seatbooking.cache;

import dev.seatbooking.common.config.CommonConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@Import(CommonConfiguration.class)
@EnableConfigurationProperties(CacheProperties.class)
@EnableScheduling
public class CacheServiceApplication {

    /** The service reads cache-service.yml (not application.yml), so all three can share one classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=cache-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CacheServiceApplication.class).properties(CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
