package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.seatbooking.common.messaging.DrainFence;
import dev.seatbooking.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;

/** Each consumer answers cache-service's drain fence for itself, and hands on one it already answered. */
class DrainFenceTest extends WorkerIntegrationTest {

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private MessageConverter converter;

    @Autowired
    private AmqpAdmin admin;

    @Test
    void eachConsumerAnswersForItselfAndHandsOnAFenceItAlreadyAnswered() {
        String first = passedBy(Set.of());
        String second = passedBy(Set.of(first));

        assertThat(second).isNotEqualTo(first);
        // the worker runs two consumers (WORKER_CONCURRENCY): a fence both answered has nobody to answer it
        assertThat(ask(Set.of(first, second))).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> queueInfo().getMessageCount() == 0);
        assertThat(queueInfo().getConsumerCount()).isEqualTo(2);
        assertThat(rabbit.receive(names.deadLetterQueue())).isNull();
    }

    private QueueInformation queueInfo() {
        return admin.getQueueInfo(names.commandQueue());
    }

    private String passedBy(Set<String> passed) {
        Object answer = ask(passed);
        assertThat(answer).isInstanceOf(DrainFence.Passed.class);
        return ((DrainFence.Passed) answer).consumerTag();
    }

    /** As cache-service asks: a fence nobody answered by its deadline is dropped, not dead-lettered. */
    private Object ask(Set<String> passed) {
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMessageConverter(converter);
        template.setReplyTimeout(2_000);
        return template.convertSendAndReceive("", names.commandQueue(),
                new DrainFence(passed, Instant.now().plusSeconds(2)));
    }
}
