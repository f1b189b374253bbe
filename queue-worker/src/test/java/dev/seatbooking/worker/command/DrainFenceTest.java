package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import dev.seatbooking.common.messaging.DrainFence;
import dev.seatbooking.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
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

    @Test
    void eachConsumerAnswersForItselfAndHandsOnAFenceItAlreadyAnswered() {
        String first = passedBy(Set.of());
        String second = passedBy(Set.of(first));

        assertThat(second).isNotEqualTo(first);
        // the worker runs two consumers (WORKER_CONCURRENCY): a fence both answered has nobody to answer it
        assertThat(ask(new DrainFence(Set.of(first, second)))).isNull();
    }

    private String passedBy(Set<String> passed) {
        Object answer = ask(new DrainFence(passed));
        assertThat(answer).isInstanceOf(DrainFence.Passed.class);
        return ((DrainFence.Passed) answer).consumerTag();
    }

    /** As cache-service asks: the fence expires with the wait, so one nobody answers does not linger. */
    private Object ask(DrainFence fence) {
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMessageConverter(converter);
        template.setReplyTimeout(2_000);
        return template.convertSendAndReceive("", names.commandQueue(), fence, message -> {
            message.getMessageProperties().setExpiration("2000");
            return message;
        });
    }
}
