package dev.seatbooking.common.testsupport;

import java.util.stream.Stream;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Every Spring application a test JVM starts tells {@link TestInfrastructure} which of this run's
 * queues it declares, so that they are deleted at exit with the rest of the run: the services'
 * topologies grow (webhook retry queues, one per back-off), and a list kept by hand here would fall
 * behind them. Registered in this test-jar's META-INF/spring.factories.
 */
public class DeclaredQueues implements ApplicationListener<ContextRefreshedEvent> {

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        ApplicationContext context = event.getApplicationContext();
        Stream.concat(context.getBeansOfType(Queue.class).values().stream(),
                        context.getBeansOfType(Declarables.class).values().stream()
                                .flatMap(declarables -> declarables.getDeclarablesByType(Queue.class).stream()))
                // an exclusive or auto-delete queue goes with its connection, and only its own may delete it
                .filter(queue -> !queue.isExclusive() && !queue.isAutoDelete())
                .map(Queue::getName)
                .forEach(TestInfrastructure::deleteAtExit);
    }
}
