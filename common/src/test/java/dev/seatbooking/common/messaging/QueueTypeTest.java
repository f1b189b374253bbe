package dev.seatbooking.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import dev.seatbooking.common.messaging.MessagingProperties.QueueType;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** BOOKING_QUEUE_TYPE: classic by default, quorum for a replicated deployment. */
class QueueTypeTest {

    @Test
    void theQueueTypeIsClassicUnlessQuorumIsAsked() {
        assertThat(bind(Map.of()).queueType()).isEqualTo(QueueType.CLASSIC);
        assertThat(bind(Map.of("booking.messaging.queue-type", "quorum")).queueType()).isEqualTo(QueueType.QUORUM);
    }

    @Test
    void classicQueuesAreDeclaredWithoutAType() {
        assertThat(queues(new MessagingProperties("classic-test", QueueType.CLASSIC)))
                .allSatisfy(queue -> assertThat(queue.getArguments()).doesNotContainKey("x-queue-type"))
                .hasSize(4);
    }

    /** Declared on the real broker, with the command and due expiry queues' dead-letter arguments, then removed. */
    @Test
    void quorumQueuesAreDeclaredAsQuorumQueuesKeepingTheirDeadLetterSettings() {
        MessagingProperties names = new MessagingProperties("test." + TestInfrastructure.RUN_ID + ".quorum",
                QueueType.QUORUM);
        List<Queue> queues = queues(names);
        assertThat(queues).hasSize(4)
                .allSatisfy(queue -> assertThat(queue.getArguments()).containsEntry("x-queue-type", "quorum"));

        Map<String, String> infra = TestInfrastructure.properties();
        CachingConnectionFactory connections = new CachingConnectionFactory(infra.get("spring.rabbitmq.host"),
                Integer.parseInt(infra.get("spring.rabbitmq.port")));
        connections.setUsername(infra.get("spring.rabbitmq.username"));
        connections.setPassword(infra.get("spring.rabbitmq.password"));
        RabbitAdmin admin = new RabbitAdmin(connections);
        try {
            for (Declarable declarable : new MessagingConfiguration().bookingTopology(names).getDeclarables()) {
                if (declarable instanceof Queue queue) {
                    admin.declareQueue(queue);
                }
            }
            assertThat(admin.getQueueInfo(names.commandQueue())).isNotNull();
            // the broker refuses to see it as anything but a quorum queue
            assertThatThrownBy(() -> admin.declareQueue(QueueBuilder.durable(names.cacheOutcomeQueue())
                    .withArgument("x-queue-type", "classic").build()))
                    .hasStackTraceContaining("inequivalent arg 'x-queue-type'");
        } finally {
            queues.forEach(queue -> admin.deleteQueue(queue.getName()));
            connections.destroy();
        }
    }

    private static List<Queue> queues(MessagingProperties names) {
        return new MessagingConfiguration().bookingTopology(names).getDeclarablesByType(Queue.class);
    }

    /** As the services bind it: the given settings over common.yml, where the defaults are. */
    private static MessagingProperties bind(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", properties));
        try {
            new YamlPropertySourceLoader().load("common.yml", new ClassPathResource("common.yml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(environment).bindOrCreate("booking.messaging", MessagingProperties.class);
    }
}
