package dev.seatbooking.booking.booking;

import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandMessagingConfiguration {

    /**
     * Request/reply over RabbitMQ's direct reply-to: no reply queue to manage, and replies that
     * arrive after the 202 was sent are simply dropped. Mandatory publishing turns a command that
     * no queue took into a failed future instead of a silent loss.
     */
    @Bean
    AsyncRabbitTemplate asyncRabbitTemplate(RabbitTemplate rabbitTemplate, ReservationProperties properties) {
        AsyncRabbitTemplate template = new AsyncRabbitTemplate(rabbitTemplate);
        template.setEnableConfirms(true);
        template.setMandatory(true);
        template.setReceiveTimeout(properties.confirmWait().plus(properties.publishConfirmTimeout()).toMillis());
        return template;
    }
}
