package dev.seatbooking.common.redis;

import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import org.redisson.client.RedisException;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What the two services that use Redis (booking-service and cache-service) share: the Redisson
 * client's settings and a 503 for a Redis that does not answer. Imported by those two only, so that
 * queue-worker carries no Redis client at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisClientProperties.class)
@Import(RedisConfiguration.RedisFaults.class)
public class RedisConfiguration {

    /**
     * REDIS_PASSWORD is optional; left empty, Redisson would still send {@code AUTH ""}, which a
     * Redis without a password refuses. The client's threads and pool come from
     * {@link RedisClientProperties}.
     */
    @Bean
    RedissonAutoConfigurationCustomizer redissonClient(RedisClientProperties client) {
        return config -> {
            if (!StringUtils.hasText(config.getPassword())) {
                config.setPassword(null);
            }
            config.setNettyThreads(client.nettyThreads());
            // a sentinel or cluster set up through spring.data.redis keeps Redisson's pool defaults
            if (config.isSingleConfig()) {
                config.useSingleServer()
                        .setConnectionPoolSize(client.connectionPoolSize())
                        .setConnectionMinimumIdleSize(client.connectionMinimumIdleSize());
            }
        };
    }

    /**
     * Redis out of reach (or its reply lost) leaves no safe answer: 503. Ahead of
     * {@link ApiExceptionHandler}, whose catch-all would otherwise answer first.
     */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class RedisFaults {

        private static final Logger log = LoggerFactory.getLogger(RedisFaults.class);

        @ExceptionHandler({RedisConnectionFailureException.class, RedisException.class})
        ResponseEntity<Object> handleRedisFault(Exception ex) {
            log.warn("Redis fault, answering 503", ex);
            return ApiExceptionHandler.answer(ErrorCode.SERVICE_UNAVAILABLE,
                    "A backing service is unavailable, please retry shortly");
        }
    }
}
