package dev.seatbooking.cache;

import dev.seatbooking.common.config.CommonConfiguration;
import dev.seatbooking.common.redis.RedisConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * What cache-service takes from common (the persistence model, the topology, Redis), its own
 * settings, and the schedule of its reconciliation passes.
 */
@Configuration(proxyBeanMethods = false)
@Import({CommonConfiguration.class, RedisConfiguration.class})
@EnableConfigurationProperties({CacheProperties.class, SeatKeys.class})
@EnableScheduling
class CacheServiceConfiguration {
}
